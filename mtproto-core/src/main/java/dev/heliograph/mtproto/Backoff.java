package dev.heliograph.mtproto;

import dev.heliograph.crypto.RandomSource;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a sender waits before reconnect attempt {@code n}: exponential back-off with full
 * jitter, a delay drawn uniformly from {@code [0, min(max, base * 2^(n-1))]}. Full jitter spreads
 * the reconnects of many clients that lost the same server, so they do not return in waves.
 * Immutable; the randomness is the caller's (the sender's injected {@link RandomSource}), so a
 * test replays a schedule exactly.
 *
 * @since 0.1
 */
public final class Backoff {

    /** From 100 ms up to 10 s. */
    public static final Backoff DEFAULT = exponential(Duration.ofMillis(100), Duration.ofSeconds(10));

    private static final int MAX_DOUBLINGS = 30;

    private final Duration base;
    private final Duration max;

    private Backoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    /**
     * Creates a back-off that doubles from {@code base} up to {@code max}.
     *
     * @param base the ceiling of the first delay; positive
     * @param max the largest ceiling; at least {@code base}
     * @return the back-off
     * @throws IllegalArgumentException if {@code base} is not positive or {@code max} is below it
     */
    public static Backoff exponential(Duration base, Duration max) {
        Objects.requireNonNull(base, "base is null");
        Objects.requireNonNull(max, "max is null");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be positive: " + base);
        }
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("max " + max + " is below base " + base);
        }
        return new Backoff(base, max);
    }

    /**
     * Returns the ceiling of the first delay.
     *
     * @return the base
     */
    public Duration base() {
        return base;
    }

    /**
     * Returns the largest ceiling.
     *
     * @return the maximum
     */
    public Duration max() {
        return max;
    }

    /**
     * Returns the largest delay attempt {@code attempt} may wait: {@code min(max, base * 2^(attempt-1))}.
     *
     * @param attempt the attempt, from 1
     * @return the ceiling in milliseconds
     * @throws IllegalArgumentException if {@code attempt} is below 1
     */
    public long ceilingMillis(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        }
        long baseMillis = base.toMillis();
        long maxMillis = max.toMillis();
        int doublings = Math.min(attempt - 1, MAX_DOUBLINGS);
        return baseMillis > maxMillis >> doublings ? maxMillis : Math.min(maxMillis, baseMillis << doublings);
    }

    /**
     * Draws the delay before attempt {@code attempt}: uniform in {@code [0, ceilingMillis(attempt)]}.
     *
     * @param attempt the attempt, from 1
     * @param random where the jitter comes from
     * @return the delay in milliseconds
     */
    public long delayMillis(int attempt, RandomSource random) {
        long ceiling = ceilingMillis(attempt);
        return Long.remainderUnsigned(random.nextLong(), ceiling + 1);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Backoff that && base.equals(that.base) && max.equals(that.max);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, max);
    }

    @Override
    public String toString() {
        return "Backoff[exponential " + base + " .. " + max + ", full jitter]";
    }
}
