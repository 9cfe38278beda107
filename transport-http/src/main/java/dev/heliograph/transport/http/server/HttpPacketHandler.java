package dev.heliograph.transport.http.server;

/**
 * What an {@link HttpPacketServer} calls for each {@code POST /api}: the MTProto side of the
 * server (the test DC) implements it.
 *
 * <p>Called on one of the server's few worker threads; it must not block for long. It answers
 * through the {@link HttpExchangeReply} exactly once, either before returning or later from any
 * thread (a long poll); a request left unanswered is answered empty when its hold time ends.
 */
@FunctionalInterface
public interface HttpPacketHandler {

    /**
     * A request arrived.
     *
     * @param packet the request body: one MTProto packet (the handler owns the array)
     * @param reply answers the request; may be kept and used later from another thread
     */
    void onRequest(byte[] packet, HttpExchangeReply reply);
}
