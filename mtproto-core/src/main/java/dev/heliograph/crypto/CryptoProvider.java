package dev.heliograph.crypto;

import java.math.BigInteger;

/**
 * The cryptographic primitives MTProto needs. Implementations are stateless and thread-safe;
 * bad input (a key of the wrong length, data that is not a whole number of blocks) is a
 * {@link dev.heliograph.error.CryptoException}.
 *
 * <p>Two providers ship: {@link dev.heliograph.crypto.impl.BouncyCastleCryptoProvider} and {@link dev.heliograph.crypto.impl.JdkCryptoProvider}. Both
 * pass one vector suite; the protocol helpers in {@link dev.heliograph.crypto.impl.MtprotoCrypto} are built on this SPI.
 */
public interface CryptoProvider {

    /**
     * Returns a short name for logs and benchmarks ({@code "bouncycastle"}, {@code "jdk"}).
     *
     * @return the name
     */
    String name();

    /**
     * Encrypts with AES-256 in IGE mode.
     *
     * @param key 32 bytes
     * @param iv 32 bytes (the two IGE IV halves)
     * @param in the plaintext
     * @param inOffset where it starts
     * @param length its length, a multiple of 16
     * @param out receives the ciphertext (may be {@code in} at the same offset)
     * @param outOffset where to write it
     */
    void aesIgeEncrypt(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out, int outOffset);

    /**
     * Decrypts with AES-256 in IGE mode.
     *
     * @param key 32 bytes
     * @param iv 32 bytes (the two IGE IV halves)
     * @param in the ciphertext
     * @param inOffset where it starts
     * @param length its length, a multiple of 16
     * @param out receives the plaintext (may be {@code in} at the same offset)
     * @param outOffset where to write it
     */
    void aesIgeDecrypt(byte[] key, byte[] iv, byte[] in, int inOffset, int length, byte[] out, int outOffset);

    /**
     * Starts an AES-256-CTR key stream, as used by transport obfuscation. The returned cipher is
     * stateful and not thread-safe.
     *
     * @param key 32 bytes
     * @param iv 16 bytes, the initial counter block
     * @return the cipher
     */
    AesCtr aesCtr(byte[] key, byte[] iv);

    /**
     * Starts an incremental SHA-1.
     *
     * @return a new digest
     */
    Digest sha1();

    /**
     * Starts an incremental SHA-256.
     *
     * @return a new digest
     */
    Digest sha256();

    /**
     * Computes {@code base^exponent mod modulus}.
     *
     * @param base the base, non-negative
     * @param exponent the exponent, non-negative
     * @param modulus the modulus, positive
     * @return the result
     */
    BigInteger modPow(BigInteger base, BigInteger exponent, BigInteger modulus);

    /**
     * The raw RSA public operation on a 256-byte big-endian block: {@code block^e mod n}.
     *
     * @param key the public key
     * @param block 256 bytes, whose value must be below n
     * @return the 256-byte big-endian result (left-padded with zeros)
     */
    byte[] rsaPublic(RsaPublicKey key, byte[] block);

    /**
     * The raw RSA private operation on a 256-byte big-endian block: {@code block^d mod n}.
     *
     * @param key the private key
     * @param block 256 bytes, whose value must be below n
     * @return the 256-byte big-endian result (left-padded with zeros)
     */
    byte[] rsaPrivate(RsaPrivateKey key, byte[] block);

    /** A stateful AES-256-CTR key stream. Not thread-safe. */
    interface AesCtr {
        /**
         * XORs the next {@code length} bytes of key stream into a range.
         *
         * @param in the input
         * @param inOffset where it starts
         * @param length how many bytes
         * @param out receives the output (may be {@code in})
         * @param outOffset where to write it
         */
        void update(byte[] in, int inOffset, int length, byte[] out, int outOffset);
    }

    /** An incremental hash. Not thread-safe. */
    interface Digest {
        /**
         * Feeds bytes.
         *
         * @param data the source
         * @param offset where they start
         * @param length how many
         * @return this digest
         */
        Digest update(byte[] data, int offset, int length);

        /**
         * Feeds a whole array.
         *
         * @param data the bytes
         * @return this digest
         */
        default Digest update(byte[] data) {
            return update(data, 0, data.length);
        }

        /**
         * Finishes the hash; the digest must not be used afterwards.
         *
         * @return the hash (20 bytes for SHA-1, 32 for SHA-256)
         */
        byte[] digest();
    }
}
