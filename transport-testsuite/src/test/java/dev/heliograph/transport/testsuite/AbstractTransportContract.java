package dev.heliograph.transport.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.heliograph.error.HeliographException;
import dev.heliograph.error.RequestCancelledException;
import dev.heliograph.error.TransportException;
import dev.heliograph.mtproto.DcAuthState;
import dev.heliograph.mtproto.DcSender;
import dev.heliograph.mtproto.DcSenderConfig;
import dev.heliograph.mtproto.DcSenderListener;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.BaseConfig;
import dev.heliograph.tl.api.BaseDcOption;
import dev.heliograph.tl.api.BaseNearestDc;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.DcOption;
import dev.heliograph.tl.api.InputUser;
import dev.heliograph.tl.api.InputUserSelf;
import dev.heliograph.tl.api.JsonString;
import dev.heliograph.tl.api.NearestDc;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.auth.Authorization;
import dev.heliograph.tl.api.auth.BaseAuthorization;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.help.GetConfig;
import dev.heliograph.tl.api.functions.help.GetNearestDc;
import dev.heliograph.tl.api.functions.users.GetUsers;
import dev.heliograph.tl.api.updates.BaseState;
import dev.heliograph.tlapi.TlApi;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every transport passes against the test DC, driven through {@link DcSender}: key
 * exchange, login, pipelining, large messages, server-initiated messages, connection loss,
 * malformed frames and closing with calls pending. A subclass per transport x framing x
 * obfuscation supplies the transport and says what a malformed frame is on its wire.
 *
 * <p>Every wait is bounded ({@link #WAIT}); nothing sleeps to synchronise and nothing asserts on
 * timing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractTransportContract {

    /** The bound of every wait: generous, because the build machine is shared and loaded. */
    protected static final Duration WAIT = Duration.ofSeconds(30);

    private static final int API_ID = 24680;
    private static final String API_HASH = "fedcba9876543210fedcba9876543210";
    private static final Bot BOT = Bot.fromToken("2000001:SUITEqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "suite_bot",
            "Suite", 2);
    private static final int MIB = 1 << 20;
    /** Threads that serve every sender and DC of the process, not one connection. */
    private static final List<String> SHARED_THREADS = List.of("heliograph-timer-", "heliograph-sender-",
            "test-dc-", "OkHttp TaskRunner", "HTTP-Dispatcher", "process reaper");

    private TestCluster cluster;
    private Transport transport;
    private final List<DcSender> senders = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    /**
     * Creates the transport under test (one per test class; the suite closes it).
     *
     * @return a new transport
     */
    protected abstract Transport newTransport();

    /**
     * Returns where a DC serves this transport.
     *
     * @param dc the DC
     * @return its endpoint for this transport
     */
    protected DcEndpoint endpoint(TestDc dc) {
        return dc.endpoint();
    }

    /**
     * Sends the DC at {@code endpoint}, on a connection of its own, one frame of this transport
     * that is malformed (not merely a bad MTProto message), and returns once the DC has closed
     * that connection or refused the frame.
     *
     * @param endpoint where the DC serves this transport
     * @throws Exception if the DC kept the connection and accepted the frame, or on I/O failure
     */
    protected abstract void sendMalformedFrame(DcEndpoint endpoint) throws Exception;

    /**
     * Plays a broken server on an accepted connection: reads the client's first packet and
     * answers with a malformed frame of this transport.
     *
     * @param client the accepted connection
     * @throws IOException on I/O failure
     */
    protected abstract void answerWithMalformedFrame(Socket client) throws IOException;

    @BeforeAll
    void startClusterAndTransport() {
        cluster = TestCluster.builder().dcIds(1, 2).http(true).app(App.of(API_ID, API_HASH)).bot(BOT).start();
        transport = newTransport();
    }

    @AfterAll
    void stopClusterAndTransport() {
        if (transport != null) {
            transport.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void closeSendersAndResetKnobs() throws Exception {
        senders.forEach(DcSender::close);
        senders.clear();
        for (AutoCloseable r : resources) {
            r.close();
        }
        resources.clear();
        for (TestDc dc : cluster.dcs()) {
            dc.knobs().delayReplies(Duration.ZERO).dropConnectionBeforeReplyTo(null).dropConnectionAfterMessages(0);
        }
    }

    // ---- scenarios ----

    @Test
    void createsANewAuthKeyThatTheServerKnowsByTheSameId() throws Exception {
        List<DcAuthState> created = new CopyOnWriteArrayList<>();
        TestDc dc = cluster.dc(2);
        int before = dc.keyExchanges();
        DcSender s = sender(dc, transport, new DcSenderListener() {
            @Override
            public void authKeyCreated(DcAuthState state) {
                created.add(state);
            }
        });
        await(s.connect());
        assertEquals(1, created.size());
        long keyId = created.get(0).authKey().id();
        assertEquals(keyId, keyId(s));
        assertEquals(before + 1, dc.keyExchanges());
        assertTrue(dc.authKeyIds().contains(keyId), "the DC derived the same auth key id");
    }

    @Test
    void returnsTheClustersConfigForInvokeWithLayerInitConnection() throws Exception {
        BaseConfig config = (BaseConfig) await(sender(cluster.dc(2)).invoke(init(new GetConfig())));
        assertEquals(2, config.thisDc());
        assertTrue(config.testMode());
        Set<String> listed = new HashSet<>();
        for (DcOption o : config.dcOptions()) {
            BaseDcOption option = (BaseDcOption) o;
            listed.add(option.id() + "@" + option.ipAddress() + ":" + option.port());
        }
        for (TestDc dc : cluster.dcs()) {
            assertTrue(listed.contains(dc.id() + "@" + dc.host() + ":" + dc.port()), () -> "config lists " + dc);
        }
    }

    @Test
    void logsTheBotInWithImportBotAuthorization() throws Exception {
        DcSender s = sender(cluster.dc(2));
        BaseUser user = login(s);
        assertEquals(BOT.id(), user.id());
        assertTrue(user.bot());
        assertEquals(BOT.id(), cluster.dc(2).boundUser(keyId(s)));
    }

    @Test
    void answersAThousandPipelinedCalls() throws Exception {
        TestDc dc = cluster.dc(2);
        List<HeliographException> losses = new CopyOnWriteArrayList<>();
        DcSender s = sender(dc, transport, recordingReconnects(losses));
        await(s.invoke(init(new GetNearestDc())));
        List<CompletableFuture<NearestDc>> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            calls.add(s.invoke(new GetNearestDc()).toCompletableFuture());
        }
        for (CompletableFuture<NearestDc> call : calls) {
            assertEquals(2, ((BaseNearestDc) await(call)).thisDc());
        }
        assertEquals(List.of(), losses, "connection losses");
        // exactly once: no call ran twice
        assertEquals(1001, executions(dc, keyId(s), "help.getNearestDc"));
    }

    @Test
    void carriesAOneMebibyteRequestAndAOneMebibyteReply() throws Exception {
        TestDc dc = cluster.dc(2);
        DcSender s = sender(dc);
        // Request: initConnection's free-form JSON params, which the DC reads and ignores.
        String big = "x".repeat(MIB);
        TlMethod<NearestDc> request = new InvokeWithLayer<>(ApiSchema.LAYER, new InitConnection<>(API_ID,
                "Heliograph suite", "Linux", "0.1", "en", "", "en", null, new JsonString(big), new GetNearestDc()));
        assertTrue(serializedSize(request) > MIB);
        assertEquals(2, ((BaseNearestDc) await(s.invoke(request))).thisDc());
        // Reply: users.getUsers answers one user per inputUserSelf asked for.
        login(s);
        List<User> one = await(s.invoke(new GetUsers(List.of(new InputUserSelf()))));
        int perUser = serializedSize(one.get(0));
        int count = MIB / perUser + 1;
        List<User> users = await(s.invoke(new GetUsers(Collections.nCopies(count, (InputUser) new InputUserSelf()))));
        assertEquals(count, users.size());
        int replySize = 0;
        for (User u : users) {
            assertEquals(BOT.id(), ((BaseUser) u).id());
            replySize += serializedSize(u);
        }
        assertTrue(replySize > MIB, "reply of " + replySize + " bytes");
    }

    @Test
    protected void deliversAServerInitiatedMessageWhileIdle() throws Exception {
        TestDc dc = cluster.dc(2);
        LinkedBlockingQueue<TlObject> updates = new LinkedBlockingQueue<>();
        DcSender s = sender(dc, transport, new DcSenderListener() {
            @Override
            public void update(int dcId, TlObject update) {
                updates.add(update);
            }
        });
        await(s.invoke(init(new GetNearestDc())));
        BaseState pushed = new BaseState(7, 11, 1_700_000_000, 13, 0);
        // Connections of earlier tests may still be known to the DC; they get the message too.
        assertTrue(dc.push(pushed) >= 1, "the DC has a client session to push to");
        TlObject received = updates.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(pushed, received);
    }

    @Test
    void completesACallExactlyOnceWhenTheConnectionDropsMidReply() throws Exception {
        TestDc dc = cluster.dc(2);
        List<HeliographException> losses = new CopyOnWriteArrayList<>();
        DcSender s = sender(dc, transport, recordingReconnects(losses));
        await(s.invoke(init(new GetConfig())));
        dc.knobs().dropConnectionBeforeReplyTo("help.getNearestDc");
        assertEquals(2, ((BaseNearestDc) await(s.invoke(new GetNearestDc()))).thisDc());
        assertEquals(1, executions(dc, keyId(s), "help.getNearestDc"));
        assertEquals(1, losses.size(), "the connection was lost once");
    }

    @Test
    void serverClosesOnlyTheConnectionThatSentAMalformedFrame() throws Exception {
        TestDc dc = cluster.dc(2);
        List<HeliographException> losses = new CopyOnWriteArrayList<>();
        DcSender s = sender(dc, transport, recordingReconnects(losses));
        await(s.invoke(init(new GetNearestDc())));
        sendMalformedFrame(endpoint(dc));
        assertEquals(2, ((BaseNearestDc) await(s.invoke(new GetNearestDc()))).thisDc());
        assertEquals(List.of(), losses, "the well-behaved client kept its connection");
    }

    @Test
    void failsWithATypedTransportExceptionOnAMalformedFrameFromTheServer() throws Exception {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        resources.add(server);
        CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
            try (Socket client = server.accept()) {
                client.setSoTimeout((int) WAIT.toMillis());
                answerWithMalformedFrame(client);
                // Keep the socket open until the client gives up on it: the client must detect
                // the bad frame itself, not merely see the connection end.
                drain(client.getInputStream());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        DcEndpoint broken = new DcEndpoint(2, server.getInetAddress().getHostAddress(), server.getLocalPort(), false,
                true);
        DcSender s = sender(broken, transport, new DcSenderListener() { });
        Throwable failure = failure(s.connect().toCompletableFuture());
        TransportException e = assertInstanceOf(TransportException.class, failure);
        assertEquals(TransportException.Kind.FRAMING, e.kind());
        s.close();
        served.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void failsEveryPendingCallWithATypedErrorWhenClosedAndLeavesNoThreadBehind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Transport own = newTransport();
        TestDc dc = cluster.dc(2);
        DcSender s = DcSender.create(config(endpoint(dc), own, new DcSenderListener() { }).build());
        await(s.invoke(init(new GetNearestDc())));
        dc.knobs().delayReplies(WAIT.multipliedBy(2));
        List<CompletableFuture<NearestDc>> pending = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pending.add(s.invoke(new GetNearestDc()).toCompletableFuture());
        }
        s.close();
        for (CompletableFuture<NearestDc> call : pending) {
            Throwable cause = failure(call);
            assertTrue(cause instanceof RequestCancelledException || cause instanceof TransportException,
                    () -> "typed failure, got " + cause);
        }
        assertInstanceOf(RequestCancelledException.class, failure(s.invoke(new GetNearestDc()).toCompletableFuture()));
        own.close();
        List<Thread> left = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && SHARED_THREADS.stream().noneMatch(t.getName()::startsWith)) {
                t.join(WAIT.toMillis());
                if (t.isAlive()) {
                    left.add(t);
                }
            }
        }
        assertEquals(List.of(), left.stream().map(Thread::getName).collect(Collectors.toList()),
                "threads of the closed transport and sender");
    }

    // ---- helpers ----

    private DcSender sender(TestDc dc) {
        return sender(dc, transport, new DcSenderListener() { });
    }

    private DcSender sender(TestDc dc, Transport t, DcSenderListener listener) {
        return sender(endpoint(dc), t, listener);
    }

    private DcSender sender(DcEndpoint endpoint, Transport t, DcSenderListener listener) {
        DcSender s = DcSender.create(config(endpoint, t, listener).build());
        senders.add(s);
        return s;
    }

    /** A listener that collects why the sender had to reconnect: tests expect none, or one. */
    private static DcSenderListener recordingReconnects(List<HeliographException> losses) {
        return new DcSenderListener() {
            @Override
            public void reconnecting(int dcId, int attempt, long delayMillis, HeliographException cause) {
                losses.add(cause);
            }
        };
    }

    private DcSenderConfig.Builder config(DcEndpoint endpoint, Transport t, DcSenderListener listener) {
        return DcSenderConfig.builder(endpoint, t)
                .registry(TlApi.registry())
                .trustedKeys(TrustedRsaKeys.builtIn().plus(cluster.publicKey()))
                .requestTimeout(WAIT)
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(500))
                .listener(listener);
    }

    private static <R> TlMethod<R> init(TlMethod<R> query) {
        return new InvokeWithLayer<>(ApiSchema.LAYER, new InitConnection<>(API_ID, "Heliograph suite", "Linux", "0.1",
                "en", "", "en", null, null, query));
    }

    private static BaseUser login(DcSender s) throws Exception {
        await(s.invoke(init(new GetNearestDc())));
        Authorization auth = await(s.invoke(new ImportBotAuthorization(0, API_ID, API_HASH, BOT.token())));
        return (BaseUser) ((BaseAuthorization) auth).user();
    }

    private static int serializedSize(TlObject o) {
        TlWriter w = new TlWriter(64);
        o.serialize(w);
        return w.size();
    }

    private static long keyId(DcSender s) {
        return s.authState().orElseThrow().authKey().id();
    }

    private static long executions(TestDc dc, long authKeyId, String method) {
        return dc.executions().stream().filter(e -> e.authKeyId() == authKeyId && e.method().equals(method)).count();
    }

    /**
     * Waits for a future within {@link #WAIT}.
     *
     * @param f the future
     * @param <R> its type
     * @return its value
     * @throws Exception if it failed or did not complete in time
     */
    protected static <R> R await(CompletionStage<R> f) throws Exception {
        return f.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertNotNull(e.getCause());
        return e.getCause();
    }

    /**
     * Reads until the peer closes the connection.
     *
     * @param in the stream
     * @throws IOException on I/O failure other than a reset by the peer
     */
    protected static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (SocketTimeoutException e) {
            fail("the peer kept the connection open for " + WAIT);
        } catch (IOException e) {
            if (!isReset(e)) {
                throw e;
            }
        }
    }

    /**
     * Tells whether an exception means the peer reset the connection (a close with unread data).
     *
     * @param e the exception
     * @return true for a reset
     */
    protected static boolean isReset(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("reset") || m.contains("Broken pipe") || m.contains("aborted");
    }
}
