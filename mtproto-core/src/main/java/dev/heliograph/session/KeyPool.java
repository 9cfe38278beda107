package dev.heliograph.session;

import dev.heliograph.error.SessionStoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The auth keys of one DC of one session, each leased to at most one host at a time: immutable.
 * This is the one definition of the leasing rules; a store keeps a pool per (session, DC) and
 * applies these transitions to it atomically (see {@link AbstractSessionStore}). Every transition
 * takes the current time, so the rules are testable without waiting.
 *
 * <p>A key is <em>leased</em> while its holder's lease runs; once released (clean stop) it rests
 * for {@link KeyPoolPolicy#releaseGrace()}, once lapsed (holder dead or hung) for
 * {@link KeyPoolPolicy#expiryGrace()}, then any host may lease it. The host that held it last may
 * take it back at once: it is the same client address, so the server sees no second user.
 *
 * <p>Entries that cannot be trusted are set aside ({@link #quarantined()}) by the next transition,
 * which reports each as a {@link SessionStoreException} of kind {@code CORRUPT}: an entry that
 * failed its checksum ({@link #damaged()}, found while decoding) and an entry leased by a host id
 * the pool never handed a lease to.
 *
 * @since 0.2
 */
public final class KeyPool {

    private static final KeyPool ABSENT = new KeyPool(false, 0, Set.of(), Map.of(), List.of(), List.of());

    /**
     * One key of the pool and its lease state.
     *
     * @param auth the key and its salts
     * @param holder the host that holds (or last held) the lease, or {@code null} if never leased
     * @param fencingToken the token of the holder's lease (0 if never leased)
     * @param expiresAtMillis when the lease lapses (or lapsed), epoch milliseconds
     * @param released whether the holder gave the lease back (rather than letting it lapse)
     */
    public record Entry(DcAuth auth, String holder, long fencingToken, long expiresAtMillis, boolean released) {
        /** Checks the values. */
        public Entry {
            Objects.requireNonNull(auth, "auth is null");
        }

        /**
         * Tells when this key may be leased by another host than its last holder.
         *
         * @param policy the graces
         * @return epoch milliseconds; 0 for a key never leased
         */
        public long freeAtMillis(KeyPoolPolicy policy) {
            if (holder == null) {
                return 0;
            }
            return expiresAtMillis + (released ? policy.releaseGrace() : policy.expiryGrace()).toMillis();
        }

        boolean leasedAt(long now) {
            return holder != null && !released && expiresAtMillis > now;
        }
    }

    /**
     * An entry that was set aside.
     *
     * @param authKeyId the key id the entry claimed
     * @param reason why it was set aside
     */
    public record Quarantined(long authKeyId, String reason) {
        /** Checks the value. */
        public Quarantined {
            Objects.requireNonNull(reason, "reason is null");
        }
    }

    /**
     * The outcome of a transition.
     *
     * @param pool the pool after it (the same instance when nothing changed)
     * @param result what the transition answers
     * @param quarantined the entries it set aside, each as a typed error to report
     * @param <T> the answer's type
     */
    public record Step<T>(KeyPool pool, T result, List<SessionStoreException> quarantined) {
        /** Copies the list. */
        public Step {
            Objects.requireNonNull(pool, "pool is null");
            quarantined = List.copyOf(quarantined);
        }
    }

    private final boolean exists;
    private final long lastToken;
    private final Set<String> hosts;
    private final Map<Long, Entry> entries;
    private final List<Quarantined> damaged;
    private final List<Quarantined> quarantined;

    private KeyPool(boolean exists, long lastToken, Set<String> hosts, Map<Long, Entry> entries,
            List<Quarantined> damaged, List<Quarantined> quarantined) {
        this.exists = exists;
        this.lastToken = lastToken;
        this.hosts = Collections.unmodifiableSet(new LinkedHashSet<>(hosts));
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        this.damaged = List.copyOf(damaged);
        this.quarantined = List.copyOf(quarantined);
    }

    /**
     * Returns the pool of a DC that has never had one.
     *
     * @return the absent pool
     */
    public static KeyPool absent() {
        return ABSENT;
    }

    /**
     * Returns a stored pool, as a codec read it.
     *
     * @param lastToken the highest fencing token handed out
     * @param hosts every host id the pool handed a lease to
     * @param entries the keys, in order of addition
     * @param damaged entries that failed their checksum while decoding
     * @param quarantined entries set aside before
     * @return the pool
     */
    public static KeyPool of(long lastToken, Set<String> hosts, List<Entry> entries, List<Quarantined> damaged,
            List<Quarantined> quarantined) {
        Map<Long, Entry> byId = new LinkedHashMap<>();
        for (Entry e : entries) {
            byId.put(e.auth().authKeyId(), e);
        }
        return new KeyPool(true, lastToken, hosts, byId, damaged, quarantined);
    }

    /**
     * Tells whether the pool was ever stored (a pool whose keys were all revoked still exists).
     *
     * @return false for {@link #absent()}
     */
    public boolean exists() {
        return exists;
    }

    /**
     * Returns the highest fencing token handed out.
     *
     * @return the token, 0 if none
     */
    public long lastToken() {
        return lastToken;
    }

    /**
     * Returns every host id the pool handed a lease to.
     *
     * @return an unmodifiable set, in order of first lease
     */
    public Set<String> hosts() {
        return hosts;
    }

    /**
     * Returns the keys.
     *
     * @return an unmodifiable list, in order of addition
     */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /**
     * Returns the entries that failed their checksum when read, not yet set aside.
     *
     * @return an unmodifiable list
     */
    public List<Quarantined> damaged() {
        return damaged;
    }

    /**
     * Returns the entries set aside.
     *
     * @return an unmodifiable list
     */
    public List<Quarantined> quarantined() {
        return quarantined;
    }

    /**
     * Makes a session's existing key the first entry of a pool that does not exist yet (sessions
     * written before key pools had one key per DC). Does nothing to a pool that exists.
     *
     * @param legacy the session's key for the DC, if any
     * @return the pool
     */
    public KeyPool adopt(Optional<DcAuth> legacy) {
        if (exists || legacy.isEmpty()) {
            return this;
        }
        return of(0, Set.of(), List.of(new Entry(legacy.get(), null, 0, 0, false)), List.of(), List.of());
    }

    /**
     * Leases a free key to {@code hostId}: preferably one it held last, else the one free the
     * longest.
     *
     * @param sessionName the session, for the lease
     * @param dcId the DC, for the lease
     * @param hostId the caller
     * @param now epoch milliseconds
     * @param policy the timing
     * @return the pool after the lease and the attempt's answer
     */
    public Step<KeyLeaseAttempt> lease(String sessionName, int dcId, String hostId, long now, KeyPoolPolicy policy) {
        Builder next = screened();
        Entry chosen = null;
        long nextFree = Long.MAX_VALUE;
        for (Entry e : next.entries.values()) {
            if (e.leasedAt(now)) {
                continue;
            }
            long freeAt = e.freeAtMillis(policy);
            boolean mine = hostId.equals(e.holder());
            if (mine || freeAt <= now) {
                if (chosen == null || mine && !hostId.equals(chosen.holder())
                        || !hostId.equals(chosen.holder()) && freeAt < chosen.freeAtMillis(policy)) {
                    chosen = e;
                }
            } else {
                nextFree = Math.min(nextFree, freeAt);
            }
        }
        if (chosen == null) {
            Optional<Instant> when = nextFree == Long.MAX_VALUE ? Optional.empty()
                    : Optional.of(Instant.ofEpochMilli(nextFree));
            return next.step(new KeyLeaseAttempt.NoFreeKey(when, next.problems), this);
        }
        KeyLease lease = next.grant(sessionName, dcId, chosen.auth(), hostId, now, policy);
        return next.step(new KeyLeaseAttempt.Leased(lease, chosen.auth(), next.problems), null);
    }

    /**
     * Adds a key this host just created, leased to it.
     *
     * @param sessionName the session, for the lease
     * @param hostId the creator
     * @param auth the new key
     * @param now epoch milliseconds
     * @param policy the timing
     * @return the pool after the addition and the creator's lease
     */
    public Step<KeyLease> add(String sessionName, String hostId, DcAuth auth, long now, KeyPoolPolicy policy) {
        Builder next = screened();
        KeyLease lease = next.grant(sessionName, auth.dcId(), auth, hostId, now, policy);
        return next.step(lease, null);
    }

    /**
     * Extends a lease, if it is still the key's current one (no other host leased the key since).
     *
     * @param lease the lease
     * @param now epoch milliseconds
     * @param policy the timing
     * @return the pool and the extended lease, or an empty result if the lease is lost
     */
    public Step<Optional<KeyLease>> renew(KeyLease lease, long now, KeyPoolPolicy policy) {
        Entry e = entries.get(lease.authKeyId());
        if (!current(e, lease)) {
            return new Step<>(this, Optional.empty(), List.of());
        }
        long expires = now + policy.leaseTtl().toMillis();
        Builder next = new Builder(this);
        next.entries.put(lease.authKeyId(), new Entry(e.auth(), e.holder(), e.fencingToken(), expires, false));
        return next.step(Optional.of(new KeyLease(lease.sessionName(), lease.dcId(), lease.authKeyId(),
                lease.hostId(), lease.fencingToken(), Instant.ofEpochMilli(expires))), null);
    }

    /**
     * Gives a lease back: the key rests for the release grace, or leaves the pool if the server
     * no longer knows it. Does nothing for a lease that is no longer the key's current one.
     *
     * @param lease the lease
     * @param revoked whether the server forgot the key (transport error -404)
     * @param now epoch milliseconds
     * @return the pool and whether the lease was still current
     */
    public Step<Boolean> release(KeyLease lease, boolean revoked, long now) {
        Entry e = entries.get(lease.authKeyId());
        if (!current(e, lease)) {
            return new Step<>(this, false, List.of());
        }
        Builder next = new Builder(this);
        if (revoked) {
            next.entries.remove(lease.authKeyId());
        } else {
            next.entries.put(lease.authKeyId(),
                    new Entry(e.auth(), e.holder(), e.fencingToken(), Math.min(now, e.expiresAtMillis()), true));
        }
        return next.step(true, null);
    }

    private static boolean current(Entry e, KeyLease lease) {
        return e != null && lease.hostId().equals(e.holder()) && e.fencingToken() == lease.fencingToken()
                && !e.released();
    }

    /** A copy with damaged entries and entries of unknown holders moved to the quarantine. */
    private Builder screened() {
        Builder next = new Builder(this);
        for (Quarantined d : damaged) {
            next.quarantine(d);
        }
        next.damaged.clear();
        for (Entry e : List.copyOf(next.entries.values())) {
            if (e.holder() != null && !hosts.contains(e.holder())) {
                next.entries.remove(e.auth().authKeyId());
                next.quarantine(new Quarantined(e.auth().authKeyId(),
                        "leased by host id '" + e.holder() + "', which the pool never gave a lease to"));
            }
        }
        return next;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyPool that && exists == that.exists && lastToken == that.lastToken
                && hosts.equals(that.hosts) && entries.equals(that.entries) && damaged.equals(that.damaged)
                && quarantined.equals(that.quarantined);
    }

    @Override
    public int hashCode() {
        return Objects.hash(exists, lastToken, hosts, entries, damaged, quarantined);
    }

    /** Names key ids and holders; never a key. */
    @Override
    public String toString() {
        return "KeyPool[keys=" + entries.size() + ", hosts=" + hosts.size() + ", lastToken=" + lastToken
                + ", quarantined=" + quarantined.size() + "]";
    }

    /** A mutable copy for one transition. */
    private static final class Builder {
        private final KeyPool from;
        private long lastToken;
        private final Set<String> hosts;
        private final Map<Long, Entry> entries;
        private final List<Quarantined> damaged;
        private final List<Quarantined> quarantined;
        private final List<SessionStoreException> problems = new ArrayList<>();

        Builder(KeyPool from) {
            this.from = from;
            this.lastToken = from.lastToken;
            this.hosts = new LinkedHashSet<>(from.hosts);
            this.entries = new LinkedHashMap<>(from.entries);
            this.damaged = new ArrayList<>(from.damaged);
            this.quarantined = new ArrayList<>(from.quarantined);
        }

        void quarantine(Quarantined q) {
            quarantined.add(q);
            problems.add(new SessionStoreException(SessionStoreException.Kind.CORRUPT,
                    "auth key pool entry " + Long.toHexString(q.authKeyId()) + " quarantined: " + q.reason(), null));
        }

        KeyLease grant(String sessionName, int dcId, DcAuth auth, String hostId, long now, KeyPoolPolicy policy) {
            lastToken++;
            hosts.add(hostId);
            long expires = now + policy.leaseTtl().toMillis();
            entries.put(auth.authKeyId(), new Entry(auth, hostId, lastToken, expires, false));
            return new KeyLease(sessionName, dcId, auth.authKeyId(), hostId, lastToken, Instant.ofEpochMilli(expires));
        }

        /** The new pool, or {@code unchanged} itself when nothing but a look happened. */
        <T> Step<T> step(T result, KeyPool unchanged) {
            if (unchanged != null && problems.isEmpty()) {
                return new Step<>(unchanged, result, problems);
            }
            return new Step<>(new KeyPool(true, lastToken, hosts, entries, damaged, quarantined), result, problems);
        }
    }
}
