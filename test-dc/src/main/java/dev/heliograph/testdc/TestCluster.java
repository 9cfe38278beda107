package dev.heliograph.testdc;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.RsaPublicKey;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.crypto.impl.RsaPem;
import dev.heliograph.testdc.internal.Account;
import dev.heliograph.testdc.internal.Accounts;
import dev.heliograph.testdc.internal.Messaging;
import dev.heliograph.testdc.internal.DcState;
import dev.heliograph.transport.DcEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A cluster of MTProto test DCs in one process: each DC has its own TCP listener (every framing of
 * the transport module), auth keys, salts and knobs; they share one RSA key and one registry of
 * apps and bots. {@code help.getConfig} lists the cluster's real endpoints, so clients migrate
 * between DCs as with Telegram.
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.builder()
 *         .app(App.of(12345, "0123456789abcdef0123456789abcdef"))
 *         .bot(Bot.fromToken("1000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "my_bot", "My Bot", 2))
 *         .start()) {
 *     DcEndpoint dc2 = cluster.dc(2).endpoint();
 *     String pem = cluster.publicKeyPem();   // trust this key in the client
 * }
 * }</pre>
 */
public final class TestCluster implements AutoCloseable {

    private final Map<Integer, TestDc> dcs;
    private final RsaPrivateKey rsaKey;
    private final long fingerprint;
    private final Accounts accounts;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService handshakes;
    private final Map<Long, TestUser> testUsers = new ConcurrentHashMap<>();

    private TestCluster(Builder b) {
        List<RsaPrivateKey> keys = new ArrayList<>(b.rsaKeys);
        if (keys.isEmpty()) {
            keys.add(RsaPem.generate(b.random));
        }
        this.rsaKey = keys.get(0);
        this.fingerprint = new MtprotoCrypto(b.crypto).rsaFingerprint(rsaKey.publicKey());
        this.accounts = new Accounts(b.apps, b.bots, b.millis, b.updateLimits);
        for (String[] u : b.users) {
            accounts.addUser(u[0], u[1], u[2]);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-dc-scheduler");
            t.setDaemon(true);
            return t;
        });
        this.handshakes = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "test-dc-handshake");
            t.setDaemon(true);
            return t;
        });
        Map<Integer, TestDc> map = new LinkedHashMap<>();
        for (int id : b.dcIds) {
            Knobs knobs = new Knobs().duplicateKeyRule(b.duplicateKeyRule)
                    .loginFloodLimit(b.loginFloodLimit, b.loginFloodWindow);
            DcState state = new DcState(new DcState.Settings(id, knobs, b.millis, b.random, b.crypto,
                    keys, accounts, this::endpoints, scheduler, handshakes, b.rpcLog, b.recordExecutions));
            map.put(id, new TestDc(state, knobs, b.host, b.ports.getOrDefault(id, 0), b.crypto, b.random, b.http,
                    b.httpPorts.getOrDefault(id, 0)));
        }
        this.dcs = map;
    }

    /**
     * Starts describing a cluster (DCs 1..5 on free ports of 127.0.0.1, a generated RSA key).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a DC.
     *
     * @param id the DC id
     * @return the DC
     * @throws IllegalArgumentException if the cluster has no such DC
     */
    public TestDc dc(int id) {
        TestDc dc = dcs.get(id);
        if (dc == null) {
            throw new IllegalArgumentException("the cluster has no DC " + id);
        }
        return dc;
    }

    /**
     * Returns every DC, in id order as configured.
     *
     * @return the DCs
     */
    public List<TestDc> dcs() {
        return List.copyOf(dcs.values());
    }

    /**
     * Returns every DC's endpoint (what {@code help.getConfig} reports).
     *
     * @return the endpoints
     */
    public List<DcEndpoint> endpoints() {
        List<DcEndpoint> out = new ArrayList<>(dcs.size());
        for (TestDc dc : dcs.values()) {
            out.add(dc.endpoint());
        }
        return out;
    }

    /**
     * Returns the public half of the cluster's main RSA key (the first one configured).
     *
     * @return the key clients must trust
     */
    public RsaPublicKey publicKey() {
        return rsaKey.publicKey();
    }

    /**
     * Returns the public key as a PKCS#1 PEM ({@code BEGIN RSA PUBLIC KEY}).
     *
     * @return the PEM text
     */
    public String publicKeyPem() {
        return RsaPem.writePublic(rsaKey.publicKey());
    }

    /**
     * Returns the key's MTProto fingerprint.
     *
     * @return the fingerprint (as a signed long, the way clients print it)
     */
    public long fingerprint() {
        return fingerprint;
    }

    /**
     * Returns a registered bot.
     *
     * @param id the bot's user id
     * @return the bot (with its current home DC), or null
     */
    public Bot bot(long id) {
        return accounts.bot(id);
    }

    /**
     * Registers or replaces a bot.
     *
     * @param bot the bot
     */
    public void addBot(Bot bot) {
        accounts.addBot(bot);
    }

    /**
     * Registers or replaces an application.
     *
     * @param app the application
     */
    public void addApp(App app) {
        accounts.addApp(app);
    }

    /**
     * Moves a bot to another home DC: logins elsewhere answer {@code 303 USER_MIGRATE_<dc>}.
     *
     * @param botId the bot
     * @param dc the new home DC
     */
    public void moveBot(long botId, int dc) {
        dc(dc);
        accounts.moveBot(botId, dc);
    }

    /**
     * Revokes a bot's token: logins answer {@code ACCESS_TOKEN_EXPIRED}.
     *
     * @param botId the bot
     */
    public void revokeBotToken(long botId) {
        accounts.revokeToken(botId);
    }

    /**
     * Registers a user with a test phone number, or returns the one registered with it.
     *
     * @param phone {@code 99966XYYYY}, X being the user's home DC (a DC of this cluster)
     * @param firstName the display name
     * @param username the username without {@code @}, or null
     * @return the user
     * @throws IllegalArgumentException if the phone is not a test number of this cluster, or the
     *     username is malformed or taken
     */
    public TestUser addUser(String phone, String firstName, String username) {
        Account a = accounts.addUser(phone, firstName, username);
        dc(a.homeDc());
        return handle(a);
    }

    /**
     * Returns a registered user by phone number.
     *
     * @param phone the number
     * @return the user
     * @throws IllegalArgumentException if no user has that phone
     */
    public TestUser user(String phone) {
        Account a = accounts.userByPhone(phone);
        if (a == null) {
            throw new IllegalArgumentException("no user with phone " + phone);
        }
        return handle(a);
    }

    /**
     * Returns every registered user.
     *
     * @return the users, in registration order
     */
    public List<TestUser> users() {
        return accounts.users().stream().map(this::handle).toList();
    }

    private TestUser handle(Account a) {
        return testUsers.computeIfAbsent(a.id(), id -> new TestUser(a, accounts.messaging(), this));
    }

    /**
     * Drops the next {@code n} update pushes to an account (user or bot): the events are stored and
     * served by {@code updates.getDifference}, so clients must notice the gap in pts.
     *
     * @param accountId the user or bot id
     * @param n how many pushes; 0 disarms
     */
    public void dropUpdates(long accountId, int n) {
        accounts.messaging().dropPushes(accountId, n);
    }

    /**
     * Pushes {@code updatesTooLong} to every authorization of an account now.
     *
     * @param accountId the user or bot id
     */
    public void pushUpdatesTooLong(long accountId) {
        accounts.messaging().pushTooLong(accountId);
    }

    /**
     * Turns the duplicate-key rule on or off on every DC (see {@link Knobs#duplicateKeyRule}).
     *
     * @param on whether the rule applies
     */
    public void duplicateKeyRule(boolean on) {
        for (TestDc dc : dcs.values()) {
            dc.knobs().duplicateKeyRule(on);
        }
    }

    /**
     * Sets the bot login flood limit on every DC (see {@link Knobs#loginFloodLimit}).
     *
     * @param logins logins per bot per window; 0 turns the limit off
     * @param window the window
     */
    public void loginFloodLimit(int logins, Duration window) {
        for (TestDc dc : dcs.values()) {
            dc.knobs().loginFloodLimit(logins, window);
        }
    }

    /** Stops every DC. */
    @Override
    public void close() {
        for (TestDc dc : dcs.values()) {
            dc.stop();
        }
        accounts.messaging().close();
        scheduler.shutdownNow();
        handshakes.shutdownNow();
    }

    /** Describes a cluster; {@link #start()} builds and starts it. */
    public static final class Builder {
        private int[] dcIds = {1, 2, 3, 4, 5};
        private String host = "127.0.0.1";
        private final Map<Integer, Integer> ports = new HashMap<>();
        private final List<RsaPrivateKey> rsaKeys = new ArrayList<>();
        private final List<App> apps = new ArrayList<>();
        private final List<Bot> bots = new ArrayList<>();
        private CryptoProvider crypto = CryptoProviders.defaultProvider();
        private RandomSource random = RandomSource.secure();
        private LongSupplier millis = System::currentTimeMillis;
        private Consumer<String> rpcLog = defaultRpcLog();
        private boolean recordExecutions = true;
        private boolean http;
        private final List<String[]> users = new ArrayList<>();
        private Messaging.Limits updateLimits = Messaging.Limits.DEFAULT;
        private boolean duplicateKeyRule = true;
        private int loginFloodLimit = Knobs.DEFAULT_LOGIN_FLOOD_LIMIT;
        private Duration loginFloodWindow = Knobs.DEFAULT_LOGIN_FLOOD_WINDOW;
        private final Map<Integer, Integer> httpPorts = new java.util.HashMap<>();

        private Builder() {
        }

        /**
         * Sets the DC ids.
         *
         * @param ids distinct positive ids
         * @return this
         */
        public Builder dcIds(int... ids) {
            if (ids.length == 0 || Arrays.stream(ids).distinct().count() != ids.length
                    || Arrays.stream(ids).anyMatch(i -> i <= 0)) {
                throw new IllegalArgumentException("DC ids must be distinct positive numbers");
            }
            this.dcIds = ids.clone();
            return this;
        }

        /**
         * Sets the address every DC binds and advertises.
         *
         * @param host an IP address
         * @return this
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host is null");
            return this;
        }

        /**
         * Sets a DC's port.
         *
         * @param dcId the DC
         * @param port the port, 0 for any free one (the default)
         * @return this
         */
        public Builder port(int dcId, int port) {
            ports.put(dcId, DcEndpoint.checkPort(port));
            return this;
        }

        /**
         * Adds an RSA key the DCs offer in {@code resPQ} (otherwise a 2048-bit key is generated).
         * The first key added is the cluster's {@link TestCluster#publicKey() main key}.
         *
         * @param key the private key
         * @return this
         */
        public Builder rsaKey(RsaPrivateKey key) {
            rsaKeys.add(Objects.requireNonNull(key, "key is null"));
            return this;
        }

        /**
         * Registers an application.
         *
         * @param app the application
         * @return this
         */
        public Builder app(App app) {
            apps.add(Objects.requireNonNull(app, "app is null"));
            return this;
        }

        /**
         * Registers a bot.
         *
         * @param bot the bot
         * @return this
         */
        public Builder bot(Bot bot) {
            bots.add(Objects.requireNonNull(bot, "bot is null"));
            return this;
        }

        /**
         * Registers a user with a test phone number ({@code 99966XYYYY}, X = its home DC); see
         * {@link TestCluster#user(String)}.
         *
         * @param phone the number
         * @param firstName the display name
         * @param username the username without {@code @}, or null
         * @return this
         */
        public Builder user(String phone, String firstName, String username) {
            users.add(new String[] {Objects.requireNonNull(phone, "phone is null"),
                Objects.requireNonNull(firstName, "firstName is null"), username});
            return this;
        }

        /**
         * Sets the update store's limits (default: slices of 1,000 events, 100,000 kept per account).
         *
         * @param sliceLimit most events per {@code updates.getDifference} answer before it becomes a
         *     {@code differenceSlice}
         * @param kept events and messages kept per account; a client further behind gets
         *     {@code differenceTooLong}
         * @return this
         */
        public Builder updateLimits(int sliceLimit, int kept) {
            this.updateLimits = new Messaging.Limits(sliceLimit, kept);
            return this;
        }

        /**
         * Sets the duplicate-key rule of every DC at start (default on; see
         * {@link Knobs#duplicateKeyRule}).
         *
         * @param on whether the rule applies
         * @return this
         */
        public Builder duplicateKeyRule(boolean on) {
            this.duplicateKeyRule = on;
            return this;
        }

        /**
         * Sets the bot login flood limit of every DC at start (default 20 per 60 s; see
         * {@link Knobs#loginFloodLimit}).
         *
         * @param logins logins per bot per window; 0 turns the limit off
         * @param window the window
         * @return this
         */
        public Builder loginFloodLimit(int logins, Duration window) {
            new Knobs().loginFloodLimit(logins, window);
            this.loginFloodLimit = logins;
            this.loginFloodWindow = window;
            return this;
        }

        /**
         * Sets the crypto provider.
         *
         * @param crypto the provider
         * @return this
         */
        public Builder crypto(CryptoProvider crypto) {
            this.crypto = Objects.requireNonNull(crypto, "crypto is null");
            return this;
        }

        /**
         * Sets the randomness.
         *
         * @param random the source
         * @return this
         */
        public Builder random(RandomSource random) {
            this.random = Objects.requireNonNull(random, "random is null");
            return this;
        }

        /**
         * Sets the wall clock (the skew knob comes on top).
         *
         * @param millis milliseconds since the epoch
         * @return this
         */
        public Builder clock(LongSupplier millis) {
            this.millis = Objects.requireNonNull(millis, "millis is null");
            return this;
        }

        /**
         * Sets where the one-line-per-RPC log goes (default: System.Logger
         * {@code dev.heliograph.testdc.rpc} at DEBUG, when that level is enabled).
         *
         * @param rpcLog receives each line, or null for no log at all
         * @return this
         */
        public Builder rpcLog(Consumer<String> rpcLog) {
            this.rpcLog = rpcLog;
            return this;
        }

        private static Consumer<String> defaultRpcLog() {
            System.Logger logger = System.getLogger("dev.heliograph.testdc.rpc");
            return logger.isLoggable(System.Logger.Level.DEBUG) ? line -> logger.log(System.Logger.Level.DEBUG, line)
                    : null;
        }

        /**
         * Chooses whether DCs keep every {@link Execution} (default true; turn off for benchmarks).
         *
         * @param record whether to record
         * @return this
         */
        public Builder recordExecutions(boolean record) {
            this.recordExecutions = record;
            return this;
        }

        /**
         * Makes every DC also serve MTProto's HTTP transport ({@code POST /api}) on a port of its
         * own (default off); see {@link TestDc#httpEndpoint()}.
         *
         * @param http whether to listen for HTTP
         * @return this
         */
        public Builder http(boolean http) {
            this.http = http;
            return this;
        }

        /**
         * Sets a DC's HTTP port (default: any free port); only used with {@link #http(boolean)}.
         *
         * @param dcId the DC
         * @param port the port
         * @return this
         */
        public Builder httpPort(int dcId, int port) {
            httpPorts.put(dcId, port);
            return this;
        }

        /**
         * Builds the cluster without starting its listeners.
         *
         * @return the cluster
         */
        public TestCluster build() {
            return new TestCluster(this);
        }

        /**
         * Builds the cluster and starts every DC.
         *
         * @return the running cluster
         */
        public TestCluster start() {
            TestCluster cluster = build();
            try {
                for (TestDc dc : cluster.dcs()) {
                    dc.start();
                }
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        }
    }
}
