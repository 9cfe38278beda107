package dev.heliograph.testdc.internal;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.testdc.Execution;
import dev.heliograph.testdc.Push;
import dev.heliograph.testdc.Knobs;
import dev.heliograph.transport.DcEndpoint;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Everything one test DC knows, shared by its connections: the RSA keys, the auth keys and their
 * sessions, the knobs, the clock, and the counters tests read. Thread-safe.
 */
public final class DcState {

    final int dcId;
    final Knobs knobs;
    final ServerClock clock;
    final RandomSource random;
    final CryptoProvider provider;
    final MtprotoCrypto crypto;
    final Map<Long, RsaPrivateKey> rsaKeys;
    final Accounts accounts;
    final Supplier<List<DcEndpoint>> endpoints;
    final ScheduledExecutorService scheduler;
    final Executor handshakes;
    final Consumer<String> rpcLog;
    final Map<Long, AuthKeyState> authKeys = new ConcurrentHashMap<>();
    private final AtomicInteger keyExchanges = new AtomicInteger();
    private final AtomicInteger tempKeyExchanges = new AtomicInteger();
    private final AtomicLong rpcCount = new AtomicLong();
    private final Map<SecurityCheckException.Check, AtomicInteger> rejections =
            new EnumMap<>(SecurityCheckException.Check.class);
    private final AtomicInteger unknownKeyPackets = new AtomicInteger();
    private final AtomicInteger duplicateKeys = new AtomicInteger();
    private final Map<Long, ArrayDeque<Long>> botLogins = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> connectionsByTransport = new ConcurrentHashMap<>();
    private final boolean recordExecutions;
    private final Queue<Execution> executions = new ConcurrentLinkedQueue<>();
    private final Queue<Push> pushes = new ConcurrentLinkedQueue<>();

    /**
     * Creates the state of one DC.
     *
     * @param settings what the DC is made of
     */
    public DcState(Settings settings) {
        this.dcId = settings.dcId();
        this.knobs = settings.knobs();
        this.clock = new ServerClock(settings.millis(), settings.knobs());
        this.random = settings.random();
        CryptoProvider p = settings.provider();
        for (RsaPrivateKey k : settings.rsaKeys()) {
            p = new CrtRsaProvider(p, k, settings.random().nextLong());
        }
        this.provider = p;
        this.crypto = new MtprotoCrypto(p);
        Map<Long, RsaPrivateKey> keys = new LinkedHashMap<>();
        for (RsaPrivateKey k : settings.rsaKeys()) {
            keys.put(crypto.rsaFingerprint(k.publicKey()), k);
        }
        this.rsaKeys = Map.copyOf(keys);
        this.accounts = settings.accounts();
        this.endpoints = settings.endpoints();
        this.scheduler = settings.scheduler();
        this.handshakes = settings.handshakes();
        this.rpcLog = settings.rpcLog();
        this.recordExecutions = settings.recordExecutions();
        for (SecurityCheckException.Check c : SecurityCheckException.Check.values()) {
            rejections.put(c, new AtomicInteger());
        }
    }

    /**
     * What a DC is made of.
     *
     * @param dcId the DC id
     * @param knobs its fault knobs
     * @param millis wall clock in milliseconds
     * @param random randomness
     * @param provider crypto primitives
     * @param rsaKeys the RSA keys the DC offers
     * @param accounts the cluster's apps and bots
     * @param endpoints the cluster's DC endpoints, for {@code help.getConfig}
     * @param scheduler runs delayed replies and disconnects
     * @param handshakes runs the key exchange's RSA and DH work, off the transport's event loop
     * @param rpcLog receives one line per RPC, or null for none
     * @param recordExecutions whether to keep every {@link Execution} (tests) or not (benchmarks)
     */
    public record Settings(int dcId, Knobs knobs, LongSupplier millis, RandomSource random,
            CryptoProvider provider, List<RsaPrivateKey> rsaKeys, Accounts accounts,
            Supplier<List<DcEndpoint>> endpoints, ScheduledExecutorService scheduler, Executor handshakes,
            Consumer<String> rpcLog,
            boolean recordExecutions) {
    }

    /**
     * Returns the DC id.
     *
     * @return the id
     */
    public int dcId() {
        return dcId;
    }

    /**
     * Returns the number of completed permanent key exchanges.
     *
     * @return the count
     */
    public int keyExchanges() {
        return keyExchanges.get();
    }

    /**
     * Returns the number of completed temporary key exchanges ({@code p_q_inner_data_temp*}).
     *
     * @return the count
     */
    public int tempKeyExchanges() {
        return tempKeyExchanges.get();
    }

    /**
     * Returns the temporary key bound to a permanent key.
     *
     * @param permAuthKeyId the permanent key's id
     * @return the temporary key's id, or 0 if none is bound (or the key is unknown)
     */
    public long boundTempKey(long permAuthKeyId) {
        AuthKeyState perm = authKeys.get(permAuthKeyId);
        AuthKeyState temp = perm == null ? null : perm.boundTemp;
        return temp == null || temp.boundTo != perm || authKeys.get(temp.id) != temp ? 0 : temp.id;
    }

    /**
     * Makes every temporary key expire now: its next packet is answered with -404, as when a
     * temporary key reaches its {@code expires_in}.
     *
     * @return how many temporary keys there were
     */
    public int expireTempKeys() {
        int n = 0;
        long now = clock.nowMillis();
        for (AuthKeyState k : authKeys.values()) {
            if (k.temporary()) {
                k.expiresAtMillis = Math.min(k.expiresAtMillis, now);
                n++;
            }
        }
        return n;
    }

    /**
     * Returns the number of RPCs answered (results and errors).
     *
     * @return the count
     */
    public long rpcCount() {
        return rpcCount.get();
    }

    /**
     * Returns how often a check rejected client input.
     *
     * @param check the check
     * @return the count
     */
    public int rejections(SecurityCheckException.Check check) {
        return rejections.get(check).get();
    }

    /**
     * Returns how many packets came with an auth key the DC does not know (answered with -404).
     *
     * @return the count
     */
    public int unknownKeyPackets() {
        return unknownKeyPackets.get();
    }

    /**
     * Counts a client connection by how it talks to the DC.
     *
     * @param transport such as {@code "ABRIDGED obfuscated"}
     */
    public void connectionOpened(String transport) {
        connectionsByTransport.computeIfAbsent(transport, t -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * Returns how many client connections each transport brought since the DC was created.
     *
     * @return a snapshot, keyed like {@code "FULL"}, {@code "INTERMEDIATE obfuscated"}
     */
    public Map<String, Integer> connectionsByTransport() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        connectionsByTransport.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /**
     * Returns the recorded executions, oldest first.
     *
     * @return a snapshot
     */
    public List<Execution> executions() {
        return new ArrayList<>(executions);
    }

    /**
     * Returns the ids of the auth keys the DC knows.
     *
     * @return a snapshot
     */
    public List<Long> authKeyIds() {
        return new ArrayList<>(authKeys.keySet());
    }

    /**
     * Returns the user bound to an auth key.
     *
     * @param authKeyId the key id
     * @return the user id, or 0 if the key is unknown or not logged in
     */
    public long boundUser(long authKeyId) {
        AuthKeyState k = authKeys.get(authKeyId);
        return k == null ? 0 : k.account().userId;
    }

    /**
     * Forgets an auth key: its next packet is answered with -404. Forgetting a permanent key also
     * forgets the temporary key bound to it.
     *
     * @param authKeyId the key id
     * @return true if the key was known
     */
    public boolean forgetAuthKey(long authKeyId) {
        AuthKeyState k = authKeys.remove(authKeyId);
        if (k == null) {
            return false;
        }
        if (k.userId != 0) {
            accounts.messaging().unauthorized(k, k.userId);
        }
        AuthKeyState temp = k.boundTemp;
        if (temp != null && temp.boundTo == k) {
            authKeys.remove(temp.id, temp);
        }
        return true;
    }

    /** Forgets every auth key. */
    public void forgetAllAuthKeys() {
        for (long id : authKeyIds()) {
            forgetAuthKey(id);
        }
    }

    /** Gives every auth key a new salt: the next message with the old one gets bad_server_salt. */
    public void rotateSalts() {
        for (AuthKeyState k : authKeys.values()) {
            k.salt = random.nextLong();
        }
    }

    /**
     * Returns the permanent auth keys the DC knows, with the user bound to each, so that a program
     * can keep them across restarts of an in-process cluster (see {@link #restoreAuthKey}).
     *
     * @return a snapshot: key and bound user id (0 if not logged in)
     */
    public Map<AuthKey, Long> permanentAuthKeys() {
        Map<AuthKey, Long> keys = new LinkedHashMap<>();
        for (AuthKeyState k : authKeys.values()) {
            if (k.expiresAtMillis == 0) {
                keys.put(k.key, k.userId);
            }
        }
        return keys;
    }

    /**
     * Makes the DC know a permanent auth key created in an earlier run, bound to a user. Not a key
     * exchange: {@link #keyExchanges()} does not change.
     *
     * @param key the key
     * @param userId the user bound to it, or 0
     */
    public void restoreAuthKey(AuthKey key, long userId) {
        AuthKeyState state = new AuthKeyState(key, random.nextLong(), 0);
        state.userId = userId;
        authKeys.put(key.id(), state);
        if (userId != 0) {
            accounts.messaging().authorized(state, userId);
        }
    }

    /** The duplicate-key rule revoked a key: it no longer receives its account's updates. */
    void keyDuplicated(AuthKeyState key) {
        duplicateKeys.incrementAndGet();
        long userId = key.userId;
        if (userId != 0) {
            accounts.messaging().unauthorized(key, userId);
        }
    }

    /**
     * Returns how many auth keys the duplicate-key rule revoked.
     *
     * @return the count
     */
    public int duplicatedKeys() {
        return duplicateKeys.get();
    }

    /**
     * Counts a bot login against the login flood limit.
     *
     * @param botId the bot
     * @return 0 if the login may go on (it is counted), else the seconds to announce in FLOOD_WAIT
     */
    int botLoginWait(long botId) {
        int limit = knobs.loginFloodLimit();
        if (limit == 0) {
            return 0;
        }
        long window = knobs.loginFloodWindow().toMillis();
        long now = clock.nowMillis();
        ArrayDeque<Long> times = botLogins.computeIfAbsent(botId, id -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && now - times.peekFirst() >= window) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                return (int) Math.max(1, (times.peekFirst() + window - now + 999) / 1000);
            }
            times.addLast(now);
            return 0;
        }
    }

    void keyCreated(AuthKey key, long salt, long expiresAtMillis) {
        long expires = expiresAtMillis;
        Duration cap = knobs.tempKeyLifetime();
        if (expires != 0 && cap != null) {
            expires = Math.min(expires, clock.nowMillis() + cap.toMillis());
        }
        authKeys.put(key.id(), new AuthKeyState(key, salt, expires));
        (expires == 0 ? keyExchanges : tempKeyExchanges).incrementAndGet();
    }

    void rejected(SecurityCheckException.Check check) {
        rejections.get(check).incrementAndGet();
    }

    void unknownKey() {
        unknownKeyPackets.incrementAndGet();
    }

    /**
     * Returns the recorded pushes, oldest first.
     *
     * @return a snapshot
     */
    public List<Push> pushes() {
        return new ArrayList<>(pushes);
    }

    void pushed(long authKeyId, long sessionId, long connectionId, String remoteHost, int updates) {
        if (recordExecutions) {
            pushes.add(new Push(dcId, authKeyId, sessionId, connectionId, remoteHost, updates,
                    System.currentTimeMillis()));
        }
    }

    void executed(long authKeyId, long sessionId, long msgId, String method) {
        rpcCount.incrementAndGet();
        if (recordExecutions) {
            executions.add(new Execution(dcId, authKeyId, sessionId, msgId, method));
        }
    }
}
