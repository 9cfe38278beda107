package dev.heliograph.crypto;

import dev.heliograph.error.CryptoException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * An AES-256 key and a 32-byte IGE IV, as derived for one message or for the handshake.
 * The arrays are not copied; {@link #toString()} hides them.
 *
 * @param key 32 bytes
 * @param iv 32 bytes
 */
public record AesKeyIv(byte[] key, byte[] iv) {

    /**
     * Validates the lengths.
     *
     * @throws CryptoException if the key or IV is not 32 bytes
     */
    public AesKeyIv {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(iv, "iv is null");
        if (key.length != 32 || iv.length != 32) {
            throw new CryptoException("AES-IGE key and IV must be 32 bytes each");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AesKeyIv that
                && MessageDigest.isEqual(key, that.key) && MessageDigest.isEqual(iv, that.iv);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(iv);
    }

    @Override
    public String toString() {
        return "AesKeyIv[hidden]";
    }
}
