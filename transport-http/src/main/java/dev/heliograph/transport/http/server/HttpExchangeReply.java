package dev.heliograph.transport.http.server;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The pending response to one {@code POST /api}. Thread-safe. The first answer wins; the
 * {@code reply*} methods return {@code false} when the request was already answered (by the
 * handler, or empty because its hold time ended) or its client is gone, so a server that routes
 * messages to held long polls knows to keep them for the next request.
 */
public interface HttpExchangeReply {

    /**
     * Answers with one packet (HTTP 200, {@code Content-Length} of the packet).
     *
     * @param packet the packet; not copied, must not change afterwards
     * @return whether this call answered the request and the body was handed to the socket
     */
    boolean reply(byte[] packet);

    /**
     * Answers with an empty body (HTTP 200, {@code Content-Length: 0}): the server has nothing
     * for the client.
     *
     * @return whether this call answered the request
     */
    boolean replyEmpty();

    /**
     * Answers with a transport error code: HTTP status {@code -code} (500 when that is not a
     * valid status) and a 4-byte body holding the code as a little-endian int32, which clients
     * that ignore the status (Telethon) read as the code too.
     *
     * @param code the negative code, such as -404, -429 or -444
     * @return whether this call answered the request
     * @throws IllegalArgumentException if the code is not negative
     */
    boolean replyTransportError(int code);

    /**
     * Drops the request's HTTP connection without an answer, as a server that fails does: the
     * client sees the connection closed (an HTTP client may retry the request on a new one).
     *
     * @return whether this call ended the request
     */
    boolean abort();

    /**
     * Sets how long the server holds the request open before answering it empty: the
     * {@code max_wait} of an {@code http_wait} long poll. Capped at the server's
     * {@linkplain HttpPacketServer.Builder#maxHold(Duration) maximum hold}, which is also the
     * default.
     *
     * @param delay how long to wait from now
     */
    void replyEmptyAfter(Duration delay);

    /**
     * Tells whether the request has been answered.
     *
     * @return {@code true} once any answer (or the hold timeout) took effect
     */
    boolean isAnswered();

    /**
     * Returns the client's address.
     *
     * @return the address of the HTTP connection the request came on
     */
    InetSocketAddress remoteAddress();
}
