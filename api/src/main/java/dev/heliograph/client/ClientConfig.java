package dev.heliograph.client;

import dev.heliograph.error.ConfigurationException;
import dev.heliograph.mtproto.Backoff;
import dev.heliograph.mtproto.DcSenderConfig;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.session.KeyPoolPolicy;
import dev.heliograph.session.SessionNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link HeliographClient} is configured with. Immutable and thread-safe; build one
 * with {@link #builder()} and derive variants with {@link #toBuilder()}.
 *
 * <p><b>The {@code api_hash} is a secret:</b> {@link #toString()} never shows it.
 *
 * @since 0.1
 */
public final class ClientConfig {

    /** The default device model sent in {@code initConnection}. */
    public static final String DEFAULT_DEVICE_MODEL = "Heliograph";
    /** The default application version sent in {@code initConnection}. */
    public static final String DEFAULT_APP_VERSION = "0.1.0";
    /** The default language code sent in {@code initConnection}. */
    public static final String DEFAULT_LANG_CODE = "en";
    /** The default timeout of one call attempt. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The default interval of keep-alive pings on each DC connection. */
    public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(30);
    /** The default session name. */
    public static final String DEFAULT_SESSION_NAME = "default";

    private final int apiId;
    private final String apiHash;
    private final DcMap dcMap;
    private final TrustedRsaKeys trustedKeys;
    private final String deviceModel;
    private final String systemVersion;
    private final String appVersion;
    private final String systemLangCode;
    private final String langPack;
    private final String langCode;
    private final Duration requestTimeout;
    private final RetryPolicy retryPolicy;
    private final Duration keepAliveInterval;
    private final Backoff reconnectBackoff;
    private final String sessionName;
    private final boolean pfs;
    private final Duration tempKeyLifetime;
    private final String hostId;
    private final KeyPoolPolicy keyPoolPolicy;
    private final UpdateSettings updates;

    private ClientConfig(Builder b) {
        this.apiId = b.apiId;
        this.apiHash = b.apiHash;
        this.dcMap = b.dcMap;
        this.trustedKeys = b.trustedKeys;
        this.deviceModel = b.deviceModel;
        this.systemVersion = b.systemVersion;
        this.appVersion = b.appVersion;
        this.systemLangCode = b.systemLangCode;
        this.langPack = b.langPack;
        this.langCode = b.langCode;
        this.requestTimeout = b.requestTimeout;
        this.retryPolicy = b.retryPolicy;
        this.keepAliveInterval = b.keepAliveInterval;
        this.reconnectBackoff = b.reconnectBackoff;
        this.sessionName = b.sessionName;
        this.pfs = b.pfs;
        this.tempKeyLifetime = b.tempKeyLifetime;
        this.hostId = b.hostId;
        this.keyPoolPolicy = b.keyPoolPolicy;
        this.updates = b.updates;
    }

    /**
     * Starts a configuration: production DCs, the built-in RSA keys, the default strings, 30 s
     * call timeout, {@link RetryPolicy#DEFAULT}, 30 s keep-alive, {@link Backoff#DEFAULT} reconnects,
     * the session {@value #DEFAULT_SESSION_NAME}, and perfect forward secrecy on with 24 h temporary keys.
     * The {@code api_id} and {@code api_hash} have no default.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.apiId = apiId;
        b.apiHash = apiHash;
        b.dcMap = dcMap;
        b.trustedKeys = trustedKeys;
        b.deviceModel = deviceModel;
        b.systemVersion = systemVersion;
        b.appVersion = appVersion;
        b.systemLangCode = systemLangCode;
        b.langPack = langPack;
        b.langCode = langCode;
        b.requestTimeout = requestTimeout;
        b.retryPolicy = retryPolicy;
        b.keepAliveInterval = keepAliveInterval;
        b.reconnectBackoff = reconnectBackoff;
        b.sessionName = sessionName;
        b.pfs = pfs;
        b.tempKeyLifetime = tempKeyLifetime;
        b.hostId = hostId;
        b.keyPoolPolicy = keyPoolPolicy;
        b.updates = updates;
        return b;
    }

    /**
     * Returns the application id from my.telegram.org.
     *
     * @return the api_id
     */
    public int apiId() {
        return apiId;
    }

    /**
     * Returns the application hash (a secret: do not log it).
     *
     * @return the api_hash
     */
    public String apiHash() {
        return apiHash;
    }

    /**
     * Returns where the DCs are.
     *
     * @return the DC map
     */
    public DcMap dcMap() {
        return dcMap;
    }

    /**
     * Returns the RSA keys accepted when creating an auth key.
     *
     * @return the keys
     */
    public TrustedRsaKeys trustedKeys() {
        return trustedKeys;
    }

    /**
     * Returns the device model sent in {@code initConnection}.
     *
     * @return the device model
     */
    public String deviceModel() {
        return deviceModel;
    }

    /**
     * Returns the system version sent in {@code initConnection}.
     *
     * @return the system version
     */
    public String systemVersion() {
        return systemVersion;
    }

    /**
     * Returns the application version sent in {@code initConnection}.
     *
     * @return the application version
     */
    public String appVersion() {
        return appVersion;
    }

    /**
     * Returns the system language code sent in {@code initConnection}.
     *
     * @return the code
     */
    public String systemLangCode() {
        return systemLangCode;
    }

    /**
     * Returns the language pack sent in {@code initConnection}.
     *
     * @return the language pack, empty for none
     */
    public String langPack() {
        return langPack;
    }

    /**
     * Returns the language code sent in {@code initConnection}.
     *
     * @return the code
     */
    public String langCode() {
        return langCode;
    }

    /**
     * Returns how long one call attempt may wait for its answer.
     *
     * @return the timeout
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Returns the flood-wait retry policy.
     *
     * @return the policy
     */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * Returns how often each DC connection pings the server ({@code ping_delay_disconnect}) and
     * checks its salts.
     *
     * @return the interval
     */
    public Duration keepAliveInterval() {
        return keepAliveInterval;
    }

    /**
     * Returns how long a lost DC connection waits before each reconnect attempt.
     *
     * @return the back-off
     */
    public Backoff reconnectBackoff() {
        return reconnectBackoff;
    }

    /**
     * Returns the name the session is stored under.
     *
     * @return the session name
     */
    public String sessionName() {
        return sessionName;
    }

    /**
     * Tells whether calls travel under temporary keys bound to the permanent key (perfect forward
     * secrecy, on by default).
     *
     * @return whether PFS is on
     */
    public boolean pfs() {
        return pfs;
    }

    /**
     * Returns the lifetime of each temporary key ({@code expires_in}); a fresh key is bound when
     * three quarters of it have passed.
     *
     * @return the lifetime
     */
    public Duration tempKeyLifetime() {
        return tempKeyLifetime;
    }

    /**
     * Returns this host's id among the hosts sharing the session, as configured: auth key leases
     * and the update receiver lease name it.
     *
     * @return the host id, or {@code null} if none was set: the client then uses one stable per
     *     machine and session (see {@link Builder#hostId})
     */
    public String hostId() {
        return hostId;
    }

    /**
     * Returns the timing of auth key leases.
     *
     * @return the policy
     */
    public KeyPoolPolicy keyPoolPolicy() {
        return keyPoolPolicy;
    }

    /**
     * Returns how updates are received and handed to handlers.
     *
     * @return the update settings
     */
    public UpdateSettings updates() {
        return updates;
    }

    /** Shows everything but the api_hash. */
    @Override
    public String toString() {
        return "ClientConfig[apiId=" + apiId + ", dcMap=" + dcMap + ", session=" + sessionName + ", host=" + hostId
                + ", deviceModel=" + deviceModel + ", appVersion=" + appVersion
                + ", requestTimeout=" + requestTimeout + ", keepAliveInterval=" + keepAliveInterval
                + ", reconnectBackoff=" + reconnectBackoff + ", updates=" + updates + ", pfs=" + pfs
                + ", tempKeyLifetime=" + tempKeyLifetime + "]";
    }

    /** Builds a {@link ClientConfig}. Not thread-safe. */
    public static final class Builder {
        private int apiId;
        private String apiHash;
        private DcMap dcMap = DcMap.production();
        private TrustedRsaKeys trustedKeys = TrustedRsaKeys.builtIn();
        private String deviceModel = DEFAULT_DEVICE_MODEL;
        private String systemVersion = System.getProperty("os.name", "Java") + " " + System.getProperty("os.version", "");
        private String appVersion = DEFAULT_APP_VERSION;
        private String systemLangCode = DEFAULT_LANG_CODE;
        private String langPack = "";
        private String langCode = DEFAULT_LANG_CODE;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Duration keepAliveInterval = DEFAULT_KEEP_ALIVE_INTERVAL;
        private Backoff reconnectBackoff = Backoff.DEFAULT;
        private String sessionName = DEFAULT_SESSION_NAME;
        private boolean pfs = true;
        private Duration tempKeyLifetime = DcSenderConfig.DEFAULT_TEMP_KEY_LIFETIME;
        private String hostId;
        private KeyPoolPolicy keyPoolPolicy = KeyPoolPolicy.DEFAULT;
        private UpdateSettings updates = UpdateSettings.DEFAULT;

        private Builder() {
        }

        /**
         * Sets the application's credentials from my.telegram.org.
         *
         * @param id the api_id
         * @param hash the api_hash
         * @return this builder
         */
        public Builder api(int id, String hash) {
            this.apiId = id;
            this.apiHash = hash;
            return this;
        }

        /**
         * Sets where the DCs are.
         *
         * @param value the DC map
         * @return this builder
         */
        public Builder dcMap(DcMap value) {
            this.dcMap = value;
            return this;
        }

        /**
         * Sets the RSA keys accepted when creating an auth key.
         *
         * @param value the keys
         * @return this builder
         */
        public Builder trustedKeys(TrustedRsaKeys value) {
            this.trustedKeys = value;
            return this;
        }

        /**
         * Sets the device and application strings sent in {@code initConnection}.
         *
         * @param device the device model
         * @param system the system version
         * @param app the application version
         * @return this builder
         */
        public Builder device(String device, String system, String app) {
            this.deviceModel = device;
            this.systemVersion = system;
            this.appVersion = app;
            return this;
        }

        /**
         * Sets the language fields sent in {@code initConnection}.
         *
         * @param systemLang the system language code
         * @param pack the language pack (empty for none)
         * @param lang the language code
         * @return this builder
         */
        public Builder language(String systemLang, String pack, String lang) {
            this.systemLangCode = systemLang;
            this.langPack = pack;
            this.langCode = lang;
            return this;
        }

        /**
         * Sets how long one call attempt may wait for its answer.
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        /**
         * Sets the flood-wait retry policy.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = value;
            return this;
        }

        /**
         * Sets how often each DC connection pings the server and checks its salts.
         *
         * @param value a positive interval
         * @return this builder
         */
        public Builder keepAliveInterval(Duration value) {
            this.keepAliveInterval = value;
            return this;
        }

        /**
         * Sets how long a lost DC connection waits before each reconnect attempt.
         *
         * @param value the back-off, such as {@code Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10))}
         * @return this builder
         */
        public Builder reconnectBackoff(Backoff value) {
            this.reconnectBackoff = value;
            return this;
        }

        /**
         * Sets the name the session is stored under.
         *
         * @param value the name (see {@link SessionNames})
         * @return this builder
         */
        public Builder sessionName(String value) {
            this.sessionName = value;
            return this;
        }

        /**
         * Turns perfect forward secrecy on (the default) or off. On, each connection creates a
         * temporary key, binds it to the stored permanent key with {@code auth.bindTempAuthKey} and
         * sends every call (the login included) under it; temporary keys are never stored.
         *
         * @param value whether to use temporary keys
         * @return this builder
         */
        public Builder pfs(boolean value) {
            this.pfs = value;
            return this;
        }

        /**
         * Sets this host's id among the hosts that share the session through one store. Every
         * host leases auth keys of its own (Telegram revokes a key used from two places at once);
         * a host that keeps its id across restarts takes its own key back at once, another waits
         * for the key's grace (and the update receiver lease's time). Ids must be unique among
         * running hosts. Default (or {@code null}): {@code <machine>/<session>/<slot>}, which the
         * client claims at start: the machine's host name, and the lowest slot no other running
         * process of this user on the machine holds for the session (an OS file lock in the
         * temporary directory, dropped when the process dies). So a host that restarts gets its own
         * id, key and role back at once, and processes running side by side get different ids.
         * Without a host name or a writable temporary directory the default is a random id.
         *
         * @param value the id (1 to 200 characters), or {@code null} for the default
         * @return this builder
         */
        public Builder hostId(String value) {
            this.hostId = value;
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
         * Sets the timing of auth key leases. Default: {@link KeyPoolPolicy#DEFAULT}.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder keyPoolPolicy(KeyPoolPolicy value) {
            this.keyPoolPolicy = value;
            return this;
        }

        /**
         * Sets how updates are received; see {@link UpdateSettings}.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder updates(UpdateSettings value) {
            this.updates = value;
            return this;
        }

        /**
         * Builds the configuration, checking every setting.
         *
         * @return the configuration
         * @throws ConfigurationException listing every problem found
         */
        public ClientConfig build() {
            List<String> problems = new ArrayList<>();
            if (apiId <= 0) {
                problems.add("api_id must be positive (get one at my.telegram.org)");
            }
            if (apiHash == null || apiHash.isBlank()) {
                problems.add("api_hash is missing");
            }
            require(dcMap, "dcMap", problems);
            require(trustedKeys, "trustedKeys", problems);
            require(retryPolicy, "retryPolicy", problems);
            require(keyPoolPolicy, "keyPoolPolicy", problems);
            if (hostId != null && (hostId.isEmpty() || hostId.length() > 200)) {
                problems.add("hostId must have 1 to 200 characters");
            }
            require(updates, "updates", problems);
            for (String[] s : new String[][] {{"deviceModel", deviceModel}, {"systemVersion", systemVersion},
                    {"appVersion", appVersion}, {"systemLangCode", systemLangCode}, {"langCode", langCode}}) {
                if (s[1] == null || s[1].isBlank()) {
                    problems.add(s[0] + " must not be empty");
                }
            }
            require(langPack, "langPack", problems);
            if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
                problems.add("requestTimeout must be positive");
            }
            if (!DcSenderConfig.validTempKeyLifetime(tempKeyLifetime)) {
                problems.add("tempKeyLifetime must be " + DcSenderConfig.MIN_TEMP_KEY_LIFETIME_SECONDS
                        + " s to 68 years, got " + tempKeyLifetime);
            }
            if (keepAliveInterval == null || keepAliveInterval.isNegative() || keepAliveInterval.isZero()) {
                problems.add("keepAliveInterval must be positive");
            }
            require(reconnectBackoff, "reconnectBackoff", problems);
            if (sessionName == null) {
                problems.add("sessionName is missing");
            } else {
                try {
                    SessionNames.requireValid(sessionName);
                } catch (RuntimeException e) {
                    problems.add(e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException("invalid client configuration:\n - " + String.join("\n - ", problems));
            }
            return new ClientConfig(this);
        }

        private static void require(Object value, String name, List<String> problems) {
            if (Objects.isNull(value)) {
                problems.add(name + " is missing");
            }
        }
    }
}
