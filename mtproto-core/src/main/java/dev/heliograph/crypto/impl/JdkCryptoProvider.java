package dev.heliograph.crypto.impl;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.error.CryptoException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link CryptoProvider} on the JDK's own JCA providers ({@code SunJCE}, {@code SUN}), whose AES,
 * SHA and {@link BigInteger} arithmetic the HotSpot JIT replaces with CPU instructions (AES-NI,
 * SHA extensions, Montgomery multiplication intrinsics).
 *
 * <p>AES-IGE encryption is done with one bulk AES-CBC call per 4 KiB chunk: with
 * {@code x_i = p_i XOR p_{i-2}} (where {@code p_{-2}, p_{-1}} are the two IV halves) a CBC chain
 * with a zero IV yields {@code y_i = c_i XOR p_{i-1}}, so IGE costs CBC plus two XOR passes, and
 * the CBC loop runs inside the JIT's AES-NI intrinsic.
 * IGE decryption has no such form (each AES input needs the previous plaintext) and runs block by
 * block. AES ciphers are cached per thread for the last key used, so repeated calls with the same
 * key skip the key schedule.
 */
public final class JdkCryptoProvider extends AbstractCryptoProvider {

    /** How AES-IGE encryption drives the JCA cipher. */
    public enum IgeStrategy {
        /** One AES-CBC call per 4 KiB chunk with XOR pre- and post-processing (the default). */
        BULK_CBC,
        /** One AES-ECB call per 16-byte block, for comparison in benchmarks. */
        PER_BLOCK
    }

    private static final int CHUNK = 4 * 1024;
    private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[16]);
    private static final ThreadLocal<AesState> STATE = ThreadLocal.withInitial(AesState::new);

    private final IgeStrategy strategy;
    private final MessageDigest sha1Prototype;
    private final MessageDigest sha256Prototype;

    /** Creates the provider with the bulk-CBC IGE strategy. */
    public JdkCryptoProvider() {
        this(IgeStrategy.BULK_CBC);
    }

    /**
     * Creates the provider with a chosen IGE encryption strategy.
     *
     * @param strategy how to run AES-IGE encryption
     */
    public JdkCryptoProvider(IgeStrategy strategy) {
        this.strategy = Objects.requireNonNull(strategy, "strategy is null");
        try {
            this.sha1Prototype = MessageDigest.getInstance("SHA-1");
            this.sha256Prototype = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new CryptoException("the JDK lacks SHA-1 or SHA-256", e);
        }
    }

    @Override
    public String name() {
        return strategy == IgeStrategy.BULK_CBC ? "jdk" : "jdk-per-block";
    }

    @Override
    void igeEncryptChecked(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out,
            int outOffset) {
        igeEncrypt(strategy, key, iv, in, inOffset, length, out, outOffset);
    }

    @Override
    void igeDecryptChecked(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out,
            int outOffset) {
        igeDecrypt(key, iv, in, inOffset, length, out, outOffset);
    }

    /** IGE encryption for any AES key size (the public method insists on AES-256). */
    static void igeEncrypt(IgeStrategy strategy, byte[] key, byte[] iv, byte[] in, int inOffset, int length,
            byte[] out, int outOffset) {
        if (length == 0) {
            return;
        }
        AesState state = STATE.get();
        try {
            if (strategy == IgeStrategy.BULK_CBC) {
                igeEncryptBulk(state, key, iv, in, inOffset, length, out, outOffset);
            } else {
                chainPerBlock(state.ecbEncryptor(key), state.block, state.blockOut, iv, 0, 16, in, inOffset, length,
                        out, outOffset);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            state.forget();
            throw new CryptoException("AES-IGE encryption failed", e);
        }
    }

    private static void igeEncryptBulk(AesState state, byte[] key, byte[] iv, byte[] in, int inOffset,
            int length, byte[] out, int outOffset) throws GeneralSecurityException {
        Cipher cbc = state.cbcEncryptor(key);
        byte[] x = state.scratch;
        byte[] y = state.scratchOut;
        // history = p_{-2} || p_{-1} relative to the current chunk. The cipher is never reset
        // (doFinal costs more than update), so its chaining value from the previous call is folded
        // into p_{-2}: the first AES input must be p_0 XOR iv1.
        byte[] history = state.history;
        byte[] next = state.nextHistory;
        byte[] chain = state.chain;
        Blocks.set(history, 0, Blocks.get(iv, 0) ^ Blocks.get(chain, 0));
        Blocks.set(history, 8, Blocks.get(iv, 8) ^ Blocks.get(chain, 8));
        System.arraycopy(iv, 16, history, 16, 16);
        for (int done = 0; done < length; ) {
            int n = Math.min(CHUNK, length - done);
            int src = inOffset + done;
            int dst = outOffset + done;
            int head = Math.min(32, n);
            Blocks.xor(in, src, history, 0, x, 0, head);
            Blocks.xor(in, src + 32, in, src, x, 32, n - head);
            done += n;
            // Distinct arrays: on in-place calls CipherCore would copy its input first.
            cbc.update(x, 0, n, y, 0);
            // Keep the chunk's last two plaintext blocks before the output may overwrite them.
            if (n >= 32) {
                System.arraycopy(in, src + n - 32, next, 0, 32);
            } else {
                System.arraycopy(history, 16, next, 0, 16);
                System.arraycopy(in, src, next, 16, 16);
            }
            Blocks.xorBackward(y, 16, in, src, out, dst + 16, n - 16);
            Blocks.xor(y, 0, history, 16, out, dst, 16);
            byte[] swap = history;
            history = next;
            next = swap;
        }
        System.arraycopy(y, (length - 1) % CHUNK / 16 * 16, chain, 0, 16);
    }

    /**
     * The IGE chain one block per AES call, the same in both directions as in
     * {@link BouncyCastleCryptoProvider}: {@code out_i = F(in_i XOR out_{i-1}) XOR in_{i-1}};
     * encryption starts from {@code out_{-1} = iv1, in_{-1} = iv2} and decryption from
     * {@code out_{-1} = iv2, in_{-1} = iv1}.
     */
    private static void chainPerBlock(Cipher ecb, byte[] block, byte[] result, byte[] iv, int prevOutAt,
            int prevInAt, byte[] in, int inOffset, int length, byte[] out, int outOffset)
            throws GeneralSecurityException {
        long o0 = Blocks.get(iv, prevOutAt);
        long o1 = Blocks.get(iv, prevOutAt + 8);
        long i0 = Blocks.get(iv, prevInAt);
        long i1 = Blocks.get(iv, prevInAt + 8);
        for (int i = 0; i < length; i += 16) {
            long x0 = Blocks.get(in, inOffset + i);
            long x1 = Blocks.get(in, inOffset + i + 8);
            Blocks.set(block, 0, x0 ^ o0);
            Blocks.set(block, 8, x1 ^ o1);
            ecb.update(block, 0, 16, result, 0);
            o0 = Blocks.get(result, 0) ^ i0;
            o1 = Blocks.get(result, 8) ^ i1;
            Blocks.set(out, outOffset + i, o0);
            Blocks.set(out, outOffset + i + 8, o1);
            i0 = x0;
            i1 = x1;
        }
    }

    /** IGE decryption for any AES key size (the public method insists on AES-256). */
    static void igeDecrypt(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out,
            int outOffset) {
        if (length == 0) {
            return;
        }
        AesState state = STATE.get();
        try {
            chainPerBlock(state.ecbDecryptor(key), state.block, state.blockOut, iv, 16, 0, in, inOffset, length,
                    out, outOffset);
        } catch (GeneralSecurityException | RuntimeException e) {
            state.forget();
            throw new CryptoException("AES-IGE decryption failed", e);
        }
    }

    @Override
    AesCtr aesCtrChecked(byte[] key, byte[] iv) {
        Cipher cipher;
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-CTR is unavailable", e);
        }
        return (in, inOffset, length, out, outOffset) -> {
            try {
                cipher.update(in, inOffset, length, out, outOffset);
            } catch (GeneralSecurityException e) {
                throw new CryptoException("AES-CTR failed", e);
            }
        };
    }

    @Override
    public Digest sha1() {
        return new JdkDigest(copy(sha1Prototype));
    }

    @Override
    public Digest sha256() {
        return new JdkDigest(copy(sha256Prototype));
    }

    private static MessageDigest copy(MessageDigest prototype) {
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance(prototype.getAlgorithm());
            } catch (NoSuchAlgorithmException missing) {
                throw new CryptoException(prototype.getAlgorithm() + " is unavailable", missing);
            }
        }
    }

    @Override
    public String toString() {
        return "JdkCryptoProvider[" + strategy + "]";
    }

    /** A {@link MessageDigest} behind the SPI's digest interface. */
    private static final class JdkDigest extends CheckedDigest {
        private final MessageDigest digest;

        JdkDigest(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        void updateChecked(byte[] data, int offset, int length) {
            digest.update(data, offset, length);
        }

        @Override
        public byte[] digest() {
            return digest.digest();
        }
    }

    /**
     * One thread's AES ciphers for the last key used in each direction, plus scratch buffers.
     * {@link Cipher#getInstance} costs far more than encrypting a short message, so each thread
     * creates its three ciphers once and only re-initialises them when the key changes (every
     * message has its own key); callers that reuse a key skip even that.
     * A 4 KiB chunk keeps input, scratch and output in the L1 cache between the XOR passes.
     */
    private static final class AesState {
        final byte[] scratch = new byte[CHUNK];
        final byte[] scratchOut = new byte[CHUNK];
        final byte[] history = new byte[32];
        final byte[] nextHistory = new byte[32];
        final byte[] block = new byte[16];
        final byte[] blockOut = new byte[16];
        /** The CBC cipher's current chaining value (its last output block). */
        final byte[] chain = new byte[16];
        private final KeyedCipher cbc = new KeyedCipher("AES/CBC/NoPadding", Cipher.ENCRYPT_MODE, ZERO_IV);
        private final KeyedCipher ecbEnc = new KeyedCipher("AES/ECB/NoPadding", Cipher.ENCRYPT_MODE, null);
        private final KeyedCipher ecbDec = new KeyedCipher("AES/ECB/NoPadding", Cipher.DECRYPT_MODE, null);

        Cipher cbcEncryptor(byte[] key) throws GeneralSecurityException {
            if (cbc.rekey(key)) {
                Arrays.fill(chain, (byte) 0);
            }
            return cbc.cipher;
        }

        Cipher ecbEncryptor(byte[] key) throws GeneralSecurityException {
            ecbEnc.rekey(key);
            return ecbEnc.cipher;
        }

        Cipher ecbDecryptor(byte[] key) throws GeneralSecurityException {
            ecbDec.rekey(key);
            return ecbDec.cipher;
        }

        /** Drops every cached cipher, after a failure left one in an unknown state. */
        void forget() {
            cbc.forget();
            ecbEnc.forget();
            ecbDec.forget();
        }
    }

    /** One cached cipher and the key it was last initialised with. */
    private static final class KeyedCipher {
        private final String transformation;
        private final int mode;
        private final IvParameterSpec iv;
        Cipher cipher;
        private byte[] key;

        KeyedCipher(String transformation, int mode, IvParameterSpec iv) {
            this.transformation = transformation;
            this.mode = mode;
            this.iv = iv;
        }

        /**
         * Makes {@link #cipher} ready for {@code newKey}, re-initialising it only when the key
         * changed; the key is remembered only after a successful init, so a failure never leaves
         * a cipher that claims a key it does not hold.
         *
         * @return whether the cipher was re-initialised (and so lost its chaining state)
         */
        boolean rekey(byte[] newKey) throws GeneralSecurityException {
            if (key != null && MessageDigest.isEqual(key, newKey)) {
                return false;
            }
            if (cipher == null) {
                cipher = Cipher.getInstance(transformation);
            }
            key = null;
            SecretKeySpec spec = new SecretKeySpec(newKey, "AES");
            if (iv == null) {
                cipher.init(mode, spec);
            } else {
                cipher.init(mode, spec, iv);
            }
            key = newKey.clone();
            return true;
        }

        void forget() {
            cipher = null;
            key = null;
        }
    }
}
