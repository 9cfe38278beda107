package dev.heliograph.error;

/**
 * Bad input to a cryptographic primitive: a key or IV of the wrong length, data that is not a whole number of blocks, a value out of range for RSA.
 */
public final class CryptoException extends HeliographException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, without secrets
     */
    public CryptoException(String message) {
        super(message, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, without secrets
     * @param cause the underlying cause
     */
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
