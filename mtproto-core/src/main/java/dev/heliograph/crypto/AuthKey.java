package dev.heliograph.crypto;

import dev.heliograph.error.CryptoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A 256-byte MTProto authorization key with its 64-bit id and auxiliary hash. Immutable;
 * {@link #toString()} shows only the id, {@link #equals(Object)} compares the keys in constant time.
 */
public final class AuthKey {

    /** The length of an auth key in bytes. */
    public static final int LENGTH = 256;

    private final byte[] key;
    private final long id;
    private final long auxHash;

    private AuthKey(byte[] key) {
        this.key = key;
        byte[] sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1").digest(key);
        } catch (NoSuchAlgorithmException e) {
            throw new CryptoException("the JDK lacks SHA-1", e);
        }
        ByteBuffer digest = ByteBuffer.wrap(sha1).order(ByteOrder.LITTLE_ENDIAN);
        this.auxHash = digest.getLong(0);
        this.id = digest.getLong(12);
    }

    /**
     * Wraps a copy of the key bytes.
     *
     * @param key 256 bytes (for example {@code g_ab} left-padded with zeros)
     * @return the key
     * @throws CryptoException if {@code key} is not 256 bytes
     */
    public static AuthKey of(byte[] key) {
        Objects.requireNonNull(key, "key is null");
        if (key.length != LENGTH) {
            throw new CryptoException("auth key must be 256 bytes, got " + key.length);
        }
        return new AuthKey(key.clone());
    }

    /**
     * Returns auth_key_id: the low 64 bits of SHA-1(key), i.e. bytes 12..19 read little-endian,
     * which is how the id is written on the wire.
     *
     * @return the id
     */
    public long id() {
        return id;
    }

    /**
     * Returns auth_key_aux_hash: bytes 0..7 of SHA-1(key) read little-endian.
     *
     * @return the auxiliary hash
     */
    public long auxHash() {
        return auxHash;
    }

    /**
     * Returns a copy of the key bytes.
     *
     * @return 256 bytes
     */
    public byte[] bytes() {
        return key.clone();
    }

    /**
     * Feeds a slice of the key into a digest without copying the key (the message key derivation
     * hashes two slices per message).
     *
     * @param digest the digest to update
     * @param offset where the slice starts
     * @param length its length
     * @return {@code digest}
     * @throws CryptoException if the slice is not inside the key
     */
    public CryptoProvider.Digest digestSlice(CryptoProvider.Digest digest, int offset, int length) {
        Objects.requireNonNull(digest, "digest is null");
        if (offset < 0 || length < 0 || offset > LENGTH - length) {
            throw new CryptoException("slice [" + offset + ", +" + length + ") outside the auth key");
        }
        return digest.update(key, offset, length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuthKey that && MessageDigest.isEqual(key, that.key);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "AuthKey[id=" + Long.toHexString(id) + "]";
    }
}
