package dev.heliograph.session;

import java.time.Instant;
import java.util.Objects;

/**
 * The exclusive right of one host to a named role of a session (such as {@code updates}, the one
 * host that receives the session's updates) until {@link #expiresAt()}; see
 * {@link SessionStore#tryLease}. The holder renews it well before it expires and stops acting in the
 * role before it can expire, so that a holder paused past its lease (GC, {@code SIGSTOP}) never acts
 * beside the host that took the role over.
 *
 * @param sessionName the session
 * @param leaseName the role, by {@link SessionNames#requireValidLeaseName the lease name rule}
 * @param hostId the holder
 * @param fencingToken increases with every grant of this lease (never reused, even after a damaged
 *     record was replaced); renewing or releasing with a token that is no longer the current one
 *     fails, and a resource that remembers the highest token it saw can refuse a stale holder
 * @param expiresAt when the lease lapses unless renewed, by the store's clock
 * @since 0.3
 */
public record NamedLease(String sessionName, String leaseName, String hostId, long fencingToken, Instant expiresAt) {

    /** Checks the values. */
    public NamedLease {
        Objects.requireNonNull(sessionName, "sessionName is null");
        Objects.requireNonNull(leaseName, "leaseName is null");
        Objects.requireNonNull(hostId, "hostId is null");
        Objects.requireNonNull(expiresAt, "expiresAt is null");
    }
}
