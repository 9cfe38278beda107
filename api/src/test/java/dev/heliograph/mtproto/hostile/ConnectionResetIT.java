package dev.heliograph.mtproto.hostile;

import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.error.HeliographException;
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
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.BaseNearestDc;
import dev.heliograph.tl.api.auth.BaseAuthorization;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.help.GetNearestDc;
import dev.heliograph.tlapi.TlApi;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.tcp.TcpTransport;
import dev.heliograph.transport.tcp.TcpTransportConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A login and a call against the real test DC, with the connection reset (RST) at every packet
 * boundary in turn, both directions, the key exchange's plaintext packets included: each run must
 * end with the login or the call done, the method run exactly once by the DC (its execution log),
 * and the connection losses reported as typed transport errors.
 */
class ConnectionResetIT {

    private static final int API_ID = 31337;
    private static final String API_HASH = "5e7f0a1b2c3d4e5f60718293a4b5c6d7";
    private static final Bot BOT = Bot.fromToken("1000077:RSHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "reset_bot", "Reset", 2);

    private static TestCluster cluster;
    private static TcpTransport transport;
    private static ResettingProxy proxy;

    @BeforeAll
    static void start() throws IOException {
        cluster = TestCluster.builder().app(App.of(API_ID, API_HASH)).bot(BOT).start();
        transport = new TcpTransport(TcpTransportConfig.DEFAULT, CryptoProviders.defaultProvider(), RandomSource.secure());
        TestDc dc = cluster.dc(2);
        proxy = new ResettingProxy(dc.host(), dc.port());
    }

    @AfterAll
    static void stop() throws IOException {
        proxy.close();
        transport.close();
        cluster.close();
    }

    @Test
    void aLoginSurvivesAResetAtEveryPacketBoundary() throws Exception {
        int boundaries = countPackets(null, ConnectionResetIT::login);
        assertTrue(boundaries >= 8, "key exchange (6) and the login call: " + boundaries);
        for (int n = 1; n <= boundaries; n++) {
            long before = executions("auth.importBotAuthorization");
            int resets = proxy.resets();
            List<HeliographException> drops = new CopyOnWriteArrayList<>();
            proxy.resetAfter(n);
            DcSender s = sender(null, drops);
            try {
                login(s);
            } finally {
                s.close();
            }
            assertEquals(resets + 1, proxy.resets(), "the reset at packet " + n + " happened");
            assertEquals(before + 1, executions("auth.importBotAuthorization"), "reset at packet " + n);
            drops.forEach(e -> assertInstanceOf(TransportException.class, e));
        }
        System.out.printf("connection resets: a login survived a reset at each of its %d packet boundaries%n",
                boundaries);
    }

    @Test
    void aCallSurvivesAResetAtEveryPacketBoundary() throws Exception {
        DcSender first = sender(null, new CopyOnWriteArrayList<>());
        DcAuthState state;
        try {
            login(first);
            state = first.authState().orElseThrow();
        } finally {
            first.close();
        }
        int boundaries = countPackets(state, ConnectionResetIT::nearestDc);
        assertTrue(boundaries >= 2, "the call and its answer: " + boundaries);
        for (int n = 1; n <= boundaries; n++) {
            long before = executions("help.getNearestDc");
            List<HeliographException> drops = new CopyOnWriteArrayList<>();
            proxy.resetAfter(n);
            DcSender s = sender(state, drops);
            try {
                nearestDc(s);
            } finally {
                s.close();
            }
            assertEquals(before + 1, executions("help.getNearestDc"), "reset at packet " + n);
            drops.forEach(e -> assertInstanceOf(TransportException.class, e));
        }
        System.out.printf("connection resets: a call survived a reset at each of its %d packet boundaries%n",
                boundaries);
    }

    /**
     * Runs an action once with no reset armed and counts the packets its connection carried up to
     * the answer (acknowledgements after it come or not, depending on timing).
     */
    private static int countPackets(DcAuthState state, Action action) throws Exception {
        proxy.resetAfter(0);
        DcSender s = sender(state, new CopyOnWriteArrayList<>());
        try {
            action.run(s);
            return proxy.packetsOfLatestConnection();
        } finally {
            s.close();
        }
    }

    private interface Action {
        void run(DcSender s) throws Exception;
    }

    private static DcSender sender(DcAuthState state, List<HeliographException> drops) {
        return DcSender.create(DcSenderConfig.builder(DcEndpoint.of(2, "127.0.0.1", proxy.port()), transport)
                .registry(TlApi.registry())
                .trustedKeys(TrustedRsaKeys.builtIn().plus(cluster.publicKey()))
                .authState(state)
                .requestTimeout(Duration.ofSeconds(30))
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
                .listener(new DcSenderListener() {
                    @Override
                    public void reconnecting(int dcId, int attempt, long delayMillis, HeliographException cause) {
                        drops.add(cause);
                    }
                })
                .build());
    }

    private static <R> TlMethod<R> init(TlMethod<R> query) {
        return new InvokeWithLayer<>(ApiSchema.LAYER, new InitConnection<>(API_ID, "Heliograph IT", "Linux", "0.1",
                "en", "", "en", null, null, query));
    }

    private static void login(DcSender s) throws Exception {
        BaseAuthorization auth = (BaseAuthorization) s.invoke(init(new ImportBotAuthorization(0, API_ID, API_HASH,
                BOT.token()))).toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertTrue(auth.user() != null);
    }

    private static void nearestDc(DcSender s) throws Exception {
        assertEquals(2, ((BaseNearestDc) s.invoke(init(new GetNearestDc())).toCompletableFuture().get(60, TimeUnit.SECONDS)).thisDc());
    }

    private static long executions(String method) {
        return cluster.dc(2).executions().stream().filter(e -> e.method().equals(method)).count();
    }
}
