package dev.heliograph.session;

import dev.heliograph.tl.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;

/**
 * What a client remembers about one data center: the permanent auth key, its id, the server
 * salts that go with that key and the clock offset measured against that DC.
 *
 * <p><b>The auth key is a full credential for the account.</b> {@link #toString()} shows only the
 * DC and the key id (which travels in clear text on the wire anyway), never the key.
 *
 * @param dcId the data center id (positive)
 * @param authKey the 256-byte auth key
 * @param authKeyId the key id: the low 64 bits of SHA-1 of the key, read little-endian
 * @param salts the server salts known for this key, oldest first (may be empty)
 * @param timeOffsetMillis server time minus local time, in milliseconds
 */
public record DcAuth(int dcId, Bytes authKey, long authKeyId, List<ServerSalt> salts, long timeOffsetMillis) {

    /** The length of an MTProto auth key in bytes. */
    public static final int AUTH_KEY_LENGTH = 256;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the DC id is not positive, the key is not 256 bytes, or
     *     the key id does not belong to the key
     */
    public DcAuth {
        Objects.requireNonNull(authKey, "authKey is null");
        salts = List.copyOf(Objects.requireNonNull(salts, "salts is null"));
        if (dcId <= 0) {
            throw new IllegalArgumentException("dcId must be positive: " + dcId);
        }
        if (authKey.length() != AUTH_KEY_LENGTH) {
            throw new IllegalArgumentException("auth key must be 256 bytes, got " + authKey.length());
        }
        if (authKeyId != keyIdOf(authKey)) {
            throw new IllegalArgumentException("auth key id does not belong to the auth key");
        }
    }

    /**
     * Returns the state of a freshly created key: its id computed, one initial salt, no offset.
     *
     * @param dcId the data center id
     * @param authKey the 256-byte key
     * @param initialSalt the salt derived from the key exchange
     * @param timeOffsetMillis the offset measured during the exchange
     * @return the new value
     */
    public static DcAuth created(int dcId, Bytes authKey, long initialSalt, long timeOffsetMillis) {
        return new DcAuth(dcId, authKey, keyIdOf(authKey), List.of(ServerSalt.unbounded(initialSalt)),
                timeOffsetMillis);
    }

    /**
     * Computes an auth key's id: the low 64 bits of SHA-1 of the key, read little-endian.
     *
     * @param authKey the key
     * @return its id
     */
    public static long keyIdOf(Bytes authKey) {
        byte[] sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1").digest(authKey.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        long id = 0;
        for (int i = 19; i >= 12; i--) {
            id = id << 8 | (sha1[i] & 0xff);
        }
        return id;
    }

    /**
     * Returns a copy with other salts.
     *
     * @param newSalts the salts
     * @return the copy
     */
    public DcAuth withSalts(List<ServerSalt> newSalts) {
        return new DcAuth(dcId, authKey, authKeyId, newSalts, timeOffsetMillis);
    }

    /**
     * Returns a copy with another clock offset.
     *
     * @param newOffsetMillis server time minus local time, in milliseconds
     * @return the copy
     */
    public DcAuth withTimeOffset(long newOffsetMillis) {
        return new DcAuth(dcId, authKey, authKeyId, salts, newOffsetMillis);
    }

    /** Shows the DC and the key id, never the key. */
    @Override
    public String toString() {
        return "DcAuth[dc=" + dcId + ", authKeyId=" + Long.toHexString(authKeyId) + ", salts=" + salts.size()
                + ", timeOffsetMillis=" + timeOffsetMillis + "]";
    }
}
