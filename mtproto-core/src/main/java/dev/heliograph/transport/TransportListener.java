package dev.heliograph.transport;

import dev.heliograph.error.TransportException;

/**
 * Receives what arrives on a {@link TransportConnection}. Called on the transport's I/O thread,
 * one call at a time per connection; implementations must not block.
 */
public interface TransportListener {

    /**
     * A whole packet arrived. The listener owns the array.
     *
     * @param packet the packet, without framing
     */
    void onPacket(byte[] packet);

    /**
     * The server acknowledged a packet with a quick ack.
     *
     * @param token the quick-ack token (the first 32 bits of SHA-256 as the spec defines, top bit
     *     cleared)
     */
    default void onQuickAck(int token) {
    }

    /**
     * No packet of a connection that {@linkplain TransportConnection#requiresLongPoll() requires
     * long polls} is awaiting its response any more: the server cannot send anything until the
     * client sends again. The engine answers by sending a packet that carries {@code http_wait}
     * (once it has an auth key). Stream transports never call it.
     */
    default void onLongPollNeeded() {
    }

    /**
     * The connection closed. Called exactly once.
     *
     * @param cause why, or {@code null} if it was closed locally by {@link TransportConnection#close}
     */
    void onClosed(TransportException cause);
}
