package dev.heliograph.client;

import dev.heliograph.error.FloodWaitException;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link RetryPolicy} decides on: how often this call has failed so far, how long the
 * client has already slept for it, and the latest error.
 *
 * @param failCount failures of this call so far, 1 for the first
 * @param sleptSoFar the total time already spent waiting before retries of this call
 * @param error the latest error, carrying the wait the server asks for
 * @since 0.1
 */
public record RetryContext(int failCount, Duration sleptSoFar, FloodWaitException error) {

    /**
     * Checks the values.
     *
     * @param failCount failures of this call so far, 1 for the first
     * @param sleptSoFar the total time already spent waiting before retries of this call
     * @param error the latest error
     * @throws IllegalArgumentException if {@code failCount} is not positive
     */
    public RetryContext {
        Objects.requireNonNull(sleptSoFar, "sleptSoFar is null");
        Objects.requireNonNull(error, "error is null");
        if (failCount <= 0) {
            throw new IllegalArgumentException("failCount must be positive: " + failCount);
        }
    }
}
