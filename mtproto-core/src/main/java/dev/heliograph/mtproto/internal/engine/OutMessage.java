package dev.heliograph.mtproto.internal.engine;

/**
 * One message the engine sends and tracks until it is answered or forgotten. The sender keeps the
 * handle to cancel it ({@link MtpEngine#forget}); {@link #token()} is the sender's own object,
 * handed back with the answer.
 */
public final class OutMessage {

    /** Where a message is in its life. */
    public enum State {
        /** Waiting to be packed; gets a new msg_id when packed. */
        QUEUED,
        /** On the wire; the server may or may not have it. */
        SENT,
        /** The server acknowledged it (msgs_ack, or any sign it was processed). */
        ACKED,
        /** Answered, failed or forgotten: no longer tracked. */
        DONE
    }

    final byte[] body;
    final boolean contentRelated;
    final Object token;
    long msgId;
    int seqNo;
    State state = State.QUEUED;
    /** An engine service message that gets an answer, tracked until then. */
    boolean tracked;
    /** Send again with the same msg_id and seq_no (after a reconnect). */
    boolean repeat;
    /**
     * It went out on a connection that was lost, so the server may have run it: it is only ever
     * sent again under its original msg_id, or after {@code msgs_state_req} says it was not received.
     */
    boolean mayHaveRun;
    /** Send in a packet of its own, not in a container (after bad_msg_notification 64). */
    boolean alone;
    /** How often the server rejected it (bad_server_salt, bad_msg_notification) and it was resent. */
    int rejections;

    OutMessage(byte[] body, boolean contentRelated, Object token) {
        this.body = body;
        this.contentRelated = contentRelated;
        this.token = token;
    }

    /**
     * Returns what the sender attached to this message.
     *
     * @return the token, or {@code null} for the engine's own service messages
     */
    public Object token() {
        return token;
    }

    /**
     * Returns the msg_id of the latest transmission.
     *
     * @return the id, or 0 while never packed
     */
    public long msgId() {
        return msgId;
    }

    /**
     * Returns where the message is.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    /**
     * Returns the size of the (possibly gzip-packed) body on the wire.
     *
     * @return the byte count
     */
    public int bodyLength() {
        return body.length;
    }
}
