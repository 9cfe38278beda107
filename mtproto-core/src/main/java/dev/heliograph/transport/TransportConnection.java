package dev.heliograph.transport;

/**
 * One open connection to a DC. Thread-safe: {@link #send} may be called from any thread, and
 * packets go out in the order of the calls. A connection that {@link #requiresLongPoll()} (HTTP)
 * sends several packets in parallel requests, so the server may receive them in another order.
 */
public interface TransportConnection {

    /**
     * Queues one packet for sending. The transport takes ownership of the array.
     *
     * @param packet a whole MTProto packet
     */
    void send(byte[] packet);

    /**
     * Tells whether the server can send only in answer to a packet of the client, so the client
     * engine must keep a long poll open to receive what the server sends on its own (results that
     * come late, updates, service messages). The HTTP transport is such a connection: each
     * {@link #send} is one request and the server talks only in the responses.
     *
     * <p>The contract for the engine (the sender that owns this connection) when this returns
     * {@code true}:
     * <ul>
     *   <li>The transport cannot build the long poll itself: it is the MTProto message
     *       {@code http_wait#9299359f max_delay:int wait_after:int max_wait:int}, encrypted like any
     *       other message (it is not content-related, so it takes an even seq_no and needs no ack;
     *       it usually travels in a container with pending acks).</li>
     *   <li>Once the engine can encrypt (it has an auth key), it sends a packet carrying
     *       {@code http_wait}, and sends another each time the listener's
     *       {@link TransportListener#onLongPollNeeded()} is called: that call means no packet of
     *       this connection is awaiting its response any more, so nothing the server sends can
     *       arrive until the client sends again.</li>
     *   <li>{@code max_wait} must be shorter than the transport's read timeout, or the poll fails
     *       the connection with an I/O error.</li>
     * </ul>
     * Several packets may be in flight at once and their responses may arrive in any order; the
     * engine matches answers by msg_id as always.
     *
     * @return {@code false} by default (stream transports such as TCP, where the server may send
     *     at any time)
     */
    default boolean requiresLongPoll() {
        return false;
    }

    /**
     * Tells whether the connection is still open.
     *
     * @return {@code false} once closed by either side
     */
    boolean isOpen();

    /**
     * Closes the connection. The listener's {@link TransportListener#onClosed} is called once,
     * with {@code null} as the cause.
     */
    void close();
}
