package dev.heliograph.error;

/**
 * 400 {@code API_ID_PUBLISHED_FLOOD}: this api_id was published somewhere and cannot be used now.
 */
public final class ApiIdPublishedFloodException extends RpcException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; use {@link RpcException#of} to parse server errors.
     *
     * @param code the error code
     * @param message the raw error message
     */
    public ApiIdPublishedFloodException(int code, String message) {
        super(code, message);
    }
}
