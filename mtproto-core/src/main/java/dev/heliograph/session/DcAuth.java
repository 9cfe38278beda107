package dev.heliograph.session;

import dev.heliograph.crypto.AuthKey;
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
 * @param salts the server salts known for this key, oldest first (may be empty)
 * @param timeOffsetMillis server time minus local time, in milliseconds
 */
public record DcAuth(int dcId, AuthKey authKey, List<ServerSalt> salts, long timeOffsetMillis) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the DC id is not positive
     */
    public DcAuth {
        Objects.requireNonNull(authKey, "authKey is null");
        salts = List.copyOf(Objects.requireNonNull(salts, "salts is null"));
        if (dcId <= 0) {
            throw new IllegalArgumentException("dcId must be positive: " + dcId);
        }
    }

    /**
     * Returns the state of a freshly created key: one initial salt.
     *
     * @param dcId the data center id
     * @param authKey the 256-byte key
     * @param initialSalt the salt derived from the key exchange
     * @param timeOffsetMillis the offset measured during the exchange
     * @return the new value
     */
    public static DcAuth created(int dcId, AuthKey authKey, long initialSalt, long timeOffsetMillis) {
        return new DcAuth(dcId, authKey, List.of(ServerSalt.unbounded(initialSalt)), timeOffsetMillis);
    }

    /**
     * Returns the key's id: the low 64 bits of SHA-1 of the key, read little-endian. It travels in
     * clear text on the wire and is not a secret.
     *
     * @return the auth key id
     */
    public long authKeyId() {
        return authKey.id();
    }

    /**
     * Returns a copy with other salts.
     *
     * @param newSalts the salts
     * @return the copy
     */
    public DcAuth withSalts(List<ServerSalt> newSalts) {
        return new DcAuth(dcId, authKey, newSalts, timeOffsetMillis);
    }

    /**
     * Returns a copy with another clock offset.
     *
     * @param newOffsetMillis server time minus local time, in milliseconds
     * @return the copy
     */
    public DcAuth withTimeOffset(long newOffsetMillis) {
        return new DcAuth(dcId, authKey, salts, newOffsetMillis);
    }

    /** Shows the DC and the key id, never the key. */
    @Override
    public String toString() {
        return "DcAuth[dc=" + dcId + ", authKeyId=" + Long.toHexString(authKeyId()) + ", salts=" + salts.size()
                + ", timeOffsetMillis=" + timeOffsetMillis + "]";
    }
}
