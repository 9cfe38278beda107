package dev.heliograph.mtproto;

import dev.heliograph.crypto.AuthKey;

import java.util.Objects;

/**
 * What a client must persist per DC to resume without creating a new auth key: the permanent
 * key, the last server salt and the clock offset to the server. A sender starts from one of these
 * (or creates the key) and reports updated values through {@link DcSenderListener}.
 *
 * <p>{@link #toString()} never shows the key.
 *
 * @param dcId the DC the key belongs to
 * @param authKey the 256-byte auth key
 * @param serverSalt the server salt in use (a new salt is fine: the server corrects it)
 * @param timeOffsetMillis server time minus local time, in milliseconds (as in {@code DcAuth})
 */
public record DcAuthState(int dcId, AuthKey authKey, long serverSalt, long timeOffsetMillis) {

    /**
     * Validates the state.
     *
     * @throws NullPointerException if the key is missing
     */
    public DcAuthState {
        Objects.requireNonNull(authKey, "authKey is null");
    }

    /**
     * Returns the same key with another salt and offset.
     *
     * @param salt the new salt
     * @param offsetMillis the new clock offset, in milliseconds
     * @return the updated state
     */
    public DcAuthState with(long salt, long offsetMillis) {
        return new DcAuthState(dcId, authKey, salt, offsetMillis);
    }

    @Override
    public String toString() {
        return "DcAuthState[dc=" + dcId + ", keyId=" + Long.toHexString(authKey.id()) + ", offset=" + timeOffsetMillis + "ms]";
    }
}
