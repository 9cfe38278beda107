package dev.heliograph.client;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.mtproto.SharedScheduler;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What a client runs on and reads time and randomness from: the worker pool, the timer, the wall
 * clock, the monotonic clock and the random source. Immutable; many clients share one.
 * {@link #shared()} is the default; tests and hosts that want their own threads or a controlled
 * clock build another with {@link #builder()} and hand it to
 * {@link HeliographClient.Builder#resources} (or {@link HeliographModule}).
 *
 * <p>A client never shuts its resources down: closing a client leaves them running for the other
 * clients. Whoever created an executor or timer given here shuts it down, after the last client
 * using it is closed.
 *
 * @since 0.1
 */
public final class ClientResources {

    private static final class Holder {
        static final ClientResources SHARED = new Builder(SharedScheduler.pool(), SharedScheduler.timer(),
                System::currentTimeMillis, System::nanoTime, RandomSource.secure()).build();
    }

    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final LongSupplier wallClock;
    private final LongSupplier ticker;
    private final RandomSource random;

    private ClientResources(Builder b) {
        this.executor = b.executor;
        this.timer = b.timer;
        this.wallClock = b.wallClock;
        this.ticker = b.ticker;
        this.random = b.random;
    }

    /**
     * Returns the default every client uses unless given another: {@link SharedScheduler}'s pool
     * and timer (daemon threads, created on first use, never shut down), the system clocks and one
     * {@link java.security.SecureRandom}.
     *
     * @return the shared resources
     */
    public static ClientResources shared() {
        return Holder.SHARED;
    }

    /**
     * Starts from the values of {@link #shared()}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return shared().toBuilder();
    }

    /**
     * Returns a builder holding these values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder(executor, timer, wallClock, ticker, random);
    }

    /**
     * Returns the pool that runs the connections' work and completes the client's futures.
     *
     * @return the executor
     */
    public Executor executor() {
        return executor;
    }

    /**
     * Returns the timer: call timeouts, keep-alives, reconnect and flood-wait delays, lease renewals,
     * update retries. Its tasks are short; work they start runs on {@link #executor()}.
     *
     * @return the timer
     */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * Returns the wall clock: milliseconds since the epoch (message ids, leases, flood-wait ends, salts).
     *
     * @return the clock
     */
    public LongSupplier wallClock() {
        return wallClock;
    }

    /**
     * Returns the monotonic clock in nanoseconds (durations: login time, call latency, update timers).
     *
     * @return the clock
     */
    public LongSupplier ticker() {
        return ticker;
    }

    /**
     * Returns the randomness of the connections and of the client (nonces, padding, reconnect
     * jitter). Replies' {@code random_id}s are derived from the message they answer instead (see
     * {@link IncomingMessage#reply}).
     *
     * @return the source
     */
    public RandomSource random() {
        return random;
    }

    /**
     * Returns an executor that runs each task on {@link #executor()} after a delay timed by
     * {@link #timer()}, like {@link java.util.concurrent.CompletableFuture#delayedExecutor} but on
     * these resources' threads.
     *
     * @param delay the delay
     * @param unit its unit
     * @return the executor
     */
    public Executor delayedExecutor(long delay, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit is null");
        return task -> timer.schedule(() -> executor.execute(task), delay, unit);
    }

    @Override
    public String toString() {
        return this == Holder.SHARED ? "ClientResources[shared]" : "ClientResources[custom]";
    }

    /** Builds {@link ClientResources}. */
    public static final class Builder {
        private Executor executor;
        private ScheduledExecutorService timer;
        private LongSupplier wallClock;
        private LongSupplier ticker;
        private RandomSource random;

        private Builder(Executor executor, ScheduledExecutorService timer, LongSupplier wallClock,
                LongSupplier ticker, RandomSource random) {
            this.executor = executor;
            this.timer = timer;
            this.wallClock = wallClock;
            this.ticker = ticker;
            this.random = random;
        }

        /**
         * Sets the worker pool (a client uses one of its threads at a time per connection).
         *
         * @param value the pool
         * @return this builder
         */
        public Builder executor(Executor value) {
            this.executor = Objects.requireNonNull(value, "executor is null");
            return this;
        }

        /**
         * Sets the timer (one thread is enough for any number of clients).
         *
         * @param value the timer
         * @return this builder
         */
        public Builder timer(ScheduledExecutorService value) {
            this.timer = Objects.requireNonNull(value, "timer is null");
            return this;
        }

        /**
         * Sets the wall clock (tests use it to start with a skewed clock).
         *
         * @param value milliseconds since the epoch
         * @return this builder
         */
        public Builder wallClock(LongSupplier value) {
            this.wallClock = Objects.requireNonNull(value, "wallClock is null");
            return this;
        }

        /**
         * Sets the monotonic clock.
         *
         * @param value nanoseconds, as {@link System#nanoTime()}
         * @return this builder
         */
        public Builder ticker(LongSupplier value) {
            this.ticker = Objects.requireNonNull(value, "ticker is null");
            return this;
        }

        /**
         * Sets the random source (it must be thread-safe: every connection of every client sharing
         * these resources draws from it).
         *
         * @param value the source
         * @return this builder
         */
        public Builder random(RandomSource value) {
            this.random = Objects.requireNonNull(value, "random is null");
            return this;
        }

        /**
         * Builds the resources.
         *
         * @return the resources
         */
        public ClientResources build() {
            return new ClientResources(this);
        }
    }
}
