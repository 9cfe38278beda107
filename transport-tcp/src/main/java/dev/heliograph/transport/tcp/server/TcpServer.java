package dev.heliograph.transport.tcp.server;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.error.TransportException;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.tcp.codec.FrameCodec;
import dev.heliograph.transport.tcp.codec.FrameSink;
import dev.heliograph.transport.tcp.codec.Framing;
import dev.heliograph.transport.tcp.codec.FramingDetector;
import dev.heliograph.transport.tcp.internal.EventLoop;
import dev.heliograph.transport.tcp.internal.EventLoopGroup;
import dev.heliograph.transport.tcp.internal.NioConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A TCP front end for MTProto servers (the test DC): accepts connections on the process's shared
 * event loop threads, recognises each client's framing with a {@link FramingDetector} (abridged,
 * intermediate, padded intermediate, full, each but full optionally obfuscated), and hands packets
 * to a {@link ServerConnectionHandler}. The protocol logic is the handler's.
 *
 * <pre>{@code
 * try (TcpServer server = TcpServer.builder()
 *         .bind("127.0.0.1", 0)
 *         .crypto(crypto)
 *         .handler(new ServerConnectionHandler() { ... })
 *         .start()) {
 *     int port = server.port();
 *     ...
 * }
 * }</pre>
 *
 * <p>A client whose bytes break the framing is disconnected; the handler sees
 * {@code onClosed(connection, cause)} with the {@code FRAMING} or {@code FRAME_TOO_LARGE} cause.
 */
public final class TcpServer implements AutoCloseable {

    private final ServerSocketChannel serverChannel;
    private final InetSocketAddress localAddress;
    private final EventLoop acceptLoop;
    private final EventLoopGroup group;
    private final Settings settings;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private record Settings(String host, int port, int backlog, CryptoProvider crypto, RandomSource random,
            int maxFrameSize, long maxQueuedBytes, byte[] secret, ServerConnectionHandler handler) {
    }

    private TcpServer(Settings settings) throws IOException {
        this.settings = settings;
        this.group = EventLoopGroup.shared();
        this.serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.configureBlocking(false);
            serverChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            serverChannel.bind(new InetSocketAddress(settings.host, settings.port), settings.backlog);
            this.localAddress = (InetSocketAddress) serverChannel.getLocalAddress();
        } catch (IOException | RuntimeException e) {
            serverChannel.close();
            throw e;
        }
        this.acceptLoop = group.next();
        CompletableFuture<Void> registered = new CompletableFuture<>();
        acceptLoop.execute(() -> {
            try {
                acceptLoop.register(serverChannel, SelectionKey.OP_ACCEPT, new Acceptor());
                registered.complete(null);
            } catch (IOException | RuntimeException e) {
                registered.completeExceptionally(e);
            }
        });
        try {
            registered.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            serverChannel.close();
            throw new IOException("interrupted while starting", e);
        } catch (ExecutionException e) {
            serverChannel.close();
            throw new IOException("cannot register the server socket", e.getCause());
        }
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
        return localAddress;
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return localAddress.getPort();
    }

    /**
     * Returns how many connections are open.
     *
     * @return the count
     */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops accepting and closes every connection (handlers see {@code onClosed}). Called off the
     * event loop, it returns once the port refuses connections and every connection has been
     * closed (waiting at most five seconds); on the loop thread it only starts closing.
     */
    @Override
    public void close() {
        closed = true;
        CompletableFuture<Void> listenerClosed = new CompletableFuture<>();
        acceptLoop.execute(() -> {
            acceptLoop.closeChannel(serverChannel);
            listenerClosed.complete(null);
        });
        for (Connection connection : connections) {
            connection.close();
        }
        if (group.inLoop()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            listenerClosed.get(5, TimeUnit.SECONDS);
            while (!connections.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The loop is gone or stuck; nothing more can be released from here.
        }
    }

    private final class Acceptor implements EventLoop.Handler {
        @Override
        public void ready(SelectionKey key) {
            while (true) {
                SocketChannel channel;
                try {
                    channel = serverChannel.accept();
                    if (channel == null) {
                        return;
                    }
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                } catch (IOException e) {
                    return;
                }
                if (closed) {
                    closeQuietly(channel);
                    continue;
                }
                EventLoop loop = group.next();
                Connection connection = new Connection(new NioConnection(loop, channel, settings.maxQueuedBytes));
                connections.add(connection);
                loop.execute(() -> connection.nio.start(null, connection));
            }
        }

        @Override
        public void fail(TransportException cause) {
            acceptLoop.closeChannel(serverChannel);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing to release.
        }
    }

    private final class Connection implements ServerConnection, NioConnection.Events, FrameSink {

        private final NioConnection nio;
        private final FramingDetector detector;
        private volatile FramingDetector.Detection detection;
        private FrameCodec codec;

        Connection(NioConnection nio) {
            this.nio = nio;
            this.detector = new FramingDetector(settings.crypto, settings.random, settings.maxFrameSize, settings.secret);
        }

        @Override
        public void onBytes(byte[] buffer, int offset, int length) {
            if (codec != null) {
                codec.decode(buffer, offset, length, this);
                return;
            }
            FramingDetector.Detection found = detector.feed(buffer, offset, length);
            if (found == null) {
                return;
            }
            codec = found.codec();
            nio.codec(codec);
            detection = found;
            settings.handler.onOpen(this);
            codec.decode(found.remaining(), 0, found.remaining().length, this);
        }

        @Override
        public void onPacket(byte[] packet, boolean quickAckRequested) {
            // A read may hold several frames; none is delivered after the handler closed the connection.
            if (nio.isOpen()) {
                settings.handler.onPacket(this, packet, quickAckRequested);
            }
        }

        @Override
        public void onClosed(TransportException cause) {
            connections.remove(this);
            if (detection != null) {
                settings.handler.onClosed(this, cause);
            }
        }

        @Override
        public void send(byte[] packet) {
            Objects.requireNonNull(packet, "packet is null");
            nio.send(c -> c.encode(packet));
        }

        @Override
        public void sendQuickAck(int token) {
            if (!framing().supportsQuickAck()) {
                throw new IllegalStateException("the " + framing() + " framing has no quick acks");
            }
            nio.send(c -> c.encodeQuickAck(token));
        }

        @Override
        public void sendTransportError(int code) {
            if (code >= 0) {
                throw new IllegalArgumentException("transport error codes are negative: " + code);
            }
            nio.send(c -> c.encodeTransportError(code));
        }

        @Override
        public void close() {
            nio.close(null);
        }

        @Override
        public boolean isOpen() {
            return nio.isOpen();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return (InetSocketAddress) nio.remoteAddress();
        }

        @Override
        public Framing framing() {
            return detected().framing();
        }

        @Override
        public boolean obfuscated() {
            return detected().obfuscated();
        }

        @Override
        public OptionalInt dcId() {
            return detected().dcId();
        }

        private FramingDetector.Detection detected() {
            FramingDetector.Detection d = detection;
            if (d == null) {
                throw new IllegalStateException("framing not detected yet");
            }
            return d;
        }

        @Override
        public String toString() {
            FramingDetector.Detection d = detection;
            return "ServerConnection[" + nio.remoteAddress()
                    + (d == null ? "" : ", " + d.framing() + (d.obfuscated() ? ", obfuscated, dc " + d.dcId().getAsInt() : ""))
                    + "]";
        }
    }

    /** Configures and starts a {@link TcpServer}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private int backlog = 128;
        private CryptoProvider crypto;
        private RandomSource random;
        private int maxFrameSize = FrameCodec.DEFAULT_MAX_FRAME_SIZE;
        private long maxQueuedBytes = 64L << 20;
        private byte[] secret;
        private ServerConnectionHandler handler;

        private Builder() {
        }

        /**
         * Sets the address to listen on (default 127.0.0.1, any free port).
         *
         * @param host a host name or IP literal ({@code "::1"}, {@code "0.0.0.0"})
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
         * Sets the crypto provider for obfuscated connections (required).
         *
         * @param crypto the provider
         * @return this builder
         */
        public Builder crypto(CryptoProvider crypto) {
            this.crypto = Objects.requireNonNull(crypto, "crypto is null");
            return this;
        }

        /**
         * Sets the randomness for padded intermediate padding (default: secure).
         *
         * @param random the source
         * @return this builder
         */
        public Builder random(RandomSource random) {
            this.random = Objects.requireNonNull(random, "random is null");
            return this;
        }

        /**
         * Sets the largest packet accepted or sent (default 8 MiB).
         *
         * @param maxFrameSize bytes
         * @return this builder
         */
        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        /**
         * Sets the write queue limit per connection (default 64 MiB).
         *
         * @param maxQueuedBytes bytes
         * @return this builder
         */
        public Builder maxQueuedBytes(long maxQueuedBytes) {
            this.maxQueuedBytes = maxQueuedBytes;
            return this;
        }

        /**
         * Sets an MTProxy secret that obfuscating clients mix into their keys.
         *
         * @param secret 16 bytes (copied)
         * @return this builder
         */
        public Builder secret(byte[] secret) {
            this.secret = FrameCodec.copySecret(secret);
            return this;
        }

        /**
         * Sets what handles connections (required).
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder handler(ServerConnectionHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler is null");
            return this;
        }

        /**
         * Binds and starts accepting.
         *
         * @return the running server
         * @throws UncheckedIOException if the address cannot be bound
         * @throws IllegalStateException if the crypto provider or handler is missing
         */
        public TcpServer start() {
            if (crypto == null || handler == null) {
                throw new IllegalStateException("TcpServer needs a crypto provider and a handler");
            }
            if (maxFrameSize <= 0 || maxQueuedBytes < maxFrameSize) {
                throw new IllegalStateException("need 0 < maxFrameSize <= maxQueuedBytes");
            }
            Settings settings = new Settings(host, port, backlog, crypto, random != null ? random : RandomSource.secure(),
                    maxFrameSize, maxQueuedBytes, secret, handler);
            try {
                return new TcpServer(settings);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
            }
        }
    }
}
