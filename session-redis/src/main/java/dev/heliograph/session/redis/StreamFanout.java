package dev.heliograph.session.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RedisSessionStore} spreads a session's updates over the hosts sharing it with Redis
 * Streams (see {@link dev.heliograph.session.UpdateQueue} and this module's README). Immutable;
 * build with {@link #builder()} and pass to {@link RedisSessionStore.Builder#updateFanout}.
 *
 * <p>Every host sharing a session must use the same {@link #shards()}: a chat's shard is its key's
 * hash modulo the count.
 */
public final class StreamFanout {

    /** The defaults: 16 shards, 10 s shard leases, 24 h de-duplication, 64 entries per read. */
    public static final StreamFanout DEFAULT = builder().build();

    private final int shards;
    private final Duration leaseTtl;
    private final Duration claimIdle;
    private final Duration dedupTtl;
    private final int readCount;
    private final Duration block;
    private final int deadLetterMaxLength;

    private StreamFanout(Builder b) {
        this.shards = b.shards;
        this.leaseTtl = b.leaseTtl;
        this.claimIdle = b.claimIdle != null ? b.claimIdle : b.leaseTtl;
        this.dedupTtl = b.dedupTtl;
        this.readCount = b.readCount;
        this.block = b.block;
        this.deadLetterMaxLength = b.deadLetterMaxLength;
    }

    /**
     * Starts settings with the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns how many streams the updates are spread over: a chat's updates all go to one, and
     * one host at a time consumes each, so this is the most hosts that can share the work.
     *
     * @return the shard count
     */
    public int shards() {
        return shards;
    }

    /**
     * Returns how long a host's hold on a shard lasts unless renewed (it renews every third of it):
     * the longest a dead host's shards wait before another host takes them.
     *
     * @return the lease time
     */
    public Duration leaseTtl() {
        return leaseTtl;
    }

    /**
     * Returns how long an entry taken by another consumer must have been idle before the new owner
     * of its shard claims it ({@code XAUTOCLAIM}); default: the lease time.
     *
     * @return the idle time
     */
    public Duration claimIdle() {
        return claimIdle;
    }

    /**
     * Returns how long a handled update is remembered so that a repeat of it is skipped.
     *
     * @return the de-duplication window
     */
    public Duration dedupTtl() {
        return dedupTtl;
    }

    /**
     * Returns the most entries one read takes.
     *
     * @return the count
     */
    public int readCount() {
        return readCount;
    }

    /**
     * Returns how long one read waits for new entries ({@code XREADGROUP ... BLOCK}).
     *
     * @return the wait
     */
    public Duration block() {
        return block;
    }

    /**
     * Returns about how many quarantined entries the dead-letter stream keeps
     * ({@code MAXLEN ~}).
     *
     * @return the bound
     */
    public int deadLetterMaxLength() {
        return deadLetterMaxLength;
    }

    @Override
    public String toString() {
        return "StreamFanout[shards=" + shards + ", leaseTtl=" + leaseTtl + ", claimIdle=" + claimIdle + ", dedupTtl="
                + dedupTtl + ", readCount=" + readCount + ", block=" + block + ", deadLetterMaxLength="
                + deadLetterMaxLength + "]";
    }

    /** Builds {@link StreamFanout}. Not thread-safe. */
    public static final class Builder {
        private int shards = 16;
        private Duration leaseTtl = Duration.ofSeconds(10);
        private Duration claimIdle;
        private Duration dedupTtl = Duration.ofHours(24);
        private int readCount = 64;
        private Duration block = Duration.ofMillis(500);
        private int deadLetterMaxLength = 10_000;

        private Builder() {
        }

        /**
         * Sets the shard count; see {@link StreamFanout#shards()}.
         *
         * @param value 1 to 1024
         * @return this builder
         */
        public Builder shards(int value) {
            this.shards = value;
            return this;
        }

        /**
         * Sets the shard lease time; see {@link StreamFanout#leaseTtl()}.
         *
         * @param value at least 300 ms
         * @return this builder
         */
        public Builder leaseTtl(Duration value) {
            this.leaseTtl = Objects.requireNonNull(value, "value is null");
            return this;
        }

        /**
         * Sets the claim idle time; see {@link StreamFanout#claimIdle()}.
         *
         * @param value zero or more
         * @return this builder
         */
        public Builder claimIdle(Duration value) {
            this.claimIdle = Objects.requireNonNull(value, "value is null");
            return this;
        }

        /**
         * Sets the de-duplication window; see {@link StreamFanout#dedupTtl()}.
         *
         * @param value at least 1 s
         * @return this builder
         */
        public Builder dedupTtl(Duration value) {
            this.dedupTtl = Objects.requireNonNull(value, "value is null");
            return this;
        }

        /**
         * Sets the entries per read; see {@link StreamFanout#readCount()}.
         *
         * @param value 1 to 10,000
         * @return this builder
         */
        public Builder readCount(int value) {
            this.readCount = value;
            return this;
        }

        /**
         * Sets the read wait; see {@link StreamFanout#block()}.
         *
         * @param value 1 ms to a third of the lease time
         * @return this builder
         */
        public Builder block(Duration value) {
            this.block = Objects.requireNonNull(value, "value is null");
            return this;
        }

        /**
         * Sets the dead-letter bound; see {@link StreamFanout#deadLetterMaxLength()}.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder deadLetterMaxLength(int value) {
            this.deadLetterMaxLength = value;
            return this;
        }

        /**
         * Checks and builds the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException naming every invalid value
         */
        public StreamFanout build() {
            StringBuilder problems = new StringBuilder();
            if (shards < 1 || shards > 1024) {
                problems.append(" shards must be 1 to 1024;");
            }
            if (leaseTtl.toMillis() < 300) {
                problems.append(" leaseTtl must be at least 300 ms;");
            }
            if (claimIdle != null && claimIdle.isNegative()) {
                problems.append(" claimIdle must not be negative;");
            }
            if (dedupTtl.toMillis() < 1000) {
                problems.append(" dedupTtl must be at least 1 s;");
            }
            if (readCount < 1 || readCount > 10_000) {
                problems.append(" readCount must be 1 to 10,000;");
            }
            if (block.toMillis() < 1 || block.toMillis() > leaseTtl.toMillis() / 3) {
                problems.append(" block must be 1 ms to a third of leaseTtl;");
            }
            if (deadLetterMaxLength < 1) {
                problems.append(" deadLetterMaxLength must be at least 1;");
            }
            if (problems.length() > 0) {
                throw new IllegalArgumentException("invalid stream fan-out settings:" + problems);
            }
            return new StreamFanout(this);
        }
    }
}
