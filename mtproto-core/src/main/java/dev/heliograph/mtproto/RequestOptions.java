package dev.heliograph.mtproto;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-call options of {@link DcSender#invoke}.
 *
 * @param timeout how long to wait for the answer before failing the call with
 *     {@link dev.heliograph.error.RequestTimeoutException}; {@code null} uses the sender's default
 */
public record RequestOptions(Duration timeout) {

    /** The sender's defaults. */
    public static final RequestOptions DEFAULT = new RequestOptions(null);

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public RequestOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /**
     * Options with a timeout.
     *
     * @param timeout the timeout
     * @return the options
     */
    public static RequestOptions timeout(Duration timeout) {
        return new RequestOptions(Objects.requireNonNull(timeout, "timeout is null"));
    }
}
