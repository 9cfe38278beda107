package dev.heliograph.error;

/**
 * 400 {@code ACCESS_TOKEN_EXPIRED}: the bot token was revoked.
 */
public final class AccessTokenExpiredException extends RpcException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; use {@link RpcException#of} to parse server errors.
     *
     * @param code the error code
     * @param message the raw error message
     */
    public AccessTokenExpiredException(int code, String message) {
        super(code, message);
    }
}
