package dev.heliograph.session.impl;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.error.SessionStoreException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest of auth keys with a key the user supplies (AES-256-GCM), so that a copy of
 * the store alone (a Redis dump, a backup of the session directory) does not hand out the account.
 *
 * <p>Each auth key is sealed with a fresh 96-bit nonce; the DC id and key id are authenticated
 * with it, so a sealed key cannot be moved to another DC's slot. Only auth keys are encrypted: the
 * rest of a session (DC addresses, ids, salts) is not a credential.
 *
 * <p>{@link #toString()} does not show the key.
 */
public final class AuthKeyEncryption {

    /** The length of a sealed auth key: nonce, ciphertext, tag. */
    static final int SEALED_LENGTH = 12 + AuthKey.LENGTH + 16;

    private final SecretKeySpec key;
    private final RandomSource random;

    private AuthKeyEncryption(byte[] key, RandomSource random) {
        this.key = new SecretKeySpec(key, "AES");
        this.random = random;
    }

    /**
     * Returns AES-256-GCM encryption with the given key.
     *
     * @param key 32 bytes (copied); keep it outside the store, e.g. in a secrets manager
     * @return the encryption
     * @throws IllegalArgumentException if the key is not 32 bytes
     */
    public static AuthKeyEncryption aesGcm(byte[] key) {
        return aesGcm(key, RandomSource.secure());
    }

    /**
     * Returns AES-256-GCM encryption with the given key and nonce source.
     *
     * @param key 32 bytes (copied)
     * @param random where nonces come from
     * @return the encryption
     * @throws IllegalArgumentException if the key is not 32 bytes
     */
    public static AuthKeyEncryption aesGcm(byte[] key, RandomSource random) {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(random, "random is null");
        if (key.length != 32) {
            throw new IllegalArgumentException("the encryption key must be 32 bytes, got " + key.length);
        }
        return new AuthKeyEncryption(key.clone(), random);
    }

    byte[] seal(int dcId, long authKeyId, byte[] authKey) {
        byte[] nonce = random.bytes(12);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(dcId, authKeyId));
            byte[] sealed = Arrays.copyOf(nonce, SEALED_LENGTH);
            cipher.doFinal(authKey, 0, authKey.length, sealed, 12);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java platform", e);
        }
    }

    byte[] open(int dcId, long authKeyId, byte[] sealed, String source) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, 12));
            cipher.updateAAD(aad(dcId, authKeyId));
            return cipher.doFinal(sealed, 12, sealed.length - 12);
        } catch (AEADBadTagException e) {
            throw new SessionStoreException(SessionStoreException.Kind.INVALID,
                    "cannot decrypt the auth key of DC " + dcId + " in " + source
                            + ": wrong encryption key, or the data was altered", null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java platform", e);
        }
    }

    private static byte[] aad(int dcId, long authKeyId) {
        return ByteBuffer.allocate(12).putInt(dcId).putLong(authKeyId).array();
    }

    /** Hides the key. */
    @Override
    public String toString() {
        return "AuthKeyEncryption[AES-256-GCM]";
    }
}
