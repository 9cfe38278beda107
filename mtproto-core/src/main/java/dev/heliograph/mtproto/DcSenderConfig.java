package dev.heliograph.mtproto;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.error.ConfigurationException;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.tl.TlRegistry;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.Transport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Everything a {@link DcSender} needs. Immutable; build with {@link #builder}. A class rather than
 * a record so that a new setting is a new builder method and breaks no caller.
 *
 * @since 0.1
 */
public final class DcSenderConfig {

    /** The shortest temporary key lifetime accepted: a key must outlive its own binding round trip. */
    public static final int MIN_TEMP_KEY_LIFETIME_SECONDS = 2;

    /** The default temporary key lifetime, 24 h (tdesktop's {@code expires_in}). */
    public static final Duration DEFAULT_TEMP_KEY_LIFETIME = Duration.ofHours(24);

    private final DcEndpoint endpoint;
    private final Transport transport;
    private final CryptoProvider cryptoProvider;
    private final RandomSource random;
    private final LongSupplier clock;
    private final TrustedRsaKeys trustedKeys;
    private final DcAuthState authState;
    private final AuthKeyCoordinator authKeyCoordinator;
    private final Supplier<TlRegistry> registry;
    /** The registry once asked for. */
    private volatile TlRegistry resolvedRegistry;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final Duration requestTimeout;
    private final Duration keepAliveInterval;
    private final Backoff reconnectBackoff;
    private final DcSenderListener listener;
    private final boolean pfs;
    private final Duration tempKeyLifetime;
    private final LongPredicate sendPermit;

    private DcSenderConfig(Builder b) {
        this.endpoint = Objects.requireNonNull(b.endpoint, "endpoint is null");
        this.transport = Objects.requireNonNull(b.transport, "transport is null");
        this.cryptoProvider = b.cryptoProvider != null ? b.cryptoProvider : CryptoProviders.defaultProvider();
        this.random = b.random != null ? b.random : RandomSource.secure();
        this.clock = Objects.requireNonNull(b.clock, "clock is null");
        this.trustedKeys = Objects.requireNonNull(b.trustedKeys, "trustedKeys is null");
        this.authState = b.authState;
        this.authKeyCoordinator = Objects.requireNonNull(b.authKeyCoordinator, "authKeyCoordinator is null");
        this.registry = b.registry != null ? b.registry : MtprotoSchema::registry;
        this.executor = b.executor != null ? b.executor : SharedScheduler.pool();
        this.scheduler = b.scheduler != null ? b.scheduler : SharedScheduler.timer();
        this.requestTimeout = Objects.requireNonNull(b.requestTimeout, "requestTimeout is null");
        this.keepAliveInterval = Objects.requireNonNull(b.keepAliveInterval, "keepAliveInterval is null");
        this.reconnectBackoff = Objects.requireNonNull(b.reconnectBackoff, "reconnectBackoff is null");
        this.listener = Objects.requireNonNull(b.listener, "listener is null");
        this.sendPermit = Objects.requireNonNull(b.sendPermit, "sendPermit is null");
        this.pfs = b.pfs;
        this.tempKeyLifetime = b.tempKeyLifetime;
        if (!validTempKeyLifetime(tempKeyLifetime)) {
            throw new ConfigurationException("tempKeyLifetime must be " + MIN_TEMP_KEY_LIFETIME_SECONDS
                    + " s to 68 years, got " + tempKeyLifetime);
        }
    }

    /**
     * Tells whether a temporary key lifetime is accepted: at least
     * {@value #MIN_TEMP_KEY_LIFETIME_SECONDS} s, and whole seconds that fit {@code expires_in} (an int).
     *
     * @param lifetime the lifetime, or {@code null}
     * @return whether it is accepted
     */
    public static boolean validTempKeyLifetime(Duration lifetime) {
        return lifetime != null && lifetime.toSeconds() >= MIN_TEMP_KEY_LIFETIME_SECONDS
                && lifetime.toSeconds() <= Integer.MAX_VALUE;
    }

    /**
     * Returns the check made before each encrypted packet goes out.
     *
     * @return the check; see {@link Builder#sendPermit}
     */
    public LongPredicate sendPermit() {
        return sendPermit;
    }

    /**
     * Returns where the DC listens.
     *
     * @return the value
     */
    public DcEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Returns the transport that opens the connection.
     *
     * @return the value
     */
    public Transport transport() {
        return transport;
    }

    /**
     * Returns the crypto primitives.
     *
     * @return the value
     */
    public CryptoProvider cryptoProvider() {
        return cryptoProvider;
    }

    /**
     * Returns the randomness source (nonces, DH secret, session id, padding).
     *
     * @return the value
     */
    public RandomSource random() {
        return random;
    }

    /**
     * Returns the local wall clock, in milliseconds since the epoch.
     *
     * @return the value
     */
    public LongSupplier clock() {
        return clock;
    }

    /**
     * Returns the RSA keys accepted during key creation.
     *
     * @return the value
     */
    public TrustedRsaKeys trustedKeys() {
        return trustedKeys;
    }

    /**
     * Returns the key to resume with, or {@code null} to obtain one.
     *
     * @return the value
     */
    public DcAuthState authState() {
        return authState;
    }

    /**
     * Returns how a missing key is obtained.
     *
     * @return the value
     */
    public AuthKeyCoordinator authKeyCoordinator() {
        return authKeyCoordinator;
    }

    /**
     * Returns the constructors answers and updates may use.
     *
     * @return the value
     */
    public TlRegistry registry() {
        TlRegistry r = resolvedRegistry;
        if (r == null) {
            r = Objects.requireNonNull(registry.get(), "the registry supplier returned null");
            resolvedRegistry = r;
        }
        return r;
    }

    /**
     * Returns the pool that runs every sender's serial executor; shared across senders.
     *
     * @return the value
     */
    public Executor executor() {
        return executor;
    }

    /**
     * Returns the timer (timeouts, acks, keep-alive); shared across senders.
     *
     * @return the value
     */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Returns the default per-call timeout.
     *
     * @return the value
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Returns how often to ping ({@code ping_delay_disconnect}) and check salts.
     *
     * @return the value
     */
    public Duration keepAliveInterval() {
        return keepAliveInterval;
    }

    /**
     * Returns the reconnect back-off (its jitter is drawn from {@link #random()}).
     *
     * @return the back-off
     */
    public Backoff reconnectBackoff() {
        return reconnectBackoff;
    }

    /**
     * Returns the listener that observes the sender.
     *
     * @return the value
     */
    public DcSenderListener listener() {
        return listener;
    }

    /**
     * Tells whether traffic goes under temporary keys bound to the permanent one (perfect forward
     * secrecy, MTPROTO-NOTES 10); on by default.
     *
     * @return whether PFS is on
     */
    public boolean pfs() {
        return pfs;
    }

    /**
     * Returns the {@code expires_in} of each temporary key; a fresh one is bound when three quarters
     * of it have passed.
     *
     * @return the lifetime
     */
    public Duration tempKeyLifetime() {
        return tempKeyLifetime;
    }

    /**
     * Starts a configuration with defaults: the default crypto provider, a secure random source,
     * the system clock, the built-in RSA keys, key creation on demand, the MTProto service
     * registry, the process-wide worker pool and timer, 30 s call timeout, 30 s keep-alive, reconnect
     * back-off {@link Backoff#DEFAULT}, perfect forward secrecy on with 24 h temporary keys.
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
        private Supplier<TlRegistry> registry;
        private Executor executor;
        private ScheduledExecutorService scheduler;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration keepAliveInterval = Duration.ofSeconds(30);
        private Backoff reconnectBackoff = Backoff.DEFAULT;
        private DcSenderListener listener = new DcSenderListener() { };
        private boolean pfs = true;
        private Duration tempKeyLifetime = DEFAULT_TEMP_KEY_LIFETIME;
        private LongPredicate sendPermit = now -> true;

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
         * Sets the check made before each encrypted packet goes out, with the time of
         * {@link #clock}: when it answers false the sender sends nothing more and stops, failing its
         * calls with a {@link dev.heliograph.error.SessionStoreException} of kind
         * {@code LEASE_LOST}. Hosts sharing a session use it to never send on an auth key whose
         * lease they no longer hold, even after being paused past the lease. Default: always true.
         *
         * @param value the check
         * @return this builder
         */
        public Builder sendPermit(LongPredicate value) {
            this.sendPermit = value;
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
            Objects.requireNonNull(value, "registry is null");
            this.registry = () -> value;
            return this;
        }

        /**
         * Sets the registry answers are decoded with, asked for only when the sender first needs it:
         * once a key exists and the first encrypted message is made. In a fresh JVM a large registry
         * still being built (on another thread) then does not hold up the connection and the key
         * exchanges.
         *
         * @param value supplies the registry (called once)
         * @return this builder
         */
        public Builder registry(Supplier<TlRegistry> value) {
            this.registry = Objects.requireNonNull(value, "registry is null");
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
            return reconnectBackoff(Backoff.exponential(base, max));
        }

        /**
         * Sets the reconnect back-off.
         *
         * @param value the back-off
         * @return this builder
         */
        public Builder reconnectBackoff(Backoff value) {
            this.reconnectBackoff = value;
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
            return new DcSenderConfig(this);
        }
    }
}
