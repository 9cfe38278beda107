package dev.heliograph.transport.http.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.heliograph.transport.DcEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP front end for MTProto servers (the test DC), on the JDK's
 * {@link com.sun.net.httpserver.HttpServer}: accepts {@code POST /api}, hands each body to an
 * {@link HttpPacketHandler} as one packet, and sends what the handler answers through the
 * {@link HttpExchangeReply}, now or later (long polls).
 *
 * <pre>{@code
 * try (HttpPacketServer server = HttpPacketServer.builder()
 *         .bind("127.0.0.1", 0)
 *         .handler((packet, reply) -> reply.reply(answer(packet)))
 *         .start()) {
 *     int port = server.port();
 *     ...
 * }
 * }</pre>
 *
 * <h2>What it answers by itself</h2>
 * Another path: 404. Another method: 405. A body above
 * {@linkplain Builder#maxRequestSize(int) the limit}: 413, decided from {@code Content-Length}
 * before the body is read (the JDK server then drops the connection rather than drain it). A
 * handler that throws: 500. A request still unanswered when its hold time ends: an empty 200.
 *
 * <h2>Wire details clients depend on</h2>
 * Successful responses carry only the {@code Date} and {@code Content-length} headers, in that
 * order, so {@code Content-length} is the last header: Telethon's HTTP reader requires it.
 * Keep-alive and pipelined requests on one connection are served in order. Loading this class
 * sets the JDK system property {@code sun.net.httpserver.nodelay} to {@code true} unless it is
 * already set (see the static initializer): without it each response waits for a delayed ACK.
 */
public final class HttpPacketServer implements AutoCloseable {

    private static final byte[] EMPTY = new byte[0];

    static {
        // The JDK server writes a response's headers and body in two segments; without TCP_NODELAY
        // Nagle's algorithm holds the body until the client's delayed ACK (about 40 ms), capping a
        // keep-alive connection at some 25 responses per second. The JDK reads this property once,
        // when its first server starts; an explicit setting by the application wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final String path;
    private final int maxRequestSize;
    private final long maxHoldNanos;
    private final HttpPacketHandler handler;

    private HttpPacketServer(Builder b) throws IOException {
        this.path = b.path;
        this.maxRequestSize = b.maxRequestSize;
        this.maxHoldNanos = b.maxHold.toNanos();
        this.handler = b.handler;
        this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), b.backlog);
        String name = "heliograph-http-" + server.getAddress().getPort();
        this.workers = Executors.newFixedThreadPool(b.threads, daemonThreads(name));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads(name + "-timer"));
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Starts configuring a server.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the address the server listens on.
     *
     * @return the bound address (with the actual port when 0 was asked for)
     */
    public InetSocketAddress localAddress() {
        return server.getAddress();
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops accepting, closes every connection (held long polls included: their later replies
     * return {@code false}) and stops the worker threads.
     */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        timer.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            if (!path.equals(exchange.getRequestURI().getPath())) {
                answerBare(exchange, 404);
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                answerBare(exchange, 405);
                return;
            }
            byte[] packet = readBody(exchange);
            if (packet == null) {
                answerBare(exchange, 413);
                return;
            }
            Reply reply = new Reply(exchange);
            try {
                handler.onRequest(packet, reply);
            } catch (RuntimeException e) {
                reply.answer(500, EMPTY);
                return;
            }
            reply.arm();
        } catch (IOException | RuntimeException e) {
            // The client went away or sent a broken request: there is nobody left to answer.
            exchange.close();
        }
    }

    /** Reads the body, or returns {@code null} (having read at most the limit) if it is too large. */
    private byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        InputStream in = exchange.getRequestBody();
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length", e);
            }
            if (length < 0 || length > maxRequestSize) {
                return null;
            }
            byte[] body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new IOException("body ended early");
            }
            return body;
        }
        byte[] body = in.readNBytes(maxRequestSize + 1);
        return body.length > maxRequestSize ? null : body;
    }

    private static void answerBare(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** One held or answered request. */
    private final class Reply implements HttpExchangeReply {

        private final HttpExchange exchange;
        private final AtomicBoolean answered = new AtomicBoolean();
        private long holdNanos = maxHoldNanos;
        private boolean armed;
        private ScheduledFuture<?> timeout;

        Reply(HttpExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public boolean reply(byte[] packet) {
            Objects.requireNonNull(packet, "packet is null");
            return answer(200, packet);
        }

        @Override
        public boolean replyEmpty() {
            return answer(200, EMPTY);
        }

        @Override
        public boolean replyTransportError(int code) {
            if (code >= 0) {
                throw new IllegalArgumentException("transport error codes are negative: " + code);
            }
            int status = -code >= 100 && -code <= 599 ? -code : 500;
            byte[] body = {(byte) code, (byte) (code >> 8), (byte) (code >> 16), (byte) (code >> 24)};
            return answer(status, body);
        }

        @Override
        public boolean abort() {
            if (!answered.compareAndSet(false, true)) {
                return false;
            }
            cancelTimeout();
            // Closing an exchange whose response has not started closes its TCP connection.
            exchange.close();
            return true;
        }

        @Override
        public void replyEmptyAfter(Duration delay) {
            Objects.requireNonNull(delay, "delay is null");
            synchronized (this) {
                holdNanos = Math.max(0, Math.min(delay.toNanos(), maxHoldNanos));
                if (armed) {
                    schedule();
                }
            }
        }

        @Override
        public boolean isAnswered() {
            return answered.get();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return exchange.getRemoteAddress();
        }

        /** The handler returned: start the hold time unless it answered already. */
        synchronized void arm() {
            armed = true;
            schedule();
        }

        // Called with this object's lock held.
        private void schedule() {
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (!answered.get()) {
                try {
                    timeout = timer.schedule(this::replyEmpty, holdNanos, TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // The server is closing; its connections go with it.
                    timeout = null;
                }
            }
        }

        private synchronized void cancelTimeout() {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }

        boolean answer(int status, byte[] body) {
            if (!answered.compareAndSet(false, true)) {
                return false;
            }
            cancelTimeout();
            try {
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
                return true;
            } catch (IOException e) {
                return false;
            } finally {
                exchange.close();
            }
        }

        @Override
        public String toString() {
            return "HttpExchangeReply[" + exchange.getRemoteAddress() + (answered.get() ? ", answered" : "") + "]";
        }
    }

    /** Configures and starts an {@link HttpPacketServer}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private int backlog = 128;
        private int threads = 4;
        private String path = "/api";
        private int maxRequestSize = 8 << 20;
        private Duration maxHold = Duration.ofSeconds(30);
        private HttpPacketHandler handler;

        private Builder() {
        }

        /**
         * Sets the address to listen on (default 127.0.0.1, any free port).
         *
         * @param host a host name or IP literal
         * @param port the port, 0 for any free port
         * @return this builder
         */
        public Builder bind(String host, int port) {
            DcEndpoint.checkPort(port);
            this.host = Objects.requireNonNull(host, "host is null");
            this.port = port;
            return this;
        }

        /**
         * Sets the accept backlog (default 128).
         *
         * @param backlog pending connections the OS may queue
         * @return this builder
         */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /**
         * Sets the number of worker threads that read requests and run the handler (default 4).
         * Held long polls occupy no thread.
         *
         * @param threads a positive count
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads <= 0) {
                throw new IllegalArgumentException("threads must be positive: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Sets the path requests must be posted to (default {@code /api}).
         *
         * @param path starting with {@code /}
         * @return this builder
         */
        public Builder path(String path) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/': " + path);
            }
            this.path = path;
            return this;
        }

        /**
         * Sets the largest request body accepted (default 8 MiB); larger ones get 413.
         *
         * @param maxRequestSize bytes, positive
         * @return this builder
         */
        public Builder maxRequestSize(int maxRequestSize) {
            if (maxRequestSize <= 0 || maxRequestSize == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxRequestSize out of range: " + maxRequestSize);
            }
            this.maxRequestSize = maxRequestSize;
            return this;
        }

        /**
         * Sets the longest time a request may be held unanswered before it is answered empty
         * (default 30 s).
         *
         * @param maxHold positive
         * @return this builder
         */
        public Builder maxHold(Duration maxHold) {
            if (maxHold.isNegative() || maxHold.isZero()) {
                throw new IllegalArgumentException("maxHold must be positive: " + maxHold);
            }
            this.maxHold = maxHold;
            return this;
        }

        /**
         * Sets the handler (required).
         *
         * @param handler receives every request
         * @return this builder
         */
        public Builder handler(HttpPacketHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler is null");
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @return the running server
         * @throws IOException if the address cannot be bound
         * @throws IllegalStateException if no handler was set
         */
        public HttpPacketServer start() throws IOException {
            if (handler == null) {
                throw new IllegalStateException("a handler is required");
            }
            return new HttpPacketServer(this);
        }
    }
}
