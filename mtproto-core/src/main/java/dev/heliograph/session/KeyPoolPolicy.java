package dev.heliograph.session;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing of auth key leases (see {@link SessionStore#leaseAuthKey}).
 *
 * @param leaseTtl how long a lease lasts unless renewed; a holder renews well before, and stops
 *     sending on the key before it lapses
 * @param releaseGrace how long a key released by a host that stopped cleanly (its connection
 *     closed, so the server saw the session end) rests before another host may lease it
 * @param expiryGrace how long a key whose lease lapsed (its holder died, hung or lost the store)
 *     rests before another host may lease it: long enough for the server to consider the old
 *     connection gone, so that the next holder is not taken for a second user of the key
 */
public record KeyPoolPolicy(Duration leaseTtl, Duration releaseGrace, Duration expiryGrace) {

    /** A 15 s lease; 3 s of rest after a release and 60 s after an expiry. */
    public static final KeyPoolPolicy DEFAULT =
            new KeyPoolPolicy(Duration.ofSeconds(15), Duration.ofSeconds(3), Duration.ofSeconds(60));

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the lease is not positive or a grace is negative
     */
    public KeyPoolPolicy {
        Objects.requireNonNull(leaseTtl, "leaseTtl is null");
        Objects.requireNonNull(releaseGrace, "releaseGrace is null");
        Objects.requireNonNull(expiryGrace, "expiryGrace is null");
        if (leaseTtl.isNegative() || leaseTtl.isZero()) {
            throw new IllegalArgumentException("leaseTtl must be positive: " + leaseTtl);
        }
        if (releaseGrace.isNegative() || expiryGrace.isNegative()) {
            throw new IllegalArgumentException("a grace must not be negative");
        }
    }
}
