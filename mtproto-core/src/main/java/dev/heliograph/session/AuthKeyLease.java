package dev.heliograph.session;

import java.time.Instant;
import java.util.Objects;

/**
 * The right, held for a limited time, to create the auth key of one DC of one session. Only one
 * holder exists at a time across every host sharing a store; a holder that dies simply lets the
 * lease expire, and another host takes over.
 *
 * @param sessionName the session
 * @param dcId the DC whose key the holder creates
 * @param token a random value that identifies this holder (not a secret)
 * @param expiresAt when the lease lapses if not committed or released before
 */
public record AuthKeyLease(String sessionName, int dcId, String token, Instant expiresAt) {

    /** Checks the values. */
    public AuthKeyLease {
        Objects.requireNonNull(sessionName, "sessionName is null");
        Objects.requireNonNull(token, "token is null");
        Objects.requireNonNull(expiresAt, "expiresAt is null");
    }
}
