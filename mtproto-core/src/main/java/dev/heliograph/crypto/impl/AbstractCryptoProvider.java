package dev.heliograph.crypto.impl;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.RsaPublicKey;
import java.math.BigInteger;
import java.util.Objects;

/**
 * What every provider shares: the argument checks of the SPI (so all providers reject bad input
 * with the same {@link dev.heliograph.error.CryptoException} messages) and the arithmetic, which
 * is {@link BigInteger} everywhere because neither JCA nor Bouncy Castle offers a faster raw RSA or
 * modPow. Subclasses only supply the AES and SHA engines, and receive arguments already checked.
 */
abstract class AbstractCryptoProvider implements CryptoProvider {

    @Override
    public final void aesIgeEncrypt(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out,
            int outOffset) {
        checkIge(key, iv, in, inOffset, length, out, outOffset);
        igeEncryptChecked(key, iv, in, inOffset, length, out, outOffset);
    }

    @Override
    public final void aesIgeDecrypt(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out,
            int outOffset) {
        checkIge(key, iv, in, inOffset, length, out, outOffset);
        igeDecryptChecked(key, iv, in, inOffset, length, out, outOffset);
    }

    private static void checkIge(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out,
            int outOffset) {
        Args.aesKey(key);
        Args.iv(iv, 32, "AES-IGE");
        Args.blocks(in, inOffset, length, out, outOffset);
    }

    /** AES-256-IGE encryption of arguments {@link #aesIgeEncrypt} has checked. */
    abstract void igeEncryptChecked(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out,
            int outOffset);

    /** AES-256-IGE decryption of arguments {@link #aesIgeDecrypt} has checked. */
    abstract void igeDecryptChecked(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out,
            int outOffset);

    @Override
    public final AesCtr aesCtr(byte[] key, byte[] iv) {
        Args.aesKey(key);
        Args.iv(iv, 16, "AES-CTR");
        AesCtr ctr = aesCtrChecked(key, iv);
        return (in, inOffset, length, out, outOffset) -> {
            Args.range(in, inOffset, length);
            Args.range(out, outOffset, length);
            ctr.update(in, inOffset, length, out, outOffset);
        };
    }

    /** An AES-256-CTR stream for a checked key and IV; the returned stream need not check ranges. */
    abstract AesCtr aesCtrChecked(byte[] key, byte[] iv);

    @Override
    public final BigInteger modPow(BigInteger base, BigInteger exponent, BigInteger modulus) {
        Args.modPow(base, exponent, modulus);
        return base.modPow(exponent, modulus);
    }

    @Override
    public final byte[] rsaPublic(RsaPublicKey key, byte[] block) {
        Objects.requireNonNull(key, "key is null");
        return rsa(block, key.exponent(), key.modulus());
    }

    @Override
    public final byte[] rsaPrivate(RsaPrivateKey key, byte[] block) {
        Objects.requireNonNull(key, "key is null");
        return rsa(block, key.privateExponent(), key.publicKey().modulus());
    }

    private static byte[] rsa(byte[] block, BigInteger exponent, BigInteger modulus) {
        BigInteger value = Args.rsaBlock(modulus, block);
        return Args.toBlock(value.modPow(exponent, modulus));
    }

    /** A digest whose {@link #update} checks the range before the engine sees it. */
    abstract static class CheckedDigest implements Digest {

        @Override
        public final Digest update(byte[] data, int offset, int length) {
            Args.range(data, offset, length);
            updateChecked(data, offset, length);
            return this;
        }

        /** Feeds a range {@link #update} has checked to the engine. */
        abstract void updateChecked(byte[] data, int offset, int length);
    }
}
