package dev.heliograph.error;

/**
 * 400 {@code API_ID_INVALID}: the api_id is unknown or the api_hash does not match it.
 */
public final class ApiIdInvalidException extends RpcException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; use {@link RpcException#of} to parse server errors.
     *
     * @param code the error code
     * @param message the raw error message
     */
    public ApiIdInvalidException(int code, String message) {
        super(code, message);
    }
}
