package dev.heliograph.transport.tcp.server;

import dev.heliograph.error.TransportException;

/**
 * What a {@link TcpServer} calls for each client connection. Callbacks run on the server's event
 * loop thread, one at a time per connection, and must not block for long (hand slow work to an
 * executor and {@link ServerConnection#send} from there).
 *
 * <p>Order per connection: {@link #onOpen} once the framing is recognised (after the client's
 * first bytes), then {@link #onPacket} for each packet, then {@link #onClosed} exactly once. A
 * connection that closes before its framing is recognised produces no callbacks.
 */
public interface ServerConnectionHandler {

    /**
     * A client connected and its framing was recognised.
     *
     * @param connection the connection
     */
    void onOpen(ServerConnection connection);

    /**
     * A packet arrived.
     *
     * @param connection the connection
     * @param packet the packet (for padded intermediate, with its random tail); the handler owns it
     */
    void onPacket(ServerConnection connection, byte[] packet);

    /**
     * A packet arrived whose frame may ask for a quick ack. The default ignores the flag and calls
     * {@link #onPacket(ServerConnection, byte[])}.
     *
     * @param connection the connection
     * @param packet the packet; the handler owns it
     * @param quickAckRequested whether the client set the quick-ack flag
     */
    default void onPacket(ServerConnection connection, byte[] packet, boolean quickAckRequested) {
        onPacket(connection, packet);
    }

    /**
     * The connection closed.
     *
     * @param connection the connection
     */
    void onClosed(ServerConnection connection);

    /**
     * The connection closed, with the reason. The default calls {@link #onClosed(ServerConnection)}.
     *
     * @param connection the connection
     * @param cause why: {@code CLOSED} when the client went away, {@code FRAMING} or
     *     {@code FRAME_TOO_LARGE} for bad frames, {@code null} when closed by the server
     */
    default void onClosed(ServerConnection connection, TransportException cause) {
        onClosed(connection);
    }
}
