package dev.heliograph.transport.tcp;

import dev.heliograph.error.ConfigurationException;
import dev.heliograph.transport.tcp.codec.FrameCodec;
import dev.heliograph.transport.tcp.codec.Framing;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the {@link TcpTransport}. Immutable; build with {@link #builder()} or derive with
 * {@link #toBuilder()}.
 *
 * <pre>{@code
 * TcpTransportConfig config = TcpTransportConfig.builder()
 *         .framing(Framing.ABRIDGED)
 *         .obfuscation(true)
 *         .connectTimeout(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 *
 * @param framing the framing (default {@link Framing#INTERMEDIATE})
 * @param obfuscation whether to obfuscate (default off; not with {@link Framing#FULL})
 * @param connectTimeout the limit for connecting, proxy handshake included (default 10 s)
 * @param maxFrameSize the largest packet sent or accepted (default 8 MiB)
 * @param maxQueuedBytes how many bytes may wait for a peer that does not read before the
 *     connection is closed with an error (default 64 MiB)
 * @param tcpNoDelay whether to disable Nagle's algorithm (default on)
 * @param requestQuickAcks whether to ask the server for a quick ack of every packet (default off;
 *     not with {@link Framing#FULL})
 * @param proxy the SOCKS5 proxy, or {@code null} for direct connections
 * @param localAddress the local IP address connections are made from (on a multi-homed host, or
 *     to act as another host over loopback), or {@code null} for the system's choice (default)
 */
public record TcpTransportConfig(
        Framing framing,
        boolean obfuscation,
        Duration connectTimeout,
        int maxFrameSize,
        long maxQueuedBytes,
        boolean tcpNoDelay,
        boolean requestQuickAcks,
        Socks5Proxy proxy,
        InetAddress localAddress) {

    /** Room for a connection preamble (obfuscation header) and framing around one packet. */
    private static final long FRAME_OVERHEAD = 128;

    /** The defaults: intermediate, not obfuscated, 10 s connect timeout, direct. */
    public static final TcpTransportConfig DEFAULT = builder().build();

    /**
     * Validates the settings.
     *
     * @param framing the framing
     * @param obfuscation whether to obfuscate
     * @param connectTimeout the connect timeout
     * @param maxFrameSize the largest packet
     * @param maxQueuedBytes the write queue limit
     * @param tcpNoDelay whether to disable Nagle's algorithm
     * @param requestQuickAcks whether to request quick acks
     * @param proxy the SOCKS5 proxy, or {@code null}
     * @param localAddress the local address to bind, or {@code null}
     * @throws ConfigurationException listing every invalid or conflicting setting
     */
    public TcpTransportConfig {
        Objects.requireNonNull(framing, "framing is null");
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        List<String> problems = new ArrayList<>();
        if (obfuscation && !framing.supportsObfuscation()) {
            problems.add("the " + framing + " framing cannot be obfuscated; use ABRIDGED, INTERMEDIATE or PADDED_INTERMEDIATE");
        }
        if (requestQuickAcks && !framing.supportsQuickAck()) {
            problems.add("the " + framing + " framing has no quick acks");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            problems.add("connectTimeout must be positive: " + connectTimeout);
        }
        if (maxFrameSize <= 0) {
            problems.add("maxFrameSize must be positive: " + maxFrameSize);
        }
        if (maxQueuedBytes < maxFrameSize + FRAME_OVERHEAD) {
            problems.add("maxQueuedBytes (" + maxQueuedBytes + ") must hold at least one frame of maxFrameSize (" + maxFrameSize + ")");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid TCP transport settings: " + String.join("; ", problems));
        }
    }

    /**
     * Returns the proxy.
     *
     * @return the SOCKS5 proxy, if any
     */
    public Optional<Socks5Proxy> socks5() {
        return Optional.ofNullable(proxy);
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder with these settings.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.framing = framing;
        b.obfuscation = obfuscation;
        b.connectTimeout = connectTimeout;
        b.maxFrameSize = maxFrameSize;
        b.maxQueuedBytes = maxQueuedBytes;
        b.tcpNoDelay = tcpNoDelay;
        b.requestQuickAcks = requestQuickAcks;
        b.proxy = proxy;
        b.localAddress = localAddress;
        return b;
    }

    /** Builds a {@link TcpTransportConfig}. */
    public static final class Builder {
        private Framing framing = Framing.INTERMEDIATE;
        private boolean obfuscation;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxFrameSize = FrameCodec.DEFAULT_MAX_FRAME_SIZE;
        private long maxQueuedBytes = 64L << 20;
        private boolean tcpNoDelay = true;
        private boolean requestQuickAcks;
        private Socks5Proxy proxy;
        private InetAddress localAddress;

        private Builder() {
        }

        /**
         * Sets the framing.
         *
         * @param framing the framing
         * @return this builder
         */
        public Builder framing(Framing framing) {
            this.framing = framing;
            return this;
        }

        /**
         * Turns obfuscation on or off.
         *
         * @param obfuscation whether to obfuscate
         * @return this builder
         */
        public Builder obfuscation(boolean obfuscation) {
            this.obfuscation = obfuscation;
            return this;
        }

        /**
         * Sets the connect timeout.
         *
         * @param connectTimeout the timeout, positive
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Sets the largest packet.
         *
         * @param maxFrameSize bytes
         * @return this builder
         */
        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        /**
         * Sets the write queue limit per connection.
         *
         * @param maxQueuedBytes bytes
         * @return this builder
         */
        public Builder maxQueuedBytes(long maxQueuedBytes) {
            this.maxQueuedBytes = maxQueuedBytes;
            return this;
        }

        /**
         * Sets TCP_NODELAY.
         *
         * @param tcpNoDelay whether to disable Nagle's algorithm
         * @return this builder
         */
        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        /**
         * Asks for quick acks of every packet.
         *
         * @param requestQuickAcks whether to set the quick-ack flag
         * @return this builder
         */
        public Builder requestQuickAcks(boolean requestQuickAcks) {
            this.requestQuickAcks = requestQuickAcks;
            return this;
        }

        /**
         * Routes connections through a SOCKS5 proxy.
         *
         * @param proxy the proxy, or {@code null} for direct connections
         * @return this builder
         */
        public Builder proxy(Socks5Proxy proxy) {
            this.proxy = proxy;
            return this;
        }

        /**
         * Makes connections from a local IP address (the port is the system's choice): one of a
         * multi-homed host's addresses, or in tests another loopback address (127.0.0.2, ...) to
         * act as a second host.
         *
         * @param localAddress the address, or {@code null} for the system's choice (the default)
         * @return this builder
         */
        public Builder localAddress(InetAddress localAddress) {
            this.localAddress = localAddress;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         * @throws ConfigurationException if they are invalid or conflict
         */
        public TcpTransportConfig build() {
            return new TcpTransportConfig(framing, obfuscation, connectTimeout, maxFrameSize, maxQueuedBytes,
                    tcpNoDelay, requestQuickAcks, proxy, localAddress);
        }
    }
}
