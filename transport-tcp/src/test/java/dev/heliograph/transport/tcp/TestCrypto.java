package dev.heliograph.transport.tcp;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.RsaPublicKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in provider over JCA offering only what the transport needs (AES-256-CTR, SHA-256),
 * until the project's crypto providers are on main; then it goes away.
 */
public final class TestCrypto implements CryptoProvider {

    /** The shared instance. */
    public static final TestCrypto INSTANCE = new TestCrypto();

    private TestCrypto() {
    }

    @Override
    public String name() {
        return "jca-test";
    }

    @Override
    public AesCtr aesCtr(byte[] key, byte[] iv) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return (in, inOffset, length, out, outOffset) -> {
                try {
                    cipher.update(in, inOffset, length, out, outOffset);
                } catch (ShortBufferException e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Digest sha256() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return new Digest() {
                @Override
                public Digest update(byte[] data, int offset, int length) {
                    md.update(data, offset, length);
                    return this;
                }

                @Override
                public byte[] digest() {
                    return md.digest();
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void aesIgeEncrypt(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void aesIgeDecrypt(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Digest sha1() {
        throw new UnsupportedOperationException();
    }

    @Override
    public BigInteger modPow(BigInteger base, BigInteger exponent, BigInteger modulus) {
        throw new UnsupportedOperationException();
    }

    @Override
    public byte[] rsaPublic(RsaPublicKey key, byte[] block) {
        throw new UnsupportedOperationException();
    }

    @Override
    public byte[] rsaPrivate(RsaPrivateKey key, byte[] block) {
        throw new UnsupportedOperationException();
    }
}
