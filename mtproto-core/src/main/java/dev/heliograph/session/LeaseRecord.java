package dev.heliograph.session;

import dev.heliograph.error.SessionStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The stored state of one named lease of a session (see {@link SessionStore#tryLease}): immutable.
 * This is the one definition of the named lease rules; a store keeps a record per (session, lease
 * name) and applies these transitions to it atomically (see {@link AbstractSessionStore}). Every
 * transition takes the current time, so the rules are testable without waiting.
 *
 * <ul>
 *   <li>A lease is <em>held</em> while its holder's expiry is in the future. Anyone may take a lease
 *       that is not held; its holder may take it again at once (a host that restarted with the same
 *       id), which fences its older grant off.</li>
 *   <li>Every grant gets a new fencing token, greater than any before. Renewing and releasing need
 *       the current holder and token; renewing a lapsed lease nobody took is allowed.</li>
 *   <li>A record that cannot be trusted (it failed its checksum, or names a holder the lease never
 *       granted) is not held by anybody: the next {@link #acquire} replaces it and reports it as a
 *       {@link SessionStoreException} of kind {@code CORRUPT}, with a token above the grant time in
 *       microseconds, so tokens keep increasing even though the old counter was lost.</li>
 * </ul>
 *
 * @since 0.3
 */
public final class LeaseRecord {

    /** How many past holders a record remembers (to tell a granted holder from an unknown one). */
    public static final int MAX_HOSTS = 32;

    private static final LeaseRecord ABSENT = new LeaseRecord(false, 0, null, 0, List.of(), null);

    /**
     * The outcome of a transition.
     *
     * @param record the record after it (the same instance when nothing changed: nothing to write)
     * @param result what the transition answers
     * @param <T> the answer's type
     */
    public record Step<T>(LeaseRecord record, T result) {
        /** Checks the value. */
        public Step {
            Objects.requireNonNull(record, "record is null");
        }
    }

    private final boolean exists;
    private final long lastToken;
    private final String holder;
    private final long expiresAtMillis;
    private final List<String> hosts;
    private final String damage;

    private LeaseRecord(boolean exists, long lastToken, String holder, long expiresAtMillis, List<String> hosts,
            String damage) {
        this.exists = exists;
        this.lastToken = lastToken;
        this.holder = holder;
        this.expiresAtMillis = expiresAtMillis;
        this.hosts = List.copyOf(hosts);
        this.damage = damage;
    }

    /**
     * Returns the record of a lease never taken.
     *
     * @return the absent record
     */
    public static LeaseRecord absent() {
        return ABSENT;
    }

    /**
     * Returns a stored record, as a codec read it.
     *
     * @param lastToken the token of the last grant
     * @param holder the host the last grant went to, or {@code null} once released
     * @param expiresAtMillis when the last grant lapses (or lapsed, or was released), epoch ms
     * @param hosts the hosts granted the lease, oldest first, at most {@link #MAX_HOSTS}
     * @return the record
     */
    public static LeaseRecord of(long lastToken, String holder, long expiresAtMillis, List<String> hosts) {
        return new LeaseRecord(true, lastToken, holder, expiresAtMillis, hosts, null);
    }

    /**
     * Returns the stand-in for a stored record that could not be read.
     *
     * @param reason what was wrong, naming where it was stored
     * @return a record nobody holds
     */
    public static LeaseRecord damaged(String reason) {
        return new LeaseRecord(true, 0, null, 0, List.of(), Objects.requireNonNull(reason, "reason is null"));
    }

    /**
     * Tells whether anything was stored.
     *
     * @return false for {@link #absent()}
     */
    public boolean exists() {
        return exists;
    }

    /**
     * Returns the token of the last grant.
     *
     * @return the token, 0 if never granted
     */
    public long lastToken() {
        return lastToken;
    }

    /**
     * Returns the host the last grant went to.
     *
     * @return the host id, empty once released or never granted
     */
    public Optional<String> holder() {
        return Optional.ofNullable(holder);
    }

    /**
     * Returns when the last grant lapses.
     *
     * @return epoch milliseconds
     */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    /**
     * Returns the hosts granted the lease.
     *
     * @return oldest first, at most {@link #MAX_HOSTS}
     */
    public List<String> hosts() {
        return hosts;
    }

    /**
     * Returns what makes the record untrustworthy.
     *
     * @return the reason, or empty for a sound record
     */
    public Optional<String> problem() {
        if (damage != null) {
            return Optional.of(damage);
        }
        if (holder != null && !hosts.contains(holder)) {
            return Optional.of("held by host id '" + holder + "', which the lease never granted");
        }
        return Optional.empty();
    }

    /**
     * Returns the current grant, if the lease is held at {@code now}.
     *
     * @param sessionName the session, for the answer
     * @param leaseName the lease, for the answer
     * @param now epoch milliseconds
     * @return the holder's lease, or empty if nobody holds it
     */
    public Optional<NamedLease> heldAt(String sessionName, String leaseName, long now) {
        if (holder == null || expiresAtMillis <= now || problem().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new NamedLease(sessionName, leaseName, holder, lastToken, Instant.ofEpochMilli(expiresAtMillis)));
    }

    /**
     * Grants the lease to {@code hostId} unless another host holds it.
     *
     * @param sessionName the session, for the lease
     * @param leaseName the lease name, for the lease
     * @param hostId the caller
     * @param now epoch milliseconds
     * @param ttl how long the grant lasts
     * @return the record after the attempt and its answer
     */
    public Step<NamedLeaseAttempt> acquire(String sessionName, String leaseName, String hostId, long now,
            Duration ttl) {
        Objects.requireNonNull(hostId, "hostId is null");
        Optional<String> problem = problem();
        Optional<NamedLease> held = heldAt(sessionName, leaseName, now);
        if (held.isPresent() && !held.get().hostId().equals(hostId)) {
            return new Step<>(this, new NamedLeaseAttempt.Busy(held.get().hostId(), held.get().expiresAt()));
        }
        long token = problem.isPresent() ? Math.max(lastToken + 1, Math.multiplyExact(now, 1000)) : lastToken + 1;
        long expires = now + ttl.toMillis();
        List<String> granted = new ArrayList<>(problem.isPresent() ? List.of() : hosts);
        granted.remove(hostId);
        granted.add(hostId);
        if (granted.size() > MAX_HOSTS) {
            granted.remove(0);
        }
        List<SessionStoreException> problems = problem.map(p -> List.of(new SessionStoreException(
                SessionStoreException.Kind.CORRUPT, "lease '" + leaseName + "' of session " + sessionName
                + " replaced: " + p, null))).orElse(List.of());
        return new Step<>(new LeaseRecord(true, token, hostId, expires, granted, null), new NamedLeaseAttempt.Acquired(
                new NamedLease(sessionName, leaseName, hostId, token, Instant.ofEpochMilli(expires)), problems));
    }

    /**
     * Extends a grant that is still the current one.
     *
     * @param lease the grant
     * @param now epoch milliseconds
     * @param ttl how long from now it lasts
     * @return the record and the extended lease, or an empty answer if the lease is lost
     */
    public Step<Optional<NamedLease>> renew(NamedLease lease, long now, Duration ttl) {
        if (!current(lease)) {
            return new Step<>(this, Optional.empty());
        }
        long expires = now + ttl.toMillis();
        return new Step<>(new LeaseRecord(true, lastToken, holder, expires, hosts, null),
                Optional.of(new NamedLease(lease.sessionName(), lease.leaseName(), holder, lastToken,
                        Instant.ofEpochMilli(expires))));
    }

    /**
     * Gives a grant back, so that any host may take the lease at once.
     *
     * @param lease the grant
     * @param now epoch milliseconds
     * @return the record and whether the grant was still the current one
     */
    public Step<Boolean> release(NamedLease lease, long now) {
        if (!current(lease)) {
            return new Step<>(this, false);
        }
        return new Step<>(new LeaseRecord(true, lastToken, null, Math.min(now, expiresAtMillis), hosts, null), true);
    }

    private boolean current(NamedLease lease) {
        return problem().isEmpty() && lease.hostId().equals(holder) && lease.fencingToken() == lastToken;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LeaseRecord that && exists == that.exists && lastToken == that.lastToken
                && Objects.equals(holder, that.holder) && expiresAtMillis == that.expiresAtMillis
                && hosts.equals(that.hosts) && Objects.equals(damage, that.damage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(exists, lastToken, holder, expiresAtMillis, hosts, damage);
    }

    @Override
    public String toString() {
        return "LeaseRecord[holder=" + holder + ", token=" + lastToken + ", expires=" + expiresAtMillis
                + (damage == null ? "" : ", damaged") + "]";
    }
}
