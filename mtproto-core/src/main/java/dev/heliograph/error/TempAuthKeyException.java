package dev.heliograph.error;

/**
 * An error of perfect forward secrecy (temporary auth keys, MTPROTO-NOTES 10): the server refused
 * {@code auth.bindTempAuthKey}, or a call came on a temporary key bound to no permanent key.
 * {@link #reason()} tells which.
 */
public final class TempAuthKeyException extends RpcException {

    private static final long serialVersionUID = 1L;

    /** What the server refused. */
    public enum Reason {
        /** {@code ENCRYPTED_MESSAGE_INVALID}: the binding message did not decrypt or check out. */
        ENCRYPTED_MESSAGE_INVALID,
        /** {@code TEMP_AUTH_KEY_EMPTY}: the binding was sent on a key that is not temporary. */
        TEMP_AUTH_KEY_EMPTY,
        /** {@code TEMP_AUTH_KEY_ALREADY_BOUND}: the temporary key is bound to another permanent key. */
        TEMP_AUTH_KEY_ALREADY_BOUND,
        /** {@code AUTH_KEY_PERM_EMPTY}: a call came on a temporary key that is bound to nothing. */
        AUTH_KEY_PERM_EMPTY
    }

    private final Reason reason;

    /**
     * Creates the exception; use {@link RpcException#of} to parse server errors.
     *
     * @param code the error code
     * @param message the raw error message, one of the {@link Reason} names
     */
    public TempAuthKeyException(int code, String message) {
        super(code, message);
        this.reason = Reason.valueOf(message);
    }

    /**
     * Returns what the server refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
