package dev.heliograph.error;

/**
 * A request was cancelled by its caller or because its client or connection was closed.
 */
public final class RequestCancelledException extends HeliographException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, without secrets
     */
    public RequestCancelledException(String message) {
        super(message, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, without secrets
     * @param cause the underlying cause
     */
    public RequestCancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}
