package dev.heliograph.crypto.impl;

import dev.heliograph.crypto.AesKeyIv;
import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.RsaPublicKey;
import dev.heliograph.error.CryptoException;
import dev.heliograph.error.SecurityCheckException.Check;
import dev.heliograph.error.SecurityCheckException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The MTProto 2.0 cryptographic constructions on top of a {@link CryptoProvider}: message key
 * derivation and encryption, the handshake's temporary AES key, RSA_PAD and the nonce hashes.
 * Thread-safe. Section numbers refer to the project's MTProto notes.
 */
public final class MtprotoCrypto {

    /** Size of auth_key_id plus msg_key in front of every encrypted message. */
    public static final int HEADER = 24;
    /** Smallest encrypted message: the header and 48 bytes (32-byte inner header, 12+ bytes of padding, 16-aligned). */
    public static final int MIN_ENCRYPTED_LENGTH = HEADER + 48;
    /** Largest encrypted part accepted. */
    public static final int MAX_ENCRYPTED_DATA = 16 * 1024 * 1024;
    /** Largest inner data RSA_PAD can carry. */
    public static final int RSA_PAD_MAX_DATA = 144;

    private static final int RSA_PAD_PADDED = 192;
    private static final int RSA_PAD_RETRIES = 64;
    private static final int LEGACY_BLOCK_DATA = 255;
    private static final byte[] ZERO_IV = new byte[32];

    private final CryptoProvider provider;

    /**
     * Creates the helpers on a provider.
     *
     * @param provider the primitives to use
     */
    public MtprotoCrypto(CryptoProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider is null");
    }

    /**
     * Returns the provider underneath.
     *
     * @return the provider
     */
    public CryptoProvider provider() {
        return provider;
    }

    /**
     * SHA-1 over the concatenation of the parts.
     *
     * @param parts the data
     * @return 20 bytes
     */
    public byte[] sha1(byte[]... parts) {
        CryptoProvider.Digest digest = provider.sha1();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /**
     * SHA-256 over the concatenation of the parts.
     *
     * @param parts the data
     * @return 32 bytes
     */
    public byte[] sha256(byte[]... parts) {
        CryptoProvider.Digest digest = provider.sha256();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /**
     * Derives the AES key and IV of a message from its msg_key (MTProto 2.0, §4.2).
     *
     * @param authKey the auth key
     * @param msgKey the 16-byte msg_key
     * @param fromClient {@code true} for a client-to-server message (x = 0), {@code false} for
     *     server-to-client (x = 8)
     * @return the key and IV
     */
    public AesKeyIv messageKeyIv(AuthKey authKey, byte[] msgKey, boolean fromClient) {
        Objects.requireNonNull(authKey, "authKey is null");
        checkLength(msgKey, 16, "msg_key");
        int x = fromClient ? 0 : 8;
        byte[] a = authKey.digestSlice(provider.sha256().update(msgKey), x, 36).digest();
        byte[] b = authKey.digestSlice(provider.sha256(), 40 + x, 36).update(msgKey).digest();
        byte[] key = new byte[32];
        System.arraycopy(a, 0, key, 0, 8);
        System.arraycopy(b, 8, key, 8, 16);
        System.arraycopy(a, 24, key, 24, 8);
        byte[] iv = new byte[32];
        System.arraycopy(b, 0, iv, 0, 8);
        System.arraycopy(a, 8, iv, 8, 16);
        System.arraycopy(b, 24, iv, 24, 8);
        return new AesKeyIv(key, iv);
    }

    /**
     * Computes msg_key = SHA-256(auth_key[88+x .. 120+x) || plaintext)[8..24).
     *
     * @param authKey the auth key
     * @param plaintext holds the plaintext including its padding
     * @param offset where it starts
     * @param length its length
     * @param fromClient the direction (x = 0 from the client, 8 from the server)
     * @return 16 bytes
     */
    public byte[] msgKey(AuthKey authKey, byte[] plaintext, int offset, int length, boolean fromClient) {
        Objects.requireNonNull(authKey, "authKey is null");
        Args.range(plaintext, offset, length);
        return Arrays.copyOfRange(msgKeyLarge(authKey, plaintext, offset, length, fromClient), 8, 24);
    }

    private byte[] msgKeyLarge(AuthKey authKey, byte[] plaintext, int offset, int length, boolean fromClient) {
        int x = fromClient ? 0 : 8;
        return authKey.digestSlice(provider.sha256(), 88 + x, 32).update(plaintext, offset, length).digest();
    }

    /**
     * Encrypts a message: returns {@code auth_key_id || msg_key || AES-IGE(plaintext)}.
     *
     * @param authKey the auth key
     * @param paddedPlaintext holds the inner message already padded (§4.1)
     * @param offset where it starts
     * @param length its length, a positive multiple of 16
     * @param fromClient the direction (x = 0 from the client, 8 from the server)
     * @return the wire message, 24 + length bytes
     * @throws CryptoException if the length is not a positive multiple of 16
     */
    public byte[] encryptMessage(AuthKey authKey, byte[] paddedPlaintext, int offset, int length,
            boolean fromClient) {
        Objects.requireNonNull(authKey, "authKey is null");
        Args.range(paddedPlaintext, offset, length);
        if (length <= 0 || length % 16 != 0 || length > MAX_ENCRYPTED_DATA) {
            throw new CryptoException("padded plaintext must be a positive multiple of 16 bytes up to 16 MiB, got "
                    + length);
        }
        byte[] large = msgKeyLarge(authKey, paddedPlaintext, offset, length, fromClient);
        byte[] msgKey = Arrays.copyOfRange(large, 8, 24);
        AesKeyIv keyIv = messageKeyIv(authKey, msgKey, fromClient);
        byte[] wire = new byte[HEADER + length];
        Blocks.set(wire, 0, authKey.id());
        System.arraycopy(msgKey, 0, wire, 8, 16);
        provider.aesIgeEncrypt(keyIv.key(), keyIv.iv(), paddedPlaintext, offset, length, wire, HEADER);
        return wire;
    }

    /**
     * Decrypts a message and checks its envelope: total length, auth_key_id and the msg_key
     * recomputed over the whole decrypted buffer (compared in constant time). The inner header
     * (salt, session_id, msg_id, length, padding) is the session layer's to check.
     *
     * @param authKey the auth key
     * @param wire holds {@code auth_key_id || msg_key || encrypted_data}
     * @param offset where it starts
     * @param length its length
     * @param fromClient the direction the message travelled ({@code false} when a client
     *     decrypts what the server sent, x = 8)
     * @return the decrypted plaintext including its padding
     * @throws SecurityCheckException {@code MESSAGE_LENGTH}, {@code AUTH_KEY_ID} or {@code MSG_KEY}
     */
    public byte[] decryptMessage(AuthKey authKey, byte[] wire, int offset, int length, boolean fromClient) {
        Objects.requireNonNull(authKey, "authKey is null");
        Args.range(wire, offset, length);
        int dataLength = length - HEADER;
        if (length < MIN_ENCRYPTED_LENGTH || dataLength % 16 != 0 || dataLength > MAX_ENCRYPTED_DATA) {
            throw new SecurityCheckException(Check.MESSAGE_LENGTH,
                    "encrypted message of " + length + " bytes is not 24 + a multiple of 16 within 72..16 MiB");
        }
        if (Blocks.get(wire, offset) != authKey.id()) {
            throw new SecurityCheckException(Check.AUTH_KEY_ID, "message is not encrypted with our auth key");
        }
        byte[] msgKey = Arrays.copyOfRange(wire, offset + 8, offset + HEADER);
        AesKeyIv keyIv = messageKeyIv(authKey, msgKey, fromClient);
        byte[] plaintext = new byte[dataLength];
        provider.aesIgeDecrypt(keyIv.key(), keyIv.iv(), wire, offset + HEADER, dataLength, plaintext, 0);
        byte[] expected = msgKey(authKey, plaintext, 0, dataLength, fromClient);
        if (!MessageDigest.isEqual(expected, msgKey)) {
            throw new SecurityCheckException(Check.MSG_KEY, "msg_key does not match the decrypted message");
        }
        return plaintext;
    }

    /**
     * Derives an AES key and IV the MTProto 1.0 way (SHA-1, client to server, x = 0), the scheme
     * Telegram keeps for the encrypted message of {@code auth.bindTempAuthKey} (MTPROTO-NOTES 10).
     *
     * @param authKey the key (the permanent key when binding)
     * @param msgKey the 16-byte msg_key
     * @return the key and IV
     */
    public AesKeyIv messageKeyIvV1(AuthKey authKey, byte[] msgKey) {
        Objects.requireNonNull(authKey, "authKey is null");
        checkLength(msgKey, 16, "msg_key");
        byte[] a = authKey.digestSlice(provider.sha1().update(msgKey), 0, 32).digest();
        byte[] b = authKey.digestSlice(authKey.digestSlice(provider.sha1(), 32, 16).update(msgKey), 48, 16).digest();
        byte[] c = authKey.digestSlice(provider.sha1(), 64, 32).update(msgKey).digest();
        byte[] d = authKey.digestSlice(provider.sha1().update(msgKey), 96, 32).digest();
        byte[] key = new byte[32];
        System.arraycopy(a, 0, key, 0, 8);
        System.arraycopy(b, 8, key, 8, 12);
        System.arraycopy(c, 4, key, 20, 12);
        byte[] iv = new byte[32];
        System.arraycopy(a, 8, iv, 0, 12);
        System.arraycopy(b, 0, iv, 12, 8);
        System.arraycopy(c, 16, iv, 20, 4);
        System.arraycopy(d, 0, iv, 24, 8);
        return new AesKeyIv(key, iv);
    }

    /**
     * Encrypts a message the MTProto 1.0 way: {@code auth_key_id || msg_key || AES-IGE(plaintext ||
     * padding)} with {@code msg_key = SHA-1(plaintext)[4..20)} and the key and IV of
     * {@link #messageKeyIvV1}. Used only for the binding message of {@code auth.bindTempAuthKey}.
     *
     * @param authKey the key (the permanent key)
     * @param plaintext the message without padding
     * @param random draws the 0..15 padding bytes up to a multiple of 16
     * @return the encrypted message
     */
    public byte[] encryptMessageV1(AuthKey authKey, byte[] plaintext, RandomSource random) {
        Objects.requireNonNull(authKey, "authKey is null");
        if (plaintext.length == 0 || plaintext.length > MAX_ENCRYPTED_DATA - 16) {
            throw new CryptoException("plaintext of " + plaintext.length + " bytes is empty or too long");
        }
        byte[] msgKey = Arrays.copyOfRange(sha1(plaintext), 4, 20);
        int padded = (plaintext.length + 15) / 16 * 16;
        byte[] data = Arrays.copyOf(plaintext, padded);
        byte[] padding = random.bytes(padded - plaintext.length);
        System.arraycopy(padding, 0, data, plaintext.length, padding.length);
        AesKeyIv keyIv = messageKeyIvV1(authKey, msgKey);
        byte[] wire = new byte[HEADER + padded];
        Blocks.set(wire, 0, authKey.id());
        System.arraycopy(msgKey, 0, wire, 8, 16);
        provider.aesIgeEncrypt(keyIv.key(), keyIv.iv(), data, 0, padded, wire, HEADER);
        return wire;
    }

    /**
     * Decrypts a message encrypted by {@link #encryptMessageV1} and checks it: auth_key_id, whole
     * AES blocks, the message length field (offset 28 of the plaintext, as in an MTProto message)
     * leaving 0..15 bytes of padding, and msg_key over the unpadded message (constant time).
     *
     * @param authKey the key (the permanent key)
     * @param wire {@code auth_key_id || msg_key || encrypted_data}
     * @return the plaintext without its padding
     * @throws SecurityCheckException {@code MESSAGE_LENGTH}, {@code AUTH_KEY_ID} or {@code MSG_KEY}
     */
    public byte[] decryptMessageV1(AuthKey authKey, byte[] wire) {
        Objects.requireNonNull(authKey, "authKey is null");
        int dataLength = wire.length - HEADER;
        if (dataLength < 32 || dataLength % 16 != 0 || dataLength > MAX_ENCRYPTED_DATA) {
            throw new SecurityCheckException(Check.MESSAGE_LENGTH,
                    "MTProto 1.0 message of " + wire.length + " bytes is not 24 + whole AES blocks");
        }
        if (Blocks.get(wire, 0) != authKey.id()) {
            throw new SecurityCheckException(Check.AUTH_KEY_ID, "message is not encrypted with the expected key");
        }
        byte[] msgKey = Arrays.copyOfRange(wire, 8, HEADER);
        AesKeyIv keyIv = messageKeyIvV1(authKey, msgKey);
        byte[] plain = new byte[dataLength];
        provider.aesIgeDecrypt(keyIv.key(), keyIv.iv(), wire, HEADER, dataLength, plain, 0);
        int bodyLength = (plain[28] & 0xff) | (plain[29] & 0xff) << 8 | (plain[30] & 0xff) << 16 | (plain[31] & 0xff) << 24;
        int unpadded = 32 + bodyLength;
        if (bodyLength < 0 || unpadded > dataLength || dataLength - unpadded > 15) {
            throw new SecurityCheckException(Check.MESSAGE_LENGTH, "MTProto 1.0 message length field does not fit");
        }
        byte[] expected = Arrays.copyOfRange(sha1(Arrays.copyOf(plain, unpadded)), 4, 20);
        if (!MessageDigest.isEqual(expected, msgKey)) {
            throw new SecurityCheckException(Check.MSG_KEY, "msg_key does not match the decrypted message");
        }
        return Arrays.copyOf(plain, unpadded);
    }

    /**
     * Returns the quick-ack token of an outgoing message: the first four bytes of msg_key_large
     * read little-endian, with the top bit set (§9.6).
     *
     * @param authKey the auth key
     * @param paddedPlaintext holds the padded plaintext
     * @param offset where it starts
     * @param length its length
     * @param fromClient the direction
     * @return the token
     */
    public int quickAckToken(AuthKey authKey, byte[] paddedPlaintext, int offset, int length, boolean fromClient) {
        Objects.requireNonNull(authKey, "authKey is null");
        Args.range(paddedPlaintext, offset, length);
        byte[] large = msgKeyLarge(authKey, paddedPlaintext, offset, length, fromClient);
        return (large[0] & 0xff | (large[1] & 0xff) << 8 | (large[2] & 0xff) << 16 | (large[3] & 0xff) << 24)
                | 0x80000000;
    }

    /**
     * Derives the handshake's tmp_aes_key and tmp_aes_iv (§3.6).
     *
     * @param newNonce 32 bytes
     * @param serverNonce 16 bytes
     * @return the key and IV
     */
    public AesKeyIv tmpAesKeyIv(byte[] newNonce, byte[] serverNonce) {
        checkLength(newNonce, 32, "new_nonce");
        checkLength(serverNonce, 16, "server_nonce");
        byte[] h1 = sha1(newNonce, serverNonce);
        byte[] h2 = sha1(serverNonce, newNonce);
        byte[] h3 = sha1(newNonce, newNonce);
        byte[] key = new byte[32];
        System.arraycopy(h1, 0, key, 0, 20);
        System.arraycopy(h2, 0, key, 20, 12);
        byte[] iv = new byte[32];
        System.arraycopy(h2, 12, iv, 0, 8);
        System.arraycopy(h3, 0, iv, 8, 20);
        System.arraycopy(newNonce, 0, iv, 28, 4);
        return new AesKeyIv(key, iv);
    }

    /**
     * Computes an RSA key's 64-bit fingerprint: the low 64 bits of SHA-1 over the TL
     * serialization of n and e as {@code bytes}.
     *
     * @param key the public key
     * @return the fingerprint as it appears in resPQ (a TL long)
     */
    public long rsaFingerprint(RsaPublicKey key) {
        Objects.requireNonNull(key, "key is null");
        byte[] n = unsigned(key.modulus());
        byte[] e = unsigned(key.exponent());
        CryptoProvider.Digest digest = provider.sha1();
        tlBytes(digest, n);
        tlBytes(digest, e);
        return Blocks.get(digest.digest(), 12);
    }

    private static void tlBytes(CryptoProvider.Digest digest, byte[] value) {
        int headerLength;
        if (value.length <= 253) {
            digest.update(new byte[] {(byte) value.length});
            headerLength = 1;
        } else {
            digest.update(new byte[] {(byte) 254, (byte) value.length, (byte) (value.length >> 8),
                (byte) (value.length >> 16)});
            headerLength = 4;
        }
        digest.update(value);
        int pad = (4 - (headerLength + value.length) % 4) % 4;
        digest.update(new byte[pad]);
    }

    /**
     * Encrypts handshake inner data with RSA_PAD (§3.4), drawing a fresh temp_key until the
     * padded block is below the modulus. The random padding is drawn first, then one 32-byte
     * temp_key per attempt.
     *
     * @param key the server's public key
     * @param data the serialized inner data, at most 144 bytes
     * @param random the randomness
     * @return the 256-byte encrypted_data
     * @throws CryptoException if {@code data} is too long, the key is not 2048 bits, or no
     *     temp_key gave a block below n after many attempts (a key with a tiny modulus)
     */
    public byte[] rsaPadEncrypt(RsaPublicKey key, byte[] data, RandomSource random) {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(data, "data is null");
        Objects.requireNonNull(random, "random is null");
        if (data.length > RSA_PAD_MAX_DATA) {
            throw new CryptoException("RSA_PAD data must be at most 144 bytes, got " + data.length);
        }
        if (key.modulus().bitLength() != 2048) {
            throw new CryptoException("RSA_PAD needs a 2048-bit modulus");
        }
        byte[] withPadding = new byte[RSA_PAD_PADDED];
        System.arraycopy(data, 0, withPadding, 0, data.length);
        byte[] padding = random.bytes(RSA_PAD_PADDED - data.length);
        System.arraycopy(padding, 0, withPadding, data.length, padding.length);
        byte[] withHash = new byte[RSA_PAD_PADDED + 32];
        for (int i = 0; i < RSA_PAD_PADDED; i++) {
            withHash[i] = withPadding[RSA_PAD_PADDED - 1 - i];
        }
        byte[] block = new byte[Args.RSA_BLOCK];
        for (int attempt = 0; attempt < RSA_PAD_RETRIES; attempt++) {
            byte[] tempKey = random.bytes(32);
            System.arraycopy(sha256(tempKey, withPadding), 0, withHash, RSA_PAD_PADDED, 32);
            provider.aesIgeEncrypt(tempKey, ZERO_IV, withHash, 0, withHash.length, block, 32);
            byte[] hash = provider.sha256().update(block, 32, withHash.length).digest();
            for (int i = 0; i < 32; i++) {
                block[i] = (byte) (tempKey[i] ^ hash[i]);
            }
            if (new BigInteger(1, block).compareTo(key.modulus()) < 0) {
                return provider.rsaPublic(key, block);
            }
        }
        throw new CryptoException("RSA_PAD found no block below the modulus");
    }

    /**
     * The server side of RSA_PAD: decrypts {@code encrypted_data} and checks the SHA-256 inside.
     *
     * @param key the server's private key
     * @param encryptedData the 256-byte block from req_DH_params
     * @return the 192-byte {@code data_with_padding} (the inner data followed by random padding)
     * @throws SecurityCheckException {@code RSA} if the block has the wrong length, is not below
     *     n, or its hash does not match
     */
    public byte[] rsaPadDecrypt(RsaPrivateKey key, byte[] encryptedData) {
        byte[] keyAesEncrypted = rsaPrivateChecked(key, encryptedData);
        byte[] hash = provider.sha256().update(keyAesEncrypted, 32, 224).digest();
        byte[] tempKey = new byte[32];
        for (int i = 0; i < 32; i++) {
            tempKey[i] = (byte) (keyAesEncrypted[i] ^ hash[i]);
        }
        byte[] withHash = new byte[224];
        provider.aesIgeDecrypt(tempKey, ZERO_IV, keyAesEncrypted, 32, 224, withHash, 0);
        byte[] withPadding = new byte[RSA_PAD_PADDED];
        for (int i = 0; i < RSA_PAD_PADDED; i++) {
            withPadding[i] = withHash[RSA_PAD_PADDED - 1 - i];
        }
        byte[] expected = sha256(tempKey, withPadding);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(withHash, RSA_PAD_PADDED, 224))) {
            throw new SecurityCheckException(Check.RSA, "RSA_PAD hash does not match");
        }
        return withPadding;
    }

    /**
     * The server side of the pre-2021 scheme ({@code SHA1(data) || data || random padding} to
     * 255 bytes, then raw RSA): decrypts and finds the data length whose SHA-1 matches.
     *
     * @param key the server's private key
     * @param encryptedData the 256-byte block
     * @return the data, without hash and padding
     * @throws SecurityCheckException {@code RSA} if the block is malformed or no prefix of the
     *     data matches the SHA-1
     */
    public byte[] rsaLegacyDecrypt(RsaPrivateKey key, byte[] encryptedData) {
        byte[] plain = rsaPrivateChecked(key, encryptedData);
        if (plain[0] != 0) {
            throw new SecurityCheckException(Check.RSA, "legacy RSA block does not hold 255 bytes");
        }
        byte[] hash = Arrays.copyOfRange(plain, 1, 21);
        int start = 21;
        for (int length = 1; length <= LEGACY_BLOCK_DATA - 20; length++) {
            byte[] candidate = provider.sha1().update(plain, start, length).digest();
            if (MessageDigest.isEqual(candidate, hash)) {
                return Arrays.copyOfRange(plain, start, start + length);
            }
        }
        throw new SecurityCheckException(Check.RSA, "legacy RSA block's SHA-1 matches no data length");
    }

    private byte[] rsaPrivateChecked(RsaPrivateKey key, byte[] encryptedData) {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(encryptedData, "encryptedData is null");
        if (encryptedData.length != Args.RSA_BLOCK) {
            throw new SecurityCheckException(Check.RSA,
                    "encrypted_data must be 256 bytes, got " + encryptedData.length);
        }
        if (new BigInteger(1, encryptedData).compareTo(key.publicKey().modulus()) >= 0) {
            throw new SecurityCheckException(Check.RSA, "encrypted_data is not below the modulus");
        }
        try {
            return provider.rsaPrivate(key, encryptedData);
        } catch (CryptoException e) {
            throw new SecurityCheckException(Check.RSA, "RSA decryption failed");
        }
    }

    /**
     * Computes new_nonce_hash1/2/3 = SHA1(new_nonce || N || auth_key_aux_hash)[4..20), as sent in
     * dh_gen_ok, dh_gen_retry and dh_gen_fail.
     *
     * @param newNonce 32 bytes
     * @param number 1, 2 or 3
     * @param authKey the new auth key
     * @return 16 bytes
     */
    public byte[] newNonceHash(byte[] newNonce, int number, AuthKey authKey) {
        checkLength(newNonce, 32, "new_nonce");
        Objects.requireNonNull(authKey, "authKey is null");
        if (number < 1 || number > 3) {
            throw new CryptoException("new_nonce_hash number must be 1, 2 or 3, got " + number);
        }
        byte[] aux = new byte[8];
        Blocks.set(aux, 0, authKey.auxHash());
        byte[] hash = sha1(newNonce, new byte[] {(byte) number}, aux);
        return Arrays.copyOfRange(hash, 4, 20);
    }

    /**
     * Computes the new_nonce_hash of server_DH_params_fail: SHA1(new_nonce)[4..20).
     *
     * @param newNonce 32 bytes
     * @return 16 bytes
     */
    public byte[] newNonceHashForFail(byte[] newNonce) {
        checkLength(newNonce, 32, "new_nonce");
        return Arrays.copyOfRange(sha1(newNonce), 4, 20);
    }

    /**
     * Computes the first server salt: new_nonce[0..8) XOR server_nonce[0..8), read little-endian.
     *
     * @param newNonce 32 bytes
     * @param serverNonce 16 bytes
     * @return the salt
     */
    public long initialServerSalt(byte[] newNonce, byte[] serverNonce) {
        checkLength(newNonce, 32, "new_nonce");
        checkLength(serverNonce, 16, "server_nonce");
        return Blocks.get(newNonce, 0) ^ Blocks.get(serverNonce, 0);
    }

    private static void checkLength(byte[] value, int expected, String what) {
        Objects.requireNonNull(value, what + " is null");
        if (value.length != expected) {
            throw new CryptoException(what + " must be " + expected + " bytes, got " + value.length);
        }
    }

    /** Big-endian magnitude without a sign byte. */
    static byte[] unsigned(BigInteger value) {
        byte[] raw = value.toByteArray();
        return raw[0] == 0 && raw.length > 1 ? Arrays.copyOfRange(raw, 1, raw.length) : raw;
    }
}
