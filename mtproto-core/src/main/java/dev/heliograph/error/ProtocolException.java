package dev.heliograph.error;

/**
 * The peer broke the protocol in a way that fails a request or a connection but is not a
 * security violation: a {@code bad_msg_notification} the sender cannot recover from, an
 * unexpected message. {@link #code()} holds the bad_msg_notification error code, or 0.
 *
 * <p>When {@link #outcomeUnknown()} is true the server may or may not have run the request (it
 * forgot the message, or the session it was sent in had to be abandoned): the client does not send
 * it again, since that could run it twice; the caller decides, knowing what the request does.
 */
public final class ProtocolException extends HeliographException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final boolean outcomeUnknown;

    /**
     * Creates the exception.
     *
     * @param code the bad_msg_notification error code, or 0 when there is none
     * @param message details
     */
    public ProtocolException(int code, String message) {
        this(code, message, false);
    }

    private ProtocolException(int code, String message, boolean outcomeUnknown) {
        super(message, null);
        this.code = code;
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * Creates the exception for a request that may or may not have run.
     *
     * @param message details
     * @return the exception, with {@link #outcomeUnknown()} true
     */
    public static ProtocolException outcomeUnknown(String message) {
        return new ProtocolException(0, message, true);
    }

    /**
     * Tells whether the server may have run the request although no answer came.
     *
     * @return {@code true} if the outcome is unknown
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
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
