package dev.heliograph.crypto.impl;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.error.CryptoException;
import java.math.BigInteger;
import java.security.MessageDigest;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CTRModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * A {@link CryptoProvider} on the Bouncy Castle lightweight API ({@link AESEngine},
 * {@link SICBlockCipher}, {@link SHA1Digest}, {@link SHA256Digest}) with {@link BigInteger} for RSA
 * and Diffie-Hellman. It does not depend on the JCA provider set-up of the running JVM.
 *
 * <p>AES-IGE runs block by block on the engine (Bouncy Castle has no bulk chaining that would do
 * better). The expanded AES keys are cached per thread for the last key used in each direction.
 */
public final class BouncyCastleCryptoProvider extends AbstractCryptoProvider {

    private static final ThreadLocal<Engines> ENGINES = ThreadLocal.withInitial(Engines::new);

    /** Creates the provider. */
    public BouncyCastleCryptoProvider() {
        // Stateless: the per-thread engines are created lazily.
    }

    @Override
    public String name() {
        return "bouncycastle";
    }

    @Override
    void igeEncryptChecked(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out,
            int outOffset) {
        igeEncrypt(key, iv, in, inOffset, length, out, outOffset);
    }

    @Override
    void igeDecryptChecked(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out,
            int outOffset) {
        igeDecrypt(key, iv, in, inOffset, length, out, outOffset);
    }

    /** IGE encryption for any AES key size (the public method insists on AES-256). */
    static void igeEncrypt(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out,
            int outOffset) {
        Engines engines = ENGINES.get();
        chain(engines.encryptor(key), engines.block, iv, 0, 16, in, inOffset, length, out, outOffset);
    }

    /** IGE decryption for any AES key size (the public method insists on AES-256). */
    static void igeDecrypt(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out,
            int outOffset) {
        Engines engines = ENGINES.get();
        chain(engines.decryptor(key), engines.block, iv, 16, 0, in, inOffset, length, out, outOffset);
    }

    /**
     * The IGE chain, which is the same in both directions: {@code out_i = F(in_i XOR out_{i-1})
     * XOR in_{i-1}}; encryption starts from {@code out_{-1} = iv1, in_{-1} = iv2} and decryption
     * from {@code out_{-1} = iv2, in_{-1} = iv1}.
     */
    private static void chain(BlockCipher engine, byte[] block, byte[] iv, int prevOutAt, int prevInAt,
            byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        long o0 = Blocks.get(iv, prevOutAt);
        long o1 = Blocks.get(iv, prevOutAt + 8);
        long i0 = Blocks.get(iv, prevInAt);
        long i1 = Blocks.get(iv, prevInAt + 8);
        for (int i = 0; i < length; i += 16) {
            long x0 = Blocks.get(in, inOffset + i);
            long x1 = Blocks.get(in, inOffset + i + 8);
            Blocks.set(block, 0, x0 ^ o0);
            Blocks.set(block, 8, x1 ^ o1);
            engine.processBlock(block, 0, block, 0);
            o0 = Blocks.get(block, 0) ^ i0;
            o1 = Blocks.get(block, 8) ^ i1;
            Blocks.set(out, outOffset + i, o0);
            Blocks.set(out, outOffset + i + 8, o1);
            i0 = x0;
            i1 = x1;
        }
    }

    @Override
    AesCtr aesCtrChecked(byte[] key, byte[] iv) {
        CTRModeCipher ctr = SICBlockCipher.newInstance(AESEngine.newInstance());
        ctr.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        return ctr::processBytes;
    }

    @Override
    public Digest sha1() {
        return new BcDigest(new SHA1Digest());
    }

    @Override
    public Digest sha256() {
        return new BcDigest(new SHA256Digest());
    }

    @Override
    public String toString() {
        return "BouncyCastleCryptoProvider";
    }

    /** A Bouncy Castle digest behind the SPI's digest interface. */
    private static final class BcDigest extends CheckedDigest {
        private final org.bouncycastle.crypto.Digest digest;

        BcDigest(org.bouncycastle.crypto.Digest digest) {
            this.digest = digest;
        }

        @Override
        void updateChecked(byte[] data, int offset, int length) {
            digest.update(data, offset, length);
        }

        @Override
        public byte[] digest() {
            byte[] out = new byte[digest.getDigestSize()];
            digest.doFinal(out, 0);
            return out;
        }
    }

    /** One thread's AES engines, keyed for the last key used in each direction. */
    private static final class Engines {
        final byte[] block = new byte[16];
        private final BlockCipher encryptor = AESEngine.newInstance();
        private final BlockCipher decryptor = AESEngine.newInstance();
        private byte[] encryptKey;
        private byte[] decryptKey;

        BlockCipher encryptor(byte[] key) {
            if (encryptKey == null || !MessageDigest.isEqual(encryptKey, key)) {
                encryptKey = null;
                init(encryptor, true, key);
                encryptKey = key.clone();
            }
            return encryptor;
        }

        BlockCipher decryptor(byte[] key) {
            if (decryptKey == null || !MessageDigest.isEqual(decryptKey, key)) {
                decryptKey = null;
                init(decryptor, false, key);
                decryptKey = key.clone();
            }
            return decryptor;
        }

        private static void init(BlockCipher engine, boolean forEncryption, byte[] key) {
            try {
                engine.init(forEncryption, new KeyParameter(key));
            } catch (IllegalArgumentException e) {
                throw new CryptoException("bad AES key", e);
            }
        }
    }
}
