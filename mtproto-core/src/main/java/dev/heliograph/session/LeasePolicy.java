package dev.heliograph.session;

import java.time.Duration;
import java.util.Objects;

/**
 * How long {@link SessionStore#getOrCreateAuthKey} holds and waits for auth key creation leases.
 *
 * @param leaseTtl how long a lease lasts; a key exchange must finish within it
 * @param waitTimeout how long a caller waits for another host's creation before failing with
 *     {@link dev.heliograph.error.SessionStoreException.Kind#LEASE_TIMEOUT}
 * @param pollInterval how often a waiting caller looks again
 */
public record LeasePolicy(Duration leaseTtl, Duration waitTimeout, Duration pollInterval) {

    /** A 30 s lease, 60 s of waiting, a look every 100 ms. */
    public static final LeasePolicy DEFAULT =
            new LeasePolicy(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMillis(100));

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a duration is not positive
     */
    public LeasePolicy {
        requirePositive(leaseTtl, "leaseTtl");
        requirePositive(waitTimeout, "waitTimeout");
        requirePositive(pollInterval, "pollInterval");
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
