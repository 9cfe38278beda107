package dev.heliograph.transport.tcp;

import com.google.inject.Inject;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.error.ConfigurationException;
import dev.heliograph.error.TransportException;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.Transport;
import dev.heliograph.transport.TransportConnection;
import dev.heliograph.transport.TransportListener;
import dev.heliograph.transport.tcp.codec.FrameCodec;
import dev.heliograph.transport.tcp.codec.FrameSink;
import dev.heliograph.transport.tcp.internal.Connector;
import dev.heliograph.transport.tcp.internal.EventLoop;
import dev.heliograph.transport.tcp.internal.EventLoopGroup;
import dev.heliograph.transport.tcp.internal.NioConnection;
import dev.heliograph.transport.tcp.internal.Socks5Handshake;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The MTProto TCP transport (plugin id {@code "tcp"}): abridged, intermediate, padded
 * intermediate or full framing, optionally obfuscated, optionally through a SOCKS5 proxy.
 *
 * <h2>Threading</h2>
 * Every connection of every {@code TcpTransport} in the process is served by one shared group of
 * {@code min(2, cores)} selector threads; no thread is started per connection. Listener callbacks
 * run on those threads and must not block. {@link TransportConnection#send} may be called from any
 * thread; a connection whose peer stops reading is closed with a {@code TransportException} of kind
 * {@code IO} once {@link TcpTransportConfig#maxQueuedBytes()} are waiting.
 *
 * <h2>Errors</h2>
 * Connecting fails with kind {@code CONNECT} (refused, timed out, proxy failure, unresolvable
 * host). An open connection reports to {@link TransportListener#onClosed}: {@code CLOSED} when the
 * server closed it (also mid-frame), {@code FRAMING} or {@code FRAME_TOO_LARGE} for bad frames,
 * {@code SERVER_CODE} for transport error codes such as -404, or {@code null} after a local
 * {@link TransportConnection#close()}.
 *
 * <p>Host names are resolved on the calling thread of {@link #connect}.
 */
public final class TcpTransport implements Transport {

    private final TcpTransportConfig config;
    private final CryptoProvider crypto;
    private final RandomSource random;
    private final EventLoopGroup group = EventLoopGroup.shared();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Creates the transport.
     *
     * @param config the settings
     * @param crypto AES-256-CTR for obfuscation; {@code null} is allowed when obfuscation is off
     * @param random randomness for obfuscation headers and padding
     * @throws ConfigurationException if obfuscation is on without a crypto provider
     */
    public TcpTransport(TcpTransportConfig config, CryptoProvider crypto, RandomSource random) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.random = Objects.requireNonNull(random, "random is null");
        if (config.obfuscation() && crypto == null) {
            throw new ConfigurationException("TCP obfuscation needs a CryptoProvider");
        }
        this.crypto = crypto;
    }

    /**
     * Creates the transport for Guice, with secure randomness.
     *
     * @param config the settings
     * @param crypto the crypto provider, if one is bound (obfuscation needs it)
     */
    @Inject
    TcpTransport(TcpTransportConfig config, Optional<CryptoProvider> crypto) {
        this(config, crypto.orElse(null), RandomSource.secure());
    }

    /**
     * Returns {@code "tcp"}.
     *
     * @return the plugin id
     */
    @Override
    public String id() {
        return "tcp";
    }

    /**
     * Returns the settings.
     *
     * @return the settings
     */
    public TcpTransportConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<TransportConnection> connect(DcEndpoint endpoint, TransportListener listener) {
        Objects.requireNonNull(endpoint, "endpoint is null");
        Objects.requireNonNull(listener, "listener is null");
        CompletableFuture<TransportConnection> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new TransportException(TransportException.Kind.CLOSED, "transport is closed", null));
            return future;
        }
        FrameCodec.Builder codec = FrameCodec.client(config.framing()).maxFrameSize(config.maxFrameSize()).random(random);
        if (config.obfuscation()) {
            codec.obfuscate(crypto, endpoint.protocolDcId());
        }
        Socks5Proxy proxy = config.proxy();
        InetSocketAddress address = proxy == null
                ? new InetSocketAddress(endpoint.host(), endpoint.port())
                : new InetSocketAddress(proxy.host(), proxy.port());
        if (address.isUnresolved()) {
            future.completeExceptionally(new TransportException(TransportException.Kind.CONNECT,
                    "cannot resolve " + address.getHostString(), null));
            return future;
        }
        Socks5Handshake socks = proxy == null ? null
                : new Socks5Handshake(endpoint.host(), endpoint.port(), proxy.username(), proxy.password());
        EventLoop loop = group.next();
        Connector.connect(loop, address, config.localAddress(), socks, config.connectTimeout().toMillis(),
                config.tcpNoDelay(), new Connector.Callback() {
                    @Override
                    public void connected(SocketChannel channel, SelectionKey key, byte[] leftover) {
                        NioConnection nio = new NioConnection(loop, channel, config.maxQueuedBytes());
                        Connection connection = new Connection(nio, codec.build(), listener);
                        connections.add(connection);
                        nio.start(key, connection);
                        future.complete(connection);
                        if (leftover.length > 0) {
                            try {
                                connection.onBytes(leftover, 0, leftover.length);
                            } catch (TransportException e) {
                                nio.close(e);
                            }
                        }
                        if (closed) {
                            connection.close();
                        }
                    }

                    @Override
                    public void failed(TransportException cause) {
                        future.completeExceptionally(cause);
                    }
                });
        return future;
    }

    /**
     * Closes every open connection; their listeners see {@code onClosed(null)}. Called off the event
     * loop, it returns once they have (waiting at most five seconds). The shared threads stay: they
     * serve every transport of the process and idle at no cost.
     */
    @Override
    public void close() {
        closed = true;
        for (Connection connection : connections) {
            connection.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!connections.isEmpty() && System.nanoTime() < deadline && !group.inLoop()) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One client connection: the codec between the socket and the listener. */
    private final class Connection implements TransportConnection, NioConnection.Events, FrameSink {

        private final NioConnection nio;
        private final FrameCodec codec;
        private final TransportListener listener;
        private final boolean quickAck;

        Connection(NioConnection nio, FrameCodec codec, TransportListener listener) {
            this.nio = nio;
            this.codec = codec;
            this.listener = listener;
            this.quickAck = config.requestQuickAcks();
            nio.codec(codec);
        }

        @Override
        public void send(byte[] packet) {
            Objects.requireNonNull(packet, "packet is null");
            nio.send(c -> c.encode(packet, quickAck));
        }

        @Override
        public boolean isOpen() {
            return nio.isOpen();
        }

        @Override
        public void close() {
            nio.close(null);
        }

        @Override
        public void onBytes(byte[] buffer, int offset, int length) {
            codec.decode(buffer, offset, length, this);
        }

        @Override
        public void onClosed(TransportException cause) {
            connections.remove(this);
            listener.onClosed(cause);
        }

        @Override
        public void onPacket(byte[] packet, boolean quickAckRequested) {
            // A read may hold several frames; none is delivered after the listener closed the connection.
            if (nio.isOpen()) {
                listener.onPacket(packet);
            }
        }

        @Override
        public void onQuickAck(int token) {
            if (nio.isOpen()) {
                listener.onQuickAck(token);
            }
        }

        @Override
        public String toString() {
            return "TcpConnection[" + codec.framing() + (codec.obfuscated() ? ", obfuscated" : "") + ", " + nio.remoteAddress() + "]";
        }
    }
}
