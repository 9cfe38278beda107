package dev.heliograph.client.internal.updates;

import dev.heliograph.session.NamedLease;

/**
 * The receiver lease as one host sees it: a pure state machine on a clock the caller passes in
 * (epoch milliseconds), so its timing is tested without waiting.
 *
 * <p>A follower asks for the lease every {@code ttl / 6}. A receiver renews it every
 * {@code ttl / 3} (after a failed renewal, every {@code ttl / 10}) and is the receiver only until
 * its <em>deadline</em>: three quarters of the lease after the request that granted or renewed it
 * was <em>sent</em>. The store dates the lease when the request arrives, later than that, so the
 * deadline falls a quarter of the lease (plus the store's delay) before the lease can lapse: a
 * receiver paused past its deadline (GC, {@code SIGSTOP}) finds itself a follower when it resumes,
 * before any other host may have taken the lease.
 */
final class ReceiverLeaseState {

    /** What the driver should ask the store now. */
    enum Action {
        /** Nothing until {@link #nextWake}. */
        NONE,
        /** Ask for the lease. */
        ACQUIRE,
        /** Renew {@link #lease()}. */
        RENEW
    }

    private final long ttl;
    private NamedLease lease;
    private long deadline = Long.MIN_VALUE;
    private long nextAsk;
    private boolean asking;

    /**
     * Starts as a follower that asks at once.
     *
     * @param ttlMillis the lease time
     */
    ReceiverLeaseState(long ttlMillis) {
        if (ttlMillis < 10) {
            throw new IllegalArgumentException("the receiver lease must last at least 10 ms: " + ttlMillis);
        }
        this.ttl = ttlMillis;
    }

    /**
     * Tells whether this host is the receiver.
     *
     * @param now epoch milliseconds
     * @return true while it holds the lease and its deadline is ahead
     */
    boolean receiving(long now) {
        return lease != null && now < deadline;
    }

    /**
     * Returns the lease held.
     *
     * @return the lease, or {@code null} for a follower
     */
    NamedLease lease() {
        return lease;
    }

    /**
     * Tells what to ask the store now; marks the request as under way.
     *
     * @param now epoch milliseconds
     * @return the action
     */
    Action next(long now) {
        if (asking || now < nextAsk) {
            return Action.NONE;
        }
        asking = true;
        return lease == null ? Action.ACQUIRE : Action.RENEW;
    }

    /**
     * Tells when to look again (a request's answer also wakes the driver).
     *
     * @param now epoch milliseconds
     * @return epoch milliseconds, after {@code now}
     */
    long nextWake(long now) {
        long wake = asking ? Long.MAX_VALUE : nextAsk;
        if (lease != null) {
            wake = Math.min(wake, deadline);
        }
        return Math.max(now + 1, wake);
    }

    /**
     * The store granted the lease (to a follower) or renewed it. A renewal that comes back after
     * the deadline made this host a follower is ignored: the role is gone, whatever the store says.
     *
     * @param granted the lease
     * @param askedAt when the request was sent
     * @param renewal whether the request was a renewal
     * @return true if this made a follower the receiver
     */
    boolean held(NamedLease granted, long askedAt, boolean renewal) {
        asking = false;
        if (renewal && lease == null) {
            return false;
        }
        boolean gained = lease == null;
        lease = granted;
        deadline = askedAt + ttl * 3 / 4;
        nextAsk = askedAt + ttl / 3;
        return gained;
    }

    /**
     * Another host holds the lease.
     *
     * @param now epoch milliseconds
     */
    void busy(long now) {
        asking = false;
        nextAsk = now + ttl / 6;
    }

    /**
     * A request failed without an answer (the store is slow or down): ask again soon.
     *
     * @param now epoch milliseconds
     */
    void failed(long now) {
        asking = false;
        nextAsk = now + (lease == null ? ttl / 6 : ttl / 10);
    }

    /**
     * Checks the deadline.
     *
     * @param now epoch milliseconds
     * @return true if this made the receiver a follower (its deadline passed unrenewed)
     */
    boolean expire(long now) {
        if (lease == null || now < deadline) {
            return false;
        }
        becomeFollower(now);
        return true;
    }

    /**
     * The store says the lease was granted again since ({@code LEASE_LOST}).
     *
     * @param now epoch milliseconds
     * @return true if this made the receiver a follower
     */
    boolean lost(long now) {
        asking = false;
        if (lease == null) {
            return false;
        }
        becomeFollower(now);
        return true;
    }

    /**
     * Gives the role up (the client closes).
     *
     * @return the lease to release, or {@code null}
     */
    NamedLease resign() {
        NamedLease held = lease;
        lease = null;
        deadline = Long.MIN_VALUE;
        nextAsk = Long.MAX_VALUE;
        return held;
    }

    private void becomeFollower(long now) {
        lease = null;
        deadline = Long.MIN_VALUE;
        // The lease may still run in the store for a quarter of it: asking before then is wasted.
        nextAsk = Math.max(nextAsk, now + ttl / 6);
    }
}
