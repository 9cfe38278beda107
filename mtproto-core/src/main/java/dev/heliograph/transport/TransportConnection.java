package dev.heliograph.transport;

/**
 * One open connection to a DC. Thread-safe: {@link #send} may be called from any thread, and
 * packets go out in the order of the calls.
 */
public interface TransportConnection {

    /**
     * Queues one packet for sending. The transport takes ownership of the array.
     *
     * @param packet a whole MTProto packet
     */
    void send(byte[] packet);

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
