package dev.heliograph.error;

/**
 * The client was configured wrongly: missing or conflicting plugins, invalid settings. Every problem found is listed in the message.
 */
public final class ConfigurationException extends HeliographException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, without secrets
     */
    public ConfigurationException(String message) {
        super(message, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, without secrets
     * @param cause the underlying cause
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
