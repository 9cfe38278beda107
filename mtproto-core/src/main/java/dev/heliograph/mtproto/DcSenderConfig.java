package dev.heliograph.mtproto;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.CryptoProviders;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.mtproto.internal.sender.SharedScheduler;
import dev.heliograph.tl.TlRegistry;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.Transport;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * Everything a {@link DcSender} needs. Immutable; build with {@link #builder}.
 *
 * @param endpoint where the DC listens
 * @param transport opens the connection
 * @param cryptoProvider the crypto primitives
 * @param random randomness (nonces, DH secret, session id, padding)
 * @param clock local wall-clock time in milliseconds since the epoch
 * @param trustedKeys the RSA keys accepted during key creation
 * @param authState the key to resume with, or {@code null} to obtain one
 * @param authKeyCoordinator how a missing key is obtained
 * @param registry the constructors answers and updates may use
 * @param executor runs every sender's serial executor; shared across senders
 * @param scheduler runs timers (timeouts, acks, keep-alive); shared across senders
 * @param requestTimeout the default per-call timeout
 * @param keepAliveInterval how often to ping ({@code ping_delay_disconnect}) and check salts
 * @param reconnectBaseDelay the first reconnect back-off (doubles per failed attempt, with full jitter)
 * @param reconnectMaxDelay the largest reconnect back-off
 * @param listener observes the sender
 * @param pfs whether traffic goes under temporary keys bound to the permanent one (perfect forward
 *     secrecy, MTPROTO-NOTES 10); on by default
 * @param tempKeyLifetime the {@code expires_in} of each temporary key; a fresh one is bound when
 *     three quarters of it have passed
 */
public record DcSenderConfig(DcEndpoint endpoint, Transport transport, CryptoProvider cryptoProvider,
                             RandomSource random, LongSupplier clock, TrustedRsaKeys trustedKeys,
                             DcAuthState authState, AuthKeyCoordinator authKeyCoordinator, TlRegistry registry,
                             Executor executor, ScheduledExecutorService scheduler, Duration requestTimeout, Duration keepAliveInterval,
                             Duration reconnectBaseDelay, Duration reconnectMaxDelay, DcSenderListener listener,
                             boolean pfs, Duration tempKeyLifetime) {

    /**
     * Validates the configuration.
     *
     * @throws NullPointerException if a required part is missing
     */
    public DcSenderConfig {
        Objects.requireNonNull(endpoint, "endpoint is null");
        Objects.requireNonNull(transport, "transport is null");
        Objects.requireNonNull(cryptoProvider, "cryptoProvider is null");
        Objects.requireNonNull(random, "random is null");
        Objects.requireNonNull(clock, "clock is null");
        Objects.requireNonNull(trustedKeys, "trustedKeys is null");
        Objects.requireNonNull(authKeyCoordinator, "authKeyCoordinator is null");
        Objects.requireNonNull(registry, "registry is null");
        Objects.requireNonNull(executor, "executor is null");
        Objects.requireNonNull(scheduler, "scheduler is null");
        Objects.requireNonNull(requestTimeout, "requestTimeout is null");
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval is null");
        Objects.requireNonNull(reconnectBaseDelay, "reconnectBaseDelay is null");
        Objects.requireNonNull(reconnectMaxDelay, "reconnectMaxDelay is null");
        Objects.requireNonNull(listener, "listener is null");
        Objects.requireNonNull(tempKeyLifetime, "tempKeyLifetime is null");
        if (tempKeyLifetime.toSeconds() < MIN_TEMP_KEY_LIFETIME_SECONDS || tempKeyLifetime.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tempKeyLifetime must be at least " + MIN_TEMP_KEY_LIFETIME_SECONDS
                    + " s, got " + tempKeyLifetime);
        }
    }

    /** The shortest temporary key lifetime accepted: a key must outlive its own binding round trip. */
    public static final int MIN_TEMP_KEY_LIFETIME_SECONDS = 2;

    /** The default temporary key lifetime, 24 h (tdesktop's {@code expires_in}). */
    public static final Duration DEFAULT_TEMP_KEY_LIFETIME = Duration.ofHours(24);

    /**
     * Starts a configuration with defaults: the default crypto provider, a secure random source,
     * the system clock, the built-in RSA keys, key creation on demand, the MTProto service
     * registry, the process-wide worker pool and timer, 30 s call timeout, 30 s keep-alive, reconnect
     * back-off from 100 ms to 10 s, perfect forward secrecy on with 24 h temporary keys.
     *
     * @param endpoint the DC
     * @param transport the transport
     * @return the builder
     */
    public static Builder builder(DcEndpoint endpoint, Transport transport) {
        return new Builder(endpoint, transport);
    }

    /** Builds a {@link DcSenderConfig}. */

    public static final class Builder {
        private final DcEndpoint endpoint;
        private final Transport transport;
        private CryptoProvider cryptoProvider;
        private RandomSource random;
        private LongSupplier clock = System::currentTimeMillis;
        private TrustedRsaKeys trustedKeys = TrustedRsaKeys.builtIn();
        private DcAuthState authState;
        private AuthKeyCoordinator authKeyCoordinator = AuthKeyCoordinator.createAlways();
        private TlRegistry registry;
        private Executor executor;
        private ScheduledExecutorService scheduler;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration keepAliveInterval = Duration.ofSeconds(30);
        private Duration reconnectBaseDelay = Duration.ofMillis(100);
        private Duration reconnectMaxDelay = Duration.ofSeconds(10);
        private DcSenderListener listener = new DcSenderListener() { };
        private boolean pfs = true;
        private Duration tempKeyLifetime = DEFAULT_TEMP_KEY_LIFETIME;

        private Builder(DcEndpoint endpoint, Transport transport) {
            this.endpoint = endpoint;
            this.transport = transport;
        }

        /**
         * Sets the crypto provider.
         *
         * @param value the provider
         * @return this builder
         */
        public Builder cryptoProvider(CryptoProvider value) {
            this.cryptoProvider = value;
            return this;
        }

        /**
         * Sets the randomness source.
         *
         * @param value the source
         * @return this builder
         */
        public Builder random(RandomSource value) {
            this.random = value;
            return this;
        }

        /**
         * Sets the wall clock (tests use it to start with a skewed clock).
         *
         * @param value milliseconds since the epoch
         * @return this builder
         */
        public Builder clock(LongSupplier value) {
            this.clock = value;
            return this;
        }

        /**
         * Sets the trusted RSA keys.
         *
         * @param value the keys
         * @return this builder
         */
        public Builder trustedKeys(TrustedRsaKeys value) {
            this.trustedKeys = value;
            return this;
        }

        /**
         * Sets the key to resume with.
         *
         * @param value the persisted state, or {@code null} to obtain a key
         * @return this builder
         */
        public Builder authState(DcAuthState value) {
            this.authState = value;
            return this;
        }

        /**
         * Sets how a missing key is obtained.
         *
         * @param value the coordinator
         * @return this builder
         */
        public Builder authKeyCoordinator(AuthKeyCoordinator value) {
            this.authKeyCoordinator = value;
            return this;
        }

        /**
         * Sets the registry answers are decoded with. The default knows only the MTProto service types;
         * senders that make API calls pass {@code dev.heliograph.tlapi.TlApi.registry()} (module
         * {@code heliograph-tl-api}), which knows both.
         *
         * @param value the registry
         * @return this builder
         */
        public Builder registry(TlRegistry value) {
            this.registry = value;
            return this;
        }

        /**
         * Sets the pool that runs the sender's work (share one among all senders; a sender uses
         * one of its threads at a time).
         *
         * @param value the pool
         * @return this builder
         */
        public Builder executor(Executor value) {
            this.executor = value;
            return this;
        }

        /**
         * Sets the timer (share one among all senders).
         *
         * @param value the scheduler
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService value) {
            this.scheduler = value;
            return this;
        }

        /**
         * Sets the default call timeout.
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        /**
         * Sets the keep-alive interval.
         *
         * @param value the interval
         * @return this builder
         */
        public Builder keepAliveInterval(Duration value) {
            this.keepAliveInterval = value;
            return this;
        }

        /**
         * Sets the reconnect back-off bounds.
         *
         * @param base the first delay
         * @param max the largest delay
         * @return this builder
         */
        public Builder reconnectDelay(Duration base, Duration max) {
            this.reconnectBaseDelay = base;
            this.reconnectMaxDelay = max;
            return this;
        }

        /**
         * Sets the listener.
         *
         * @param value the listener
         * @return this builder
         */
        public Builder listener(DcSenderListener value) {
            this.listener = value;
            return this;
        }

        /**
         * Turns perfect forward secrecy on (the default) or off. On, the permanent key only signs
         * the binding of short-lived temporary keys, and every call (the login included) travels
         * under the current temporary key; off, calls travel under the permanent key.
         *
         * @param value whether to use temporary keys
         * @return this builder
         */
        public Builder pfs(boolean value) {
            this.pfs = value;
            return this;
        }

        /**
         * Sets the lifetime of each temporary key (default 24 h, at least
         * {@value DcSenderConfig#MIN_TEMP_KEY_LIFETIME_SECONDS} s).
         *
         * @param value the lifetime
         * @return this builder
         */
        public Builder tempKeyLifetime(Duration value) {
            this.tempKeyLifetime = value;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public DcSenderConfig build() {
            return new DcSenderConfig(endpoint, transport,
                    cryptoProvider != null ? cryptoProvider : CryptoProviders.defaultProvider(),
                    random != null ? random : RandomSource.secure(), clock, trustedKeys, authState,
                    authKeyCoordinator,
                    registry != null ? registry : MtprotoSchema.registry(),
                    executor != null ? executor : SharedScheduler.pool(),
                    scheduler != null ? scheduler : SharedScheduler.timer(), requestTimeout, keepAliveInterval,
                    reconnectBaseDelay, reconnectMaxDelay, listener, pfs, tempKeyLifetime);
        }
    }
}
