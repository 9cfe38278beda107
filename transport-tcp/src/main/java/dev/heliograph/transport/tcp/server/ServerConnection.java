package dev.heliograph.transport.tcp.server;

import dev.heliograph.transport.tcp.codec.Framing;
import java.net.InetSocketAddress;
import java.util.OptionalInt;

/**
 * One client connection accepted by a {@link TcpServer}. The send methods are thread-safe and keep
 * call order; after closing they do nothing.
 */
public interface ServerConnection {

    /**
     * Sends one packet in the connection's framing.
     *
     * @param packet the packet; the connection takes ownership
     * @throws dev.heliograph.error.TransportException {@code FRAME_TOO_LARGE} above the server's
     *     maximum frame size
     */
    void send(byte[] packet);

    /**
     * Sends a quick-ack reply.
     *
     * @param token the token (the top bit is set on the wire)
     * @throws IllegalStateException on the {@link Framing#FULL} framing, which has no quick acks
     */
    void sendQuickAck(int token);

    /**
     * Sends a transport error code (a 4-byte packet holding a negative int32). The connection stays
     * open; call {@link #close()} after it to mimic Telegram, which usually disconnects.
     *
     * @param code the code, such as -404, -429 or -444
     * @throws IllegalArgumentException if the code is not negative
     */
    void sendTransportError(int code);

    /** Closes the connection after writing what the socket takes without blocking. */
    void close();

    /**
     * Tells whether the connection is open.
     *
     * @return {@code false} once closed by either side
     */
    boolean isOpen();

    /**
     * Returns the client's address.
     *
     * @return the address
     */
    InetSocketAddress remoteAddress();

    /**
     * Returns the framing the client speaks.
     *
     * @return the framing
     */
    Framing framing();

    /**
     * Tells whether the client obfuscates.
     *
     * @return {@code true} if the connection is obfuscated
     */
    boolean obfuscated();

    /**
     * Returns the DC id from the obfuscation header.
     *
     * @return the signed DC id (negative for media, +10000 for test servers), empty when not
     *     obfuscated
     */
    OptionalInt dcId();
}
