package dev.heliograph.testdc;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.testdc.internal.DcListener;
import dev.heliograph.testdc.internal.DcState;
import dev.heliograph.testdc.internal.HttpDcListener;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.transport.DcEndpoint;
import java.util.List;
import java.util.Map;

/**
 * One DC of a {@link TestCluster}: its listener, auth keys, salts and knobs, and what tests can
 * observe (key exchanges, executions, rejected input). Stopping a DC closes its listener and
 * connections but keeps its auth keys; restarting binds the same port again.
 */
public final class TestDc {

    private final DcState state;
    private final String host;
    private final CryptoProvider crypto;
    private final RandomSource random;
    private final Knobs knobs;
    private volatile int port;
    private DcListener listener;
    private final boolean http;
    private volatile int httpPort;
    private HttpDcListener httpListener;

    TestDc(DcState state, Knobs knobs, String host, int port, CryptoProvider crypto, RandomSource random) {
        this(state, knobs, host, port, crypto, random, false, 0);
    }

    TestDc(DcState state, Knobs knobs, String host, int port, CryptoProvider crypto, RandomSource random,
            boolean http, int httpPort) {
        this.http = http;
        this.httpPort = httpPort;
        this.state = state;
        this.knobs = knobs;
        this.host = host;
        this.port = port;
        this.crypto = crypto;
        this.random = random;
    }

    /**
     * Starts listening (on the configured port, or the one chosen at the first start).
     *
     * @return this
     */
    public synchronized TestDc start() {
        if (listener == null) {
            listener = new DcListener(state, host, port, crypto, random);
            port = listener.port();
        }
        if (http && httpListener == null) {
            httpListener = new HttpDcListener(state, host, httpPort);
            httpPort = httpListener.port();
        }
        return this;
    }

    /** Stops listening and drops every connection; auth keys and sessions are kept. */
    public synchronized void stop() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        if (httpListener != null) {
            httpListener.close();
            httpListener = null;
        }
    }

    /** Stops and starts again on the same port. */
    public synchronized void restart() {
        stop();
        start();
    }

    /**
     * Tells whether the DC is listening.
     *
     * @return true if started and not stopped
     */
    public synchronized boolean isRunning() {
        return listener != null;
    }

    /**
     * Returns the DC id.
     *
     * @return the id
     */
    public int id() {
        return state.dcId();
    }

    /**
     * Returns the host the DC listens on.
     *
     * @return the host
     */
    public String host() {
        return host;
    }

    /**
     * Returns the port (the chosen one once started).
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the port of the HTTP listener.
     *
     * @return the port (the chosen one once started), 0 when the DC serves no HTTP
     */
    public int httpPort() {
        return httpPort;
    }

    /**
     * Returns where the DC serves MTProto's HTTP transport ({@code POST /api}).
     *
     * @return the endpoint
     * @throws IllegalStateException if the cluster was built without {@code http(true)} or the DC
     *     has not started
     */
    public DcEndpoint httpEndpoint() {
        if (!http || httpPort == 0) {
            throw new IllegalStateException("DC " + id() + " serves no HTTP (TestCluster.builder().http(true))");
        }
        return new DcEndpoint(id(), host, httpPort, false, true);
    }

    /**
     * Returns the endpoint clients connect to.
     *
     * @return the endpoint (marked as a test server)
     */
    public DcEndpoint endpoint() {
        return new DcEndpoint(id(), host, port, false, true);
    }

    /**
     * Returns the DC's fault knobs.
     *
     * @return the knobs
     */
    public Knobs knobs() {
        return knobs;
    }

    /**
     * Returns how many permanent auth keys were created on this DC.
     *
     * @return the count
     */
    public int keyExchanges() {
        return state.keyExchanges();
    }

    /**
     * Returns how many temporary auth keys (perfect forward secrecy) were created on this DC;
     * {@link #keyExchanges()} counts permanent keys only.
     *
     * @return the count
     */
    public int tempKeyExchanges() {
        return state.tempKeyExchanges();
    }

    /**
     * Returns the temporary key bound to a permanent key (at most one is, per Telegram's rule).
     *
     * @param permAuthKeyId the permanent key's id
     * @return the temporary key's id, or 0 if none is bound
     */
    public long boundTempKey(long permAuthKeyId) {
        return state.boundTempKey(permAuthKeyId);
    }

    /**
     * Makes every temporary key on this DC expire now (their next packet gets -404).
     *
     * @return how many there were
     */
    public int expireTempKeys() {
        return state.expireTempKeys();
    }

    /**
     * Returns the update pushes this DC sent, each naming the connection it went to (when the
     * cluster records executions): the log that shows which connection is an account's update
     * receiver.
     *
     * @return a snapshot, oldest first
     */
    public List<Push> pushes() {
        return state.pushes();
    }

    /**
     * Returns the RPCs this DC ran (when the cluster records executions).
     *
     * @return a snapshot, oldest first
     */
    public List<Execution> executions() {
        return state.executions();
    }

    /**
     * Returns how many RPCs this DC answered.
     *
     * @return the count
     */
    public long rpcCount() {
        return state.rpcCount();
    }

    /**
     * Returns how often a check rejected client input (the connection was dropped).
     *
     * @param check the check
     * @return the count
     */
    public int rejections(SecurityCheckException.Check check) {
        return state.rejections(check);
    }

    /**
     * Returns how many packets came with an unknown auth key (answered with -404).
     *
     * @return the count
     */
    public int unknownKeyPackets() {
        return state.unknownKeyPackets();
    }

    /**
     * Returns how many auth keys the duplicate-key rule revoked on this DC.
     *
     * @return the count
     */
    public int duplicatedKeys() {
        return state.duplicatedKeys();
    }

    /**
     * Returns how many TCP connections each framing brought, told apart by the clients' first
     * bytes, since the DC was created.
     *
     * @return a snapshot keyed by framing, with {@code " obfuscated"} appended for obfuscated2
     */
    public Map<String, Integer> connectionsByTransport() {
        return state.connectionsByTransport();
    }

    /**
     * Returns the ids of the auth keys this DC knows.
     *
     * @return a snapshot
     */
    public List<Long> authKeyIds() {
        return state.authKeyIds();
    }

    /**
     * Returns the user logged in with an auth key.
     *
     * @param authKeyId the key id
     * @return the user id, or 0
     */
    public long boundUser(long authKeyId) {
        return state.boundUser(authKeyId);
    }

    /**
     * Forgets an auth key: its next packet is answered with -404.
     *
     * @param authKeyId the key id
     * @return true if the key was known
     */
    public boolean forgetAuthKey(long authKeyId) {
        return state.forgetAuthKey(authKeyId);
    }

    /**
     * Returns the permanent auth keys this DC knows and the user bound to each (0 if none): what a
     * real DC keeps on disk. A program that runs the cluster in-process saves them to
     * {@link #restoreAuthKey restore} them in its next run.
     *
     * @return key to bound user id
     */
    public Map<AuthKey, Long> permanentAuthKeys() {
        return state.permanentAuthKeys();
    }

    /**
     * Makes this DC know a permanent auth key from an earlier run, bound to a user (0 for none);
     * this is not a key exchange.
     *
     * @param key the key
     * @param userId the bound user, or 0
     */
    public void restoreAuthKey(AuthKey key, long userId) {
        state.restoreAuthKey(key, userId);
    }

    /** Forgets every auth key of this DC. */
    public void forgetAllAuthKeys() {
        state.forgetAllAuthKeys();
    }

    /**
     * Sends a server-initiated content message, such as an update, to every connected client
     * session now: to the session that last spoke on each TCP connection, and over HTTP with the
     * client's next long poll or request.
     *
     * @param message the message
     * @return how many connections it went to (0 when none carries a session)
     */
    public int push(TlObject message) {
        TlWriter w = new TlWriter(64);
        message.serialize(w);
        byte[] body = w.toByteArray();
        int n;
        synchronized (this) {
            n = (listener == null ? 0 : listener.push(body)) + (httpListener == null ? 0 : httpListener.push(body));
        }
        return n;
    }

    /**
     * Counts the HTTP long polls ({@code http_wait} requests) this DC holds for one auth key; for a
     * permanent key, those of the temporary key bound to it too (where a PFS client's polls are).
     *
     * @param authKeyId the auth key id
     * @return how many are held; 0 if the DC serves no HTTP
     */
    public synchronized int heldLongPolls(long authKeyId) {
        if (httpListener == null) {
            return 0;
        }
        long temp = state.boundTempKey(authKeyId);
        return httpListener.heldLongPolls(authKeyId) + (temp != 0 ? httpListener.heldLongPolls(temp) : 0);
    }

    /** Replaces every salt now: the next message with an old salt gets bad_server_salt. */
    public void rotateSalts() {
        state.rotateSalts();
    }

    /**
     * Returns how many clients are connected.
     *
     * @return the count, 0 when stopped
     */
    public synchronized int connectionCount() {
        return listener == null ? 0 : listener.connectionCount();
    }

    @Override
    public String toString() {
        return "TestDc[" + id() + " at " + host + ":" + port + "]";
    }
}
