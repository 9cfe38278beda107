package dev.heliograph.client.internal.updates;

import dev.heliograph.client.ClientEventListener;
import dev.heliograph.client.ClientResources;
import dev.heliograph.error.Failures;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.NamedLease;
import dev.heliograph.session.NamedLeaseAttempt;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.SessionStore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Makes one host of those sharing a session the <em>update receiver</em>: the host that holds the
 * session's {@value #LEASE_NAME} lease in the store runs the update loop and lets updates flow to
 * its connection; every other host (a follower) wraps its calls in {@code invokeWithoutUpdates}, so
 * the server never pushes to it, and asks for the lease now and then. When the receiver dies, its
 * lease lapses and a follower takes it within the lease time, then resumes from the stored update
 * state with {@code updates.getDifference}. Timing and fencing: {@link ReceiverLeaseState}.
 *
 * <p>With a zero lease time there is no election: this host is the receiver from the start.
 */
public final class ReceiverElection {

    /** The name of the receiver lease in the session store. */
    public static final String LEASE_NAME = "updates";

    /** What happens when this host gains or loses the role; called in order, never concurrently. */
    public interface Role {
        /**
         * This host is the receiver now.
         *
         * @param stored the session as the store holds it now (the previous receiver's update
         *     state and peers), or {@code null} to keep what was loaded (no election, or the store
         *     could not be read: the older state only repeats updates)
         */
        void gained(SessionSnapshot stored);

        /**
         * This host is a follower now (after having been the receiver).
         *
         * @param cause why
         */
        void lost(Throwable cause);
    }

    private final SessionStore store;
    private final String session;
    private final String hostId;
    private final Duration ttl;
    private final ClientEventListener listener;
    private final LongSupplier clock;
    private final ClientResources resources;

    private final Object lock = new Object();
    private final ReceiverLeaseState state;
    private Role role;
    private boolean closed;
    private long wakeAt = Long.MAX_VALUE;
    private CompletableFuture<Void> roleChanges = CompletableFuture.completedFuture(null);
    /** Completes at the first answer: a follower at once, a new receiver once its role has started. */
    private final CompletableFuture<Void> settled = new CompletableFuture<>();

    /**
     * Creates the election; nothing happens before {@link #start}.
     *
     * @param store the session store the hosts share
     * @param session the session
     * @param hostId this host
     * @param ttl the lease time, or zero for no election
     * @param listener where role changes and untrustworthy lease records are reported
     * @param resources its wall clock (the one the store dates leases by), timer and threads
     */
    public ReceiverElection(SessionStore store, String session, String hostId, Duration ttl,
            ClientEventListener listener, ClientResources resources) {
        this.store = ttl.isZero() ? store : Objects.requireNonNull(store, "store is null");
        this.session = Objects.requireNonNull(session, "session is null");
        this.hostId = Objects.requireNonNull(hostId, "hostId is null");
        this.ttl = Objects.requireNonNull(ttl, "ttl is null");
        this.listener = Objects.requireNonNull(listener, "listener is null");
        this.resources = Objects.requireNonNull(resources, "resources is null");
        this.clock = resources.wallClock();
        this.state = ttl.isZero() ? null : new ReceiverLeaseState(ttl.toMillis());
    }

    /**
     * Returns an election with no store: this host is the receiver as soon as it starts.
     *
     * @param listener where the role change is reported
     * @return the election
     */
    public static ReceiverElection none(ClientEventListener listener) {
        return new ReceiverElection(null, "none", "none", Duration.ZERO, listener, ClientResources.shared());
    }

    /**
     * Tells whether this host is the receiver now: calls go without the wrapper, and pushed updates
     * are handled. Before {@link #start}, only a host without election is.
     *
     * @return true for the receiver
     */
    public boolean receiving() {
        if (state == null) {
            return true;
        }
        synchronized (lock) {
            return !closed && state.receiving(clock.getAsLong());
        }
    }

    /**
     * Starts competing for the role (once; later calls only return the first answer).
     *
     * @param role what to do on gaining and losing it
     * @return completes at the first answer: at once if another host is the receiver (or the store
     *     failed), after {@link Role#gained} if this host became it
     */
    public CompletableFuture<Void> start(Role role) {
        Objects.requireNonNull(role, "role is null");
        synchronized (lock) {
            if (this.role != null || closed) {
                if (closed) {
                    settled.completeAsync(() -> null);
                }
                return settled;
            }
            this.role = role;
            if (state == null) {
                gain();
                return settled;
            }
        }
        step();
        return settled;
    }

    /** Looks at the state: reports a lapsed deadline, sends the request due, schedules the next look. */
    private void step() {
        ReceiverLeaseState.Action action;
        NamedLease renewing;
        long now;
        synchronized (lock) {
            if (closed || role == null) {
                return;
            }
            now = clock.getAsLong();
            if (state.expire(now)) {
                lose(new SessionStoreException(SessionStoreException.Kind.LEASE_LOST, "the update receiver lease of "
                        + session + " was not renewed within " + ttl.toMillis() * 3 / 4 + " ms", null));
            }
            action = state.next(now);
            renewing = state.lease();
            long wake = state.nextWake(now);
            if (wake < wakeAt) {
                wakeAt = wake;
                resources.delayedExecutor(wake - now, TimeUnit.MILLISECONDS).execute(this::woken);
            }
        }
        if (action == ReceiverLeaseState.Action.ACQUIRE) {
            store.tryLease(session, LEASE_NAME, hostId, ttl).whenComplete((attempt, error) -> acquired(attempt, error, now));
        } else if (action == ReceiverLeaseState.Action.RENEW) {
            store.renewLease(renewing, ttl).whenComplete((renewed, error) -> renewed(renewed, error, now));
        }
    }

    private void woken() {
        synchronized (lock) {
            wakeAt = Long.MAX_VALUE;
        }
        step();
    }

    private void acquired(NamedLeaseAttempt attempt, Throwable error, long askedAt) {
        NamedLease stray = null;
        boolean follower = false;
        synchronized (lock) {
            long now = clock.getAsLong();
            if (error != null) {
                state.failed(now);
                follower = true;
            } else if (attempt instanceof NamedLeaseAttempt.Acquired got) {
                got.problems().forEach(listener::storeEntryQuarantined);
                if (closed) {
                    stray = got.lease();
                } else if (state.held(got.lease(), askedAt, false)) {
                    gain();
                }
            } else {
                state.busy(now);
                follower = true;
            }
        }
        if (follower) {
            settled.complete(null);
        }
        if (stray != null) {
            store.releaseLease(stray);
        }
        step();
    }

    private void renewed(NamedLease renewed, Throwable error, long askedAt) {
        synchronized (lock) {
            long now = clock.getAsLong();
            Throwable cause = Failures.unwrap(error);
            if (cause == null) {
                state.held(renewed, askedAt, true);
            } else if (cause instanceof SessionStoreException s && s.kind() == SessionStoreException.Kind.LEASE_LOST) {
                if (state.lost(now)) {
                    lose(s);
                }
            } else {
                state.failed(now);
            }
        }
        step();
    }

    /** Called holding the lock; the role runs later, on another thread, after the earlier changes. */
    private void gain() {
        Role r = role;
        CompletableFuture<SessionSnapshot> stored = state == null ? CompletableFuture.completedFuture(null)
                : store.load(session).toCompletableFuture().exceptionally(e -> null);
        // Async: the role takes the loop's lock, and this runs under the election's.
        roleChanges = roleChanges.handle((x, e) -> null).thenCompose(x -> stored).thenAcceptAsync(snapshot -> {
            try {
                r.gained(snapshot);
            } finally {
                listener.becameUpdateReceiver();
                settled.complete(null);
            }
        }, resources.executor());
    }

    /** Called holding the lock. */
    private void lose(Throwable cause) {
        Role r = role;
        queue(() -> {
            try {
                r.lost(cause);
            } finally {
                listener.lostUpdateReceiver(cause);
            }
        });
    }

    /** Runs a role change after the earlier ones, whatever became of them (called holding the lock). */
    private void queue(Runnable change) {
        roleChanges = roleChanges.handle((x, e) -> null).thenRunAsync(change, resources.executor());
    }

    /**
     * Gives the role up and the lease back, so that a follower takes over at once.
     *
     * @return completes once the store has the release; never fails
     */
    public CompletableFuture<Void> close() {
        NamedLease held;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            closed = true;
            held = state == null ? null : state.resign();
        }
        if (held == null) {
            return CompletableFuture.completedFuture(null);
        }
        return store.releaseLease(held).toCompletableFuture().handle((x, e) -> null);
    }
}
