package dev.heliograph.error;

/**
 * The peer broke the protocol in a way that fails a request or a connection but is not a
 * security violation: a {@code bad_msg_notification} the sender cannot recover from, an
 * unexpected message. {@link #code()} holds the bad_msg_notification error code, or 0.
 */
public final class ProtocolException extends HeliographException {

    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * Creates the exception.
     *
     * @param code the bad_msg_notification error code, or 0 when there is none
     * @param message details
     */
    public ProtocolException(int code, String message) {
        super(message, null);
        this.code = code;
    }

    /**
     * Returns the bad_msg_notification error code.
     *
     * @return the code, or 0 when the failure did not come from a bad_msg_notification
     */
    public int code() {
        return code;
    }
}
