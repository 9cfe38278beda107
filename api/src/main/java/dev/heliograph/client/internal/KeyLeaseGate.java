package dev.heliograph.client.internal;

import dev.heliograph.client.ClientResources;
import dev.heliograph.error.Failures;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.mtproto.DcAuthState;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.KeyLease;
import dev.heliograph.session.KeyLeaseAttempt;
import dev.heliograph.session.KeyPoolPolicy;
import dev.heliograph.session.ServerSalt;
import dev.heliograph.session.SessionStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One link's auth key lease: takes a key from the session's pool (or adds a new one), renews the
 * lease while the link lives, and answers the sender's question before every packet: may this
 * key still be used? It may until {@code deadline}: three quarters of a lease after the renewal
 * that granted it was <em>sent</em>, so the answer is safe whatever the store's delay, and a host
 * paused past its lease finds the deadline gone when it resumes and sends nothing.
 */
final class KeyLeaseGate implements LongPredicate {

    /** What the link does when the lease ends by itself. */
    interface Owner {
        /**
         * The lease is gone: stop using the key.
         *
         * @param gate the gate
         * @param cause why
         */
        void leaseLost(KeyLeaseGate gate, SessionStoreException cause);
    }

    /**
     * A key and whether this host created it (it then needs a bot login).
     *
     * @param state the key for the sender
     * @param auth the key as stored
     * @param created true if created here
     * @param stored completes with true when the store has the key (at once for a leased key), with
     *     false if it refused it; never fails
     */
    record Obtained(DcAuthState state, DcAuth auth, boolean created, CompletableFuture<Boolean> stored) {
    }

    private final SessionStore store;
    private final String session;
    private final String hostId;
    private final KeyPoolPolicy policy;
    private final ClientResources resources;
    private final LongSupplier clock;
    private final Events events;
    private final Owner owner;

    private final Object lock = new Object();
    private KeyLease lease;
    /**
     * While a key created here is being added to the pool: the lease it is added under (null if
     * the store refused it). Nobody else knows the key yet, so it may carry packets (under
     * {@link #deadline}) before the store has it.
     */
    private CompletableFuture<KeyLease> adding;
    private long deadline = Long.MIN_VALUE;
    private boolean ended;

    KeyLeaseGate(SessionStore store, String session, String hostId, KeyPoolPolicy policy, ClientResources resources,
            Events events, Owner owner) {
        this.store = store;
        this.session = session;
        this.hostId = hostId;
        this.policy = policy;
        this.resources = resources;
        this.clock = resources.wallClock();
        this.events = events;
        this.owner = owner;
    }

    /** The sender's check before each packet. */
    @Override
    public boolean test(long now) {
        synchronized (lock) {
            return !ended && (lease != null || adding != null) && now < deadline;
        }
    }

    /**
     * Leases a free key of the DC; waits for a resting key rather than creating one; creates a key
     * only when none rests, adding it to the pool under this host's lease. A created key is handed
     * out at once and added meanwhile (the link's next exchanges and calls need not wait for the
     * store's write); if the store refuses it, the lease ends as if it were lost.
     *
     * @param dcId the DC
     * @param create runs the key exchange on the link's connection
     * @return the key
     */
    CompletableFuture<Obtained> obtain(int dcId, Supplier<CompletionStage<DcAuthState>> create) {
        long asked = clock.getAsLong();
        return store.leaseAuthKey(session, dcId, hostId, policy).toCompletableFuture().thenCompose(attempt -> {
            attempt.quarantined().forEach(events::storeEntryQuarantined);
            if (attempt instanceof KeyLeaseAttempt.Leased leased) {
                hold(leased.lease(), asked);
                return CompletableFuture.completedFuture(new Obtained(toState(leased.auth(), clock.getAsLong()),
                        leased.auth(), false, CompletableFuture.completedFuture(true)));
            }
            KeyLeaseAttempt.NoFreeKey none = (KeyLeaseAttempt.NoFreeKey) attempt;
            if (none.nextFree().isPresent()) {
                long wait = Math.max(1, none.nextFree().get().toEpochMilli() - clock.getAsLong() + 1);
                return CompletableFuture.runAsync(() -> { },
                                resources.delayedExecutor(wait, TimeUnit.MILLISECONDS))
                        .thenCompose(x -> obtain(dcId, create));
            }
            events.authKeyExchangeStarted(dcId);
            return create.get().toCompletableFuture().thenApply(state -> {
                DcAuth auth = DcAuth.created(dcId, state.authKey(), state.serverSalt(),
                        state.timeOffsetMillis());
                return new Obtained(state, auth, true, add(auth));
            });
        });
    }

    /** Adds a key created here to the pool; it may be used meanwhile. */
    private CompletableFuture<Boolean> add(DcAuth auth) {
        long asked = clock.getAsLong();
        CompletableFuture<KeyLease> added = new CompletableFuture<>();
        synchronized (lock) {
            if (!ended) {
                adding = added;
                deadline = asked + policy.leaseTtl().toMillis() * 3 / 4;
            }
        }
        store.addAuthKey(session, hostId, auth, policy).whenComplete((granted, error) -> {
            if (error == null) {
                hold(granted, asked);
            } else {
                refused(auth.dcId(), Failures.unwrap(error));
            }
            added.complete(error == null ? granted : null);
        });
        return added.thenApply(granted -> granted != null);
    }

    private void refused(int dcId, Throwable cause) {
        synchronized (lock) {
            adding = null;
            if (ended) {
                return;
            }
            ended = true;
        }
        SessionStoreException lost = cause instanceof SessionStoreException s ? s
                : new SessionStoreException(SessionStoreException.Kind.UNAVAILABLE,
                        "the store did not take the new auth key of DC " + dcId, cause);
        CompletableFuture.runAsync(() -> owner.leaseLost(this, lost), resources.executor());
    }

    private void hold(KeyLease granted, long askedAt) {
        synchronized (lock) {
            adding = null;
            if (ended) {
                return;
            }
            lease = granted;
            deadline = askedAt + policy.leaseTtl().toMillis() * 3 / 4;
        }
        scheduleRenewal(granted, policy.leaseTtl().toMillis() / 3);
    }

    private void scheduleRenewal(KeyLease current, long delayMillis) {
        CompletableFuture.runAsync(() -> renew(current),
                resources.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
    }

    private void renew(KeyLease current) {
        long asked = clock.getAsLong();
        synchronized (lock) {
            if (ended || lease != current) {
                return;
            }
            if (asked >= deadline) {
                lost(new SessionStoreException(SessionStoreException.Kind.LEASE_LOST,
                        "the lease of auth key " + Long.toHexString(current.authKeyId()) + " could not be renewed in "
                                + Duration.ofMillis(policy.leaseTtl().toMillis() * 3 / 4), null));
                return;
            }
        }
        store.renewAuthKeyLease(current, policy).whenComplete((renewed, error) -> {
            if (error == null) {
                hold(renewed, asked);
                return;
            }
            Throwable cause = Failures.unwrap(error);
            if (cause instanceof SessionStoreException s && s.kind() == SessionStoreException.Kind.LEASE_LOST) {
                synchronized (lock) {
                    if (lease == current) {
                        lost(s);
                    }
                }
                return;
            }
            // The store is slow or down: try again soon; past the deadline the key is given up.
            scheduleRenewal(current, Math.max(1, policy.leaseTtl().toMillis() / 10));
        });
    }

    /** Called holding the lock. */
    private void lost(SessionStoreException cause) {
        if (ended) {
            return;
        }
        ended = true;
        KeyLease gone = lease;
        CompletableFuture.runAsync(() -> {
            events.authKeyLeaseLost(gone.dcId(), gone.authKeyId(), cause);
            owner.leaseLost(this, cause);
        }, resources.executor());
    }

    /**
     * Stops using the key and gives the lease back (the connection is closed, so the key only
     * rests for the release grace).
     *
     * @param revoked whether the server forgot the key: it leaves the pool
     * @return completes once the store has it; never fails
     */
    CompletableFuture<Void> release(boolean revoked) {
        KeyLease held;
        CompletableFuture<KeyLease> pending;
        synchronized (lock) {
            boolean wasEnded = ended;
            ended = true;
            held = wasEnded && !revoked ? null : lease;
            pending = adding;
        }
        if (pending != null) {
            // The store grants the lease of the key being added after this: give it back then.
            return pending.thenCompose(granted -> granted == null ? CompletableFuture.<Void>completedFuture(null)
                    : store.releaseAuthKey(granted, revoked).toCompletableFuture().handle((x, e) -> null));
        }
        if (held == null) {
            return CompletableFuture.completedFuture(null);
        }
        return store.releaseAuthKey(held, revoked).toCompletableFuture().handle((x, e) -> null);
    }

    /** The sender's view of a stored key. */
    private static DcAuthState toState(DcAuth auth, long nowMillis) {
        return new DcAuthState(auth.dcId(), auth.authKey(), currentSalt(auth.salts(), nowMillis / 1000),
                auth.timeOffsetMillis());
    }

    /** The salt valid now, else the newest; a wrong salt only costs one bad_server_salt round trip. */
    private static long currentSalt(List<ServerSalt> salts, long nowSeconds) {
        if (salts.isEmpty()) {
            return 0;
        }
        for (ServerSalt s : salts) {
            if (Integer.toUnsignedLong(s.validSince()) <= nowSeconds
                    && nowSeconds < Integer.toUnsignedLong(s.validUntil())) {
                return s.salt();
            }
        }
        return salts.get(salts.size() - 1).salt();
    }
}
