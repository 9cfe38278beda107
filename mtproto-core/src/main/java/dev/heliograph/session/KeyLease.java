package dev.heliograph.session;

import java.time.Instant;
import java.util.Objects;

/**
 * The exclusive right of one host to use one auth key of a session's pool (see
 * {@link SessionStore#leaseAuthKey}) until {@link #expiresAt()}. Telegram revokes a key used from
 * two places at once ({@code 406 AUTH_KEY_DUPLICATED}), so a host sends on a key only while it
 * holds the key's lease, and stops before the lease can lapse.
 *
 * @param sessionName the session
 * @param dcId the DC of the key
 * @param authKeyId the leased key (its id is public: it travels in clear text)
 * @param hostId the holder
 * @param fencingToken increases with every lease taken in the pool; renewing or releasing with an
 *     older token than the key's current one fails, so a holder that lost its lease can never act
 *     on it again
 * @param expiresAt when the lease lapses unless renewed, by the store's clock
 */
public record KeyLease(String sessionName, int dcId, long authKeyId, String hostId, long fencingToken,
        Instant expiresAt) {

    /** Checks the values. */
    public KeyLease {
        Objects.requireNonNull(sessionName, "sessionName is null");
        Objects.requireNonNull(hostId, "hostId is null");
        Objects.requireNonNull(expiresAt, "expiresAt is null");
    }
}
