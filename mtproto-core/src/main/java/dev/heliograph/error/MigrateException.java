package dev.heliograph.error;

/**
 * 303 {@code *_MIGRATE_X}: the account (or file, or phone) lives on DC X; repeat the call there.
 */
public final class MigrateException extends RpcException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; use {@link RpcException#of} to parse server errors.
     *
     * @param code the error code
     * @param message the raw error message
     */
    public MigrateException(int code, String message) {
        super(code, message);
    }

    /**
     * Returns the DC the call must be repeated on.
     *
     * @return the DC id X of {@code USER_MIGRATE_X}
     */
    public int dcId() {
        return value().orElseThrow();
    }
}
