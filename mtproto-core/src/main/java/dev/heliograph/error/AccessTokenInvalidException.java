package dev.heliograph.error;

/**
 * 400 {@code ACCESS_TOKEN_INVALID}: the bot token is malformed or unknown.
 */
public final class AccessTokenInvalidException extends RpcException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; use {@link RpcException#of} to parse server errors.
     *
     * @param code the error code
     * @param message the raw error message
     */
    public AccessTokenInvalidException(int code, String message) {
        super(code, message);
    }
}
