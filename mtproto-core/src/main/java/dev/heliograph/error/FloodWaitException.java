package dev.heliograph.error;

/**
 * 420 {@code FLOOD_WAIT_X}: the method was called too often; wait {@link #waitTime()} before calling again.
 */
public final class FloodWaitException extends RpcException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; use {@link RpcException#of} to parse server errors.
     *
     * @param code the error code
     * @param message the raw error message
     */
    public FloodWaitException(int code, String message) {
        super(code, message);
    }

    /**
     * Returns how long the server asks the client to wait before calling again.
     *
     * @return the wait; {@code FLOOD_WAIT_0} counts as one second
     */
    public java.time.Duration waitTime() {
        return java.time.Duration.ofSeconds(Math.max(1, value().orElse(1)));
    }
}
