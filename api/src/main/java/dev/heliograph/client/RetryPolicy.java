package dev.heliograph.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a call that failed with {@code 420 FLOOD_WAIT_X} is retried, and after how
 * long. A policy is a small value: the client consults it once per failure and either sleeps
 * (without blocking a thread) and repeats the call, or fails the call with the
 * {@link dev.heliograph.error.FloodWaitException}, whose {@code waitTime()} tells the caller how
 * long the server asked to wait.
 *
 * <p>Implementations must be thread-safe and side-effect free.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface RetryPolicy {

    /**
     * The default: wait out flood waits of at most 60 seconds, once per call.
     */
    RetryPolicy DEFAULT = autoSleep(Duration.ofSeconds(60), 1);

    /**
     * Decides about one failure.
     *
     * @param context the failure
     * @return how long to wait before the retry, or empty to fail the call
     */
    Optional<Duration> shouldRetry(RetryContext context);

    /**
     * Returns the policy that never retries: every flood wait reaches the caller.
     *
     * @return the policy
     */
    static RetryPolicy none() {
        return context -> Optional.empty();
    }

    /**
     * Returns the policy that waits out flood waits up to {@code threshold}, once per call.
     *
     * @param threshold the longest wait to sleep through
     * @return the policy
     */
    static RetryPolicy autoSleep(Duration threshold) {
        return autoSleep(threshold, 1);
    }

    /**
     * Returns the policy that waits out flood waits up to {@code threshold}, at most
     * {@code maxRetries} times per call.
     *
     * @param threshold the longest single wait to sleep through
     * @param maxRetries how many retries a call gets at most
     * @return the policy
     * @throws IllegalArgumentException if the threshold is negative or {@code maxRetries} is negative
     */
    static RetryPolicy autoSleep(Duration threshold, int maxRetries) {
        Objects.requireNonNull(threshold, "threshold is null");
        if (threshold.isNegative() || maxRetries < 0) {
            throw new IllegalArgumentException("threshold and maxRetries must not be negative");
        }
        return context -> {
            Duration wait = context.error().waitTime();
            return context.failCount() <= maxRetries && wait.compareTo(threshold) <= 0
                    ? Optional.of(wait) : Optional.empty();
        };
    }
}
