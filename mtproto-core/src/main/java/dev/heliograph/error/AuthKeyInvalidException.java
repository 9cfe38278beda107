package dev.heliograph.error;

/**
 * 401 {@code AUTH_KEY_INVALID}: the auth key is not valid for this call.
 */
public final class AuthKeyInvalidException extends RpcException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; use {@link RpcException#of} to parse server errors.
     *
     * @param code the error code
     * @param message the raw error message
     */
    public AuthKeyInvalidException(int code, String message) {
        super(code, message);
    }
}
