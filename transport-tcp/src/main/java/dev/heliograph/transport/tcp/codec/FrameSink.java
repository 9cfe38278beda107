package dev.heliograph.transport.tcp.codec;

/**
 * Receives what a {@link FrameCodec} decodes. Called synchronously from
 * {@link FrameCodec#decode}, in wire order.
 */
public interface FrameSink {

    /**
     * A whole packet arrived.
     *
     * @param packet the payload without framing (for padded intermediate it still holds the random
     *     tail; MTProto-level lengths tell where the message ends). The sink owns the array.
     * @param quickAckRequested on the server side: whether the client asked for a quick ack of this
     *     packet; always {@code false} on the client side
     */
    void onPacket(byte[] packet, boolean quickAckRequested);

    /**
     * On the client side: the server acknowledged a packet with a quick ack.
     *
     * @param token the token with its top bit cleared
     */
    default void onQuickAck(int token) {
    }
}
