package dev.heliograph.testdc.internal;

import dev.heliograph.transport.http.server.HttpExchangeReply;
import dev.heliograph.transport.http.server.HttpPacketServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Puts a DC behind an {@link HttpPacketServer} ({@code POST /api}): MTProto's HTTP transport.
 *
 * <h2>Which requests belong together</h2>
 * HTTP has no connection a client keeps, so requests are grouped into virtual connections (one
 * {@link DcConnection} each): handshake requests by their {@code nonce} (every handshake message
 * starts with it), encrypted requests by their {@code auth_key_id}.
 *
 * <h2>Where the server's packets go</h2>
 * A packet produced while a request is handled answers that request. A packet produced later (a
 * delayed reply) answers a held long poll of the same virtual connection, or waits for the next
 * request. After handling, a request still unanswered gets the oldest waiting packet; else, if it
 * carried {@code http_wait}, it is held for the asked {@code max_wait} (capped at
 * {@link #MAX_HOLD}); else it is answered with a {@code msgs_ack} of it, because clients such as
 * Telethon take an empty body for an error. When the DC closes a virtual connection (a failed
 * check, a fault knob), its current and held requests are aborted: their HTTP connections close
 * without an answer.
 */
public final class HttpDcListener implements AutoCloseable {

    /** The longest a long poll is held, whatever {@code max_wait} the client asks for. */
    public static final Duration MAX_HOLD = Duration.ofSeconds(30);

    /** Unfinished handshakes remembered at once; the oldest is forgotten beyond this. */
    private static final int MAX_HANDSHAKES = 4096;

    private final DcState dc;
    private final HttpPacketServer server;
    private final Map<Long, VirtualConnection> byAuthKey = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, VirtualConnection> byNonce = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<ByteBuffer, VirtualConnection> eldest) {
                    return size() > MAX_HANDSHAKES;
                }
            });

    /**
     * Binds and starts listening.
     *
     * @param dc the DC to serve
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @throws UncheckedIOException if the address cannot be bound
     */
    public HttpDcListener(DcState dc, String host, int port) {
        this.dc = dc;
        try {
            this.server = HttpPacketServer.builder().bind(host, port).maxHold(MAX_HOLD).handler(this::onRequest).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind HTTP " + host + ":" + port, e);
        }
    }

    /**
     * Returns the bound port.
     *
     * @return the port
     */
    public int port() {
        return server.port();
    }

    /**
     * Sends a server-initiated message to every client session: it answers a held long poll, or
     * waits for the client's next request.
     *
     * @param body the serialized TL object
     * @return how many virtual connections it went to
     */
    public int push(byte[] body) {
        int n = 0;
        for (VirtualConnection c : byAuthKey.values()) {
            n += c.connection.push(body) ? 1 : 0;
        }
        return n;
    }

    /** Stops listening; held long polls are dropped with their connections. */
    @Override
    public void close() {
        server.close();
        byAuthKey.values().forEach(VirtualConnection::close);
        byNonce.clear();
    }

    /**
     * Counts the long polls ({@code http_wait} requests) the DC holds for one auth key.
     *
     * @param authKeyId the auth key id
     * @return how many requests wait for something to send
     */
    public int heldLongPolls(long authKeyId) {
        VirtualConnection vc = byAuthKey.get(authKeyId);
        return vc == null ? 0 : vc.heldPolls();
    }

    private void onRequest(byte[] packet, HttpExchangeReply reply) {
        virtualConnection(packet).handle(packet, reply);
    }

    private VirtualConnection virtualConnection(byte[] packet) {
        if (packet.length >= 8) {
            long authKeyId = ByteBuffer.wrap(packet, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            if (authKeyId != 0) {
                return byAuthKey.computeIfAbsent(authKeyId, id -> new VirtualConnection(vc -> byAuthKey.remove(id, vc)));
            }
            // auth_key_id, msg_id, length, constructor, then the handshake's nonce.
            if (packet.length >= 40) {
                ByteBuffer nonce = ByteBuffer.wrap(packet.clone(), 24, 16).slice();
                return byNonce.computeIfAbsent(nonce, n -> new VirtualConnection(vc -> byNonce.remove(n, vc)));
            }
        }
        // Too short to belong anywhere: a fresh connection rejects it.
        return new VirtualConnection(vc -> { });
    }

    private static boolean isPlaintext(byte[] packet) {
        return packet.length >= 8 && ByteBuffer.wrap(packet, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong() == 0;
    }

    /** The requests of one client that share a {@link DcConnection}. */
    private final class VirtualConnection implements DcConnection.Sink {

        private final DcConnection connection;
        private final Consumer<VirtualConnection> forget;
        private final Deque<HttpExchangeReply> polls = new ArrayDeque<>();
        private final Deque<byte[]> waiting = new ArrayDeque<>();
        private HttpExchangeReply current;
        /** The http_wait max_wait of the request being handled, or -1. */
        private int waitMillis = -1;
        private boolean closed;

        VirtualConnection(Consumer<VirtualConnection> forget) {
            this.forget = forget;
            this.connection = new DcConnection(dc, this, false);
        }

        synchronized int heldPolls() {
            return (int) polls.stream().filter(p -> !p.isAnswered()).count();
        }

        synchronized void handle(byte[] packet, HttpExchangeReply reply) {
            if (closed) {
                reply.abort();
                return;
            }
            current = reply;
            waitMillis = -1;
            try {
                connection.onPacket(packet);
            } finally {
                current = null;
            }
            if (reply.isAnswered()) {
                return;
            }
            byte[] next = waiting.poll();
            if (next != null) {
                if (!reply.reply(next)) {
                    waiting.addFirst(next);
                }
                return;
            }
            // A handshake step is answered from the DC's handshake executor, after this returns:
            // its POST waits for that answer as a long poll would.
            Duration hold = isPlaintext(packet) ? MAX_HOLD : waitMillis >= 0 ? Duration.ofMillis(waitMillis) : null;
            if (hold != null && !closed) {
                polls.removeIf(HttpExchangeReply::isAnswered);
                polls.add(reply);
                reply.replyEmptyAfter(hold);
                return;
            }
            reply.replyEmpty();
        }

        @Override
        public synchronized void send(byte[] packet) {
            if (closed) {
                return;
            }
            if (packet.length == 4 && ByteBuffer.wrap(packet).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() < 0) {
                int code = ByteBuffer.wrap(packet).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
                HttpExchangeReply target = current != null && !current.isAnswered() ? current : polls.poll();
                if (target != null) {
                    target.replyTransportError(code);
                }
                return;
            }
            if (current != null && !current.isAnswered() && current.reply(packet)) {
                return;
            }
            HttpExchangeReply poll;
            while ((poll = polls.poll()) != null) {
                if (poll.reply(packet)) {
                    return;
                }
            }
            waiting.add(packet);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            // The DC drops a connection (a failed check, a fault knob): the requests it holds lose
            // their HTTP connections unanswered, as a TCP client loses its socket.
            if (current != null) {
                current.abort();
            }
            polls.forEach(HttpExchangeReply::abort);
            polls.clear();
            waiting.clear();
            forget.accept(this);
            connection.onClosed();
        }

        @Override
        public synchronized void httpWait(int maxWaitMillis) {
            waitMillis = Math.max(0, maxWaitMillis);
        }

        @Override
        public synchronized boolean answersEveryPacket() {
            return waitMillis < 0;
        }
    }
}
