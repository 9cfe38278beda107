package dev.heliograph.error;

/**
 * A request got no answer within its timeout.
 */
public final class RequestTimeoutException extends HeliographException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, without secrets
     */
    public RequestTimeoutException(String message) {
        super(message, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, without secrets
     * @param cause the underlying cause
     */
    public RequestTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
