package dev.heliograph.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How a client receives updates: ordering, delivery guarantee, handler threads and queue bounds.
 * Immutable; build with {@link #builder()}. Part of {@link ClientConfig#updates()}.
 *
 * <h2>Delivery: at-least-once (default) or at-most-once</h2>
 * The client saves where it stands in the update sequences (pts, qts, seq, channel pts) in the
 * session store and, after a restart, fetches everything after that point with
 * {@code updates.getDifference}.
 * <ul>
 *   <li>{@link Delivery#AT_LEAST_ONCE}: the state is saved after the handlers finished with the
 *       updates it covers (coalesced: at most one write per {@link #saveInterval()}). Nothing is
 *       lost; after a crash (or a kill without {@code close()}) the updates handled since the last
 *       save are handed to handlers again. A clean {@code close()} saves the last state, so a normal
 *       restart repeats nothing. Make handlers idempotent, or accept rare repeats.</li>
 *   <li>{@link Delivery#AT_MOST_ONCE}: the state is saved (and the write awaited) before the
 *       handlers see the updates it covers. Nothing is handled twice; after a crash the updates
 *       queued or in a handler at that moment are lost. Every batch waits for a store write, so
 *       throughput depends on the store's latency.</li>
 * </ul>
 *
 * <h2>Hosts sharing a session: one update receiver</h2>
 * Of the hosts sharing a session through one store (the same session name; each its own
 * {@link ClientConfig#hostId()}), the one holding the session's receiver lease in the store
 * receives the updates: its connection is the only one the server pushes to, and its handlers run.
 * Every other host wraps its calls in {@code invokeWithoutUpdates} and asks for the lease now and
 * then; when the receiver dies, one of them takes the lease within {@link #receiverLease()},
 * resumes from the stored update state and fetches what it missed with {@code updates.getDifference}.
 * A single host is simply always the receiver. The same handlers are registered on every host.
 *
 * @since 0.1
 */
public final class UpdateSettings {

    /** The delivery guarantee across restarts and crashes. */
    public enum Delivery {
        /** Save after handling: nothing lost, repeats after a crash. */
        AT_LEAST_ONCE,
        /** Save before handling: nothing repeated, losses after a crash. */
        AT_MOST_ONCE
    }

    /** The default wait for updates that arrive out of order before fetching the difference. */
    public static final Duration DEFAULT_GAP_WAIT = Duration.ofMillis(500);
    /** The default bound of updates queued for handlers. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** The default coalescing interval of state writes (at-least-once). */
    public static final Duration DEFAULT_SAVE_INTERVAL = Duration.ofMillis(100);
    /** The default lease time of the update receiver. */
    public static final Duration DEFAULT_RECEIVER_LEASE = Duration.ofSeconds(3);
    /** The shortest receiver lease accepted (other than zero). */
    public static final Duration MIN_RECEIVER_LEASE = Duration.ofMillis(300);
    /** The default settings. */
    public static final UpdateSettings DEFAULT = builder().build();

    private final Duration gapWait;
    private final int queueCapacity;
    private final Delivery delivery;
    private final Duration saveInterval;
    private final int ptsTotalLimit;
    private final Executor executor;
    private final Duration receiverLease;

    private UpdateSettings(Builder b) {
        this.gapWait = b.gapWait;
        this.queueCapacity = b.queueCapacity;
        this.delivery = b.delivery;
        this.saveInterval = b.saveInterval;
        this.ptsTotalLimit = b.ptsTotalLimit;
        this.executor = b.executor;
        this.receiverLease = b.receiverLease;
    }

    /**
     * Starts settings with the defaults: 500 ms gap wait, 10,000 queued updates, at-least-once,
     * 100 ms save interval, no {@code pts_total_limit}, one handler thread of the client's own.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these settings.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.gapWait = gapWait;
        b.queueCapacity = queueCapacity;
        b.delivery = delivery;
        b.saveInterval = saveInterval;
        b.ptsTotalLimit = ptsTotalLimit;
        b.executor = executor;
        b.receiverLease = receiverLease;
        return b;
    }

    /**
     * Returns how long a gap in a sequence waits for the missing updates to arrive out of order
     * before the difference is fetched (Telegram suggests about 0.5 s).
     *
     * @return the wait
     */
    public Duration gapWait() {
        return gapWait;
    }

    /**
     * Returns how many updates may wait for handlers. When the queue is full, pushed updates are
     * not taken (the client reports {@link UpdateProblem.Kind#BACKPRESSURE}) and are fetched
     * with {@code updates.getDifference} once handlers have caught up: a slow handler slows
     * delivery down instead of growing memory. Differences are only fetched while the queue is at
     * most half full, so the queue holds at most this many updates plus one difference answer
     * (the server decides its size: it slices long differences, about 1,000 events each).
     *
     * @return the capacity
     */
    public int queueCapacity() {
        return queueCapacity;
    }

    /**
     * Returns the delivery guarantee.
     *
     * @return at-least-once (default) or at-most-once
     */
    public Delivery delivery() {
        return delivery;
    }

    /**
     * Returns the least time between two state writes with at-least-once delivery; a crash repeats
     * at most the updates handled in this window (plus those of a write in flight).
     *
     * @return the interval
     */
    public Duration saveInterval() {
        return saveInterval;
    }

    /**
     * Returns the {@code pts_total_limit} sent with {@code updates.getDifference}: a client
     * further behind than this gets {@code differenceTooLong} and skips the backlog
     * ({@link UpdateProblem.Kind#DIFFERENCE_TOO_LONG}: those updates are lost). 0, the default,
     * sends none: the server answers a long backlog in {@code differenceSlice}s and nothing is
     * lost. Set it for a bot that prefers dropping a long backlog to working through it.
     *
     * @return the limit, or 0 for none
     */
    public int ptsTotalLimit() {
        return ptsTotalLimit;
    }

    /**
     * Returns the executor handlers run on; empty means one daemon thread that the client starts
     * with the first handler and stops at {@code close()}. Handlers of one client run one at a
     * time, in order, whatever the executor (a virtual-thread executor on Java 21 works).
     *
     * @return the executor, if one was set
     */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /**
     * Returns the lease time of the update receiver among hosts sharing the session (see the class
     * description). The receiver renews its lease every third of it and stops handling updates (and
     * lets its connection go) three quarters of it after its last successful renewal was sent, so
     * a receiver paused by GC or {@code SIGSTOP} never handles updates beside its successor. A
     * follower asks for the lease every sixth of it: a dead receiver is replaced within about
     * 1.2 times the lease, plus one {@code updates.getDifference}. Default 3 s; zero turns the
     * election off (this host always receives, and the store sees no lease traffic: for a session
     * no other host shares).
     *
     * @return the lease time, or zero
     */
    public Duration receiverLease() {
        return receiverLease;
    }

    @Override
    public String toString() {
        return "UpdateSettings[gapWait=" + gapWait + ", queueCapacity=" + queueCapacity + ", delivery=" + delivery
                + ", saveInterval=" + saveInterval + ", ptsTotalLimit=" + ptsTotalLimit
                + ", receiverLease=" + receiverLease
                + ", executor=" + (executor == null ? "own thread" : executor.getClass().getSimpleName()) + "]";
    }

    /** Builds {@link UpdateSettings}. Not thread-safe. */
    public static final class Builder {
        private Duration gapWait = DEFAULT_GAP_WAIT;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Delivery delivery = Delivery.AT_LEAST_ONCE;
        private Duration saveInterval = DEFAULT_SAVE_INTERVAL;
        private int ptsTotalLimit;
        private Executor executor;
        private Duration receiverLease = DEFAULT_RECEIVER_LEASE;

        private Builder() {
        }

        /**
         * Sets the gap wait; see {@link UpdateSettings#gapWait()}.
         *
         * @param value zero or more
         * @return this builder
         */
        public Builder gapWait(Duration value) {
            this.gapWait = Objects.requireNonNull(value, "value is null");
            return this;
        }

        /**
         * Sets the queue capacity; see {@link UpdateSettings#queueCapacity()}.
         *
         * @param value at least 2
         * @return this builder
         */
        public Builder queueCapacity(int value) {
            this.queueCapacity = value;
            return this;
        }

        /**
         * Sets the delivery guarantee; see {@link UpdateSettings}.
         *
         * @param value the guarantee
         * @return this builder
         */
        public Builder delivery(Delivery value) {
            this.delivery = Objects.requireNonNull(value, "value is null");
            return this;
        }

        /**
         * Sets the save interval; see {@link UpdateSettings#saveInterval()}.
         *
         * @param value zero or more
         * @return this builder
         */
        public Builder saveInterval(Duration value) {
            this.saveInterval = Objects.requireNonNull(value, "value is null");
            return this;
        }

        /**
         * Sets the {@code pts_total_limit}; see {@link UpdateSettings#ptsTotalLimit()}.
         *
         * @param value 0 (none) or more
         * @return this builder
         */
        public Builder ptsTotalLimit(int value) {
            this.ptsTotalLimit = value;
            return this;
        }

        /**
         * Sets the executor handlers run on; see {@link UpdateSettings#executor()}. The client
         * does not shut it down.
         *
         * @param value the executor, or {@code null} for the client's own thread
         * @return this builder
         */
        public Builder executor(Executor value) {
            this.executor = value;
            return this;
        }

        /**
         * Sets the update receiver's lease time; see {@link UpdateSettings#receiverLease()}.
         *
         * @param value zero (no election), or at least {@link UpdateSettings#MIN_RECEIVER_LEASE}
         * @return this builder
         */
        public Builder receiverLease(Duration value) {
            this.receiverLease = Objects.requireNonNull(value, "value is null");
            return this;
        }

        /**
         * Checks and builds the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException naming every invalid value
         */
        public UpdateSettings build() {
            StringBuilder problems = new StringBuilder();
            if (gapWait.isNegative()) {
                problems.append(" gapWait must not be negative;");
            }
            if (saveInterval.isNegative()) {
                problems.append(" saveInterval must not be negative;");
            }
            if (ptsTotalLimit < 0) {
                problems.append(" ptsTotalLimit must not be negative;");
            }
            if (!receiverLease.isZero() && receiverLease.compareTo(MIN_RECEIVER_LEASE) < 0) {
                problems.append(" receiverLease must be zero or at least ").append(MIN_RECEIVER_LEASE).append(';');
            }
            if (queueCapacity < 2) {
                problems.append(" queueCapacity must be at least 2;");
            }
            if (problems.length() > 0) {
                throw new IllegalArgumentException("invalid update settings:" + problems);
            }
            return new UpdateSettings(this);
        }
    }
}
