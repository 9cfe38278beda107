package dev.heliograph.mtproto.it;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.TempAuthKeyException;
import dev.heliograph.error.TransportException;
import dev.heliograph.mtproto.DcSender;
import dev.heliograph.mtproto.DcSenderConfig;
import dev.heliograph.mtproto.DcSenderListener;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.Execution;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.BaseNearestDc;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.InputUserSelf;
import dev.heliograph.tl.api.NearestDc;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.auth.BaseAuthorization;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.help.GetConfig;
import dev.heliograph.tl.api.functions.help.GetNearestDc;
import dev.heliograph.tl.api.functions.users.GetUsers;
import dev.heliograph.tlapi.TlApi;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.Transport;
import dev.heliograph.transport.http.HttpTransport;
import dev.heliograph.transport.http.HttpTransportConfig;
import dev.heliograph.transport.tcp.TcpTransport;
import dev.heliograph.transport.tcp.TcpTransportConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Perfect forward secrecy end to end: the sender of mtproto-core (PFS on by default) against the
 * test DC over TCP and over HTTP. Login under a bound temporary key, calls across forced rebinds
 * (the DC expiring temporary keys early: -404) and across the client's own rebinds before expiry,
 * each call run exactly once per the DC's execution log, and no new permanent key or login.
 */
class PfsSenderIT {

    private static final App APP = App.of(12345, "0123456789abcdef0123456789abcdef");
    private static final Bot BOT = Bot.fromToken("1000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "pfs_bot", "Pfs", 2);

    private static TestCluster cluster;
    private static TcpTransport tcp;
    private static HttpTransport http;
    private final List<DcSender> senders = new ArrayList<>();

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().http(true).app(APP).bot(BOT).start();
        tcp = new TcpTransport(TcpTransportConfig.DEFAULT, CryptoProviders.defaultProvider(), RandomSource.secure());
        http = new HttpTransport(HttpTransportConfig.DEFAULT);
    }

    @AfterAll
    static void stop() {
        tcp.close();
        http.close();
        cluster.close();
    }

    @AfterEach
    void closeSenders() {
        senders.forEach(DcSender::close);
        cluster.dc(2).knobs().tempKeyLifetime(null).refuseBindings(null, 0);
    }

    private DcSender sender(String transport, Consumer<DcSenderConfig.Builder> tweak) {
        TestDc dc = cluster.dc(2);
        boolean overHttp = transport.equals("http");
        DcEndpoint endpoint = overHttp ? dc.httpEndpoint() : dc.endpoint();
        Transport t = overHttp ? http : tcp;
        DcSenderConfig.Builder b = DcSenderConfig.builder(endpoint, t)
                .registry(TlApi.registry())
                .trustedKeys(TrustedRsaKeys.builtIn().plus(cluster.publicKey()))
                .requestTimeout(Duration.ofSeconds(20))
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200));
        tweak.accept(b);
        DcSender s = DcSender.create(b.build());
        senders.add(s);
        return s;
    }

    private static <R> TlMethod<R> init(TlMethod<R> query) {
        return new InvokeWithLayer<>(ApiSchema.LAYER, new InitConnection<>(APP.apiId(), "Heliograph PFS IT", "Linux",
                "0.1", "en", "", "en", null, null, query));
    }

    private static <R> R await(CompletionStage<R> f) throws Exception {
        return f.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static long permKeyId(DcSender s) {
        return s.authState().orElseThrow().authKey().id();
    }

    private static long executions(long permKeyId, String method) {
        return cluster.dc(2).executions().stream()
                .filter(e -> e.authKeyId() == permKeyId && e.method().equals(method)).count();
    }

    /** Makes the sender record the temporary keys it binds, in order. */
    private static DcSenderConfig.Builder recordBindings(DcSenderConfig.Builder b, List<Long> bound) {
        return b.listener(new DcSenderListener() {
            @Override
            public void tempKeyBound(int dcId, long tempAuthKeyId) {
                bound.add(tempAuthKeyId);
            }
        });
    }

    /** Makes ten calls every 20 ms for {@code millis}, without waiting for their answers. */
    private static List<CompletionStage<NearestDc>> callsFor(DcSender s, long millis) throws InterruptedException {
        List<CompletionStage<NearestDc>> calls = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            for (int i = 0; i < 10; i++) {
                calls.add(s.invoke(new GetNearestDc()));
            }
            Thread.sleep(20);
        }
        return calls;
    }

    private static void login(DcSender s) throws Exception {
        await(s.invoke(init(new GetConfig())));
        BaseAuthorization auth = (BaseAuthorization) await(s.invoke(
                new ImportBotAuthorization(0, APP.apiId(), APP.apiHash(), BOT.token())));
        assertEquals(BOT.id(), ((BaseUser) auth.user()).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http"})
    void logsInUnderATemporaryKeyBoundToThePermanentOne(String transport) throws Exception {
        TestDc dc = cluster.dc(2);
        int perm = dc.keyExchanges();
        int temp = dc.tempKeyExchanges();
        List<Long> bound = new CopyOnWriteArrayList<>();
        DcSender s = sender(transport, b -> recordBindings(b, bound));
        login(s);
        assertEquals(perm + 1, dc.keyExchanges());
        assertEquals(temp + 1, dc.tempKeyExchanges());
        assertEquals(1, bound.size());
        long tempKey = bound.get(0);
        assertNotEquals(permKeyId(s), tempKey);
        assertEquals(tempKey, dc.boundTempKey(permKeyId(s)));
        // The authorization belongs to the permanent key and is visible through the bound temporary key.
        assertEquals(BOT.id(), dc.boundUser(permKeyId(s)));
        assertEquals(BOT.id(), dc.boundUser(tempKey));
        // The binding went under the temporary key; the login (recorded under the account's key) after it.
        List<Execution> log = dc.executions();
        Execution bind = log.stream().filter(e -> e.method().equals("auth.bindTempAuthKey") && e.authKeyId() == tempKey)
                .findFirst().orElseThrow();
        Execution login = log.stream().filter(e -> e.method().equals("auth.importBotAuthorization")
                && e.authKeyId() == permKeyId(s)).findFirst().orElseThrow();
        assertEquals(bind.sessionId(), login.sessionId());
        assertTrue(log.indexOf(bind) < log.indexOf(login));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http"})
    void sendsUnderThePermanentKeyWithPfsOff(String transport) throws Exception {
        TestDc dc = cluster.dc(2);
        int temp = dc.tempKeyExchanges();
        DcSender s = sender(transport, b -> b.pfs(false));
        login(s);
        assertEquals(temp, dc.tempKeyExchanges());
        assertEquals(0, dc.boundTempKey(permKeyId(s)));
        assertEquals(BOT.id(), dc.boundUser(permKeyId(s)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http"})
    void continuesEveryCallOnceAcrossRebindsForcedByTheDcExpiringTemporaryKeys(String transport) throws Exception {
        TestDc dc = cluster.dc(2);
        List<Long> bound = new CopyOnWriteArrayList<>();
        DcSender s = sender(transport, b -> recordBindings(b, bound));
        login(s);
        int perm = dc.keyExchanges();
        int logins = (int) executions(permKeyId(s), "auth.importBotAuthorization");
        int unknown = dc.unknownKeyPackets();
        dc.knobs().tempKeyLifetime(Duration.ofMillis(600));
        dc.expireTempKeys();
        List<CompletionStage<NearestDc>> calls = callsFor(s, 2500);
        for (CompletionStage<NearestDc> c : calls) {
            assertEquals(2, ((BaseNearestDc) await(c)).thisDc());
        }
        assertEquals(calls.size(), executions(permKeyId(s), "help.getNearestDc"));
        assertTrue(bound.size() >= 3, "temporary keys bound: " + bound.size());
        assertTrue(dc.unknownKeyPackets() > unknown);
        assertEquals(perm, dc.keyExchanges());
        assertEquals(logins, executions(permKeyId(s), "auth.importBotAuthorization"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http"})
    void bindsAFreshTemporaryKeyBeforeExpiryWithoutLosingACall(String transport) throws Exception {
        TestDc dc = cluster.dc(2);
        List<Long> bound = new CopyOnWriteArrayList<>();
        DcSender s = sender(transport, b -> recordBindings(b, bound).tempKeyLifetime(Duration.ofSeconds(2)));
        login(s);
        int unknown = dc.unknownKeyPackets();
        List<CompletionStage<NearestDc>> calls = callsFor(s, 3500);
        for (CompletionStage<NearestDc> c : calls) {
            await(c);
        }
        assertEquals(calls.size(), executions(permKeyId(s), "help.getNearestDc"));
        assertTrue(bound.size() >= 2, "temporary keys bound: " + bound.size());
        // Rebound at three quarters of the lifetime: the DC never had to answer -404.
        assertEquals(unknown, dc.unknownKeyPackets());
        assertEquals(bound.get(bound.size() - 1), dc.boundTempKey(permKeyId(s)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http"})
    void answersA404OnTheTemporaryKeyWithANewTemporaryKeyAndNoNewLogin(String transport) throws Exception {
        TestDc dc = cluster.dc(2);
        DcSender s = sender(transport, b -> { });
        login(s);
        int perm = dc.keyExchanges();
        int temp = dc.tempKeyExchanges();
        long firstTemp = dc.boundTempKey(permKeyId(s));
        dc.forgetAuthKey(firstTemp);
        List<User> users = await(s.invoke(new GetUsers(List.of(new InputUserSelf()))));
        assertEquals(BOT.id(), ((BaseUser) users.get(0)).id());
        assertEquals(perm, dc.keyExchanges());
        assertEquals(temp + 1, dc.tempKeyExchanges());
        assertNotEquals(firstTemp, dc.boundTempKey(permKeyId(s)));
        assertEquals(1, executions(permKeyId(s), "auth.importBotAuthorization"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http"})
    void stopsWithTransportError404WhenTheDcNoLongerKnowsThePermanentKey(String transport) throws Exception {
        TestDc dc = cluster.dc(2);
        DcSender s = sender(transport, b -> { });
        login(s);
        int temp = dc.tempKeyExchanges();
        long binds = binds(dc);
        // The bound temporary key goes with it: -404 (twice: one proves nothing), a new temporary
        // key, a binding the DC cannot check (ENCRYPTED_MESSAGE_INVALID), a ping under the permanent
        // key: -404; once more from a new temporary key, and that second -404 of the probe counts.
        dc.forgetAuthKey(permKeyId(s));
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(s.invoke(new GetNearestDc())));
        TransportException t = assertInstanceOf(TransportException.class, e.getCause());
        assertEquals(-404, t.status().getAsInt());
        assertEquals(temp + 2, dc.tempKeyExchanges());
        assertEquals(binds + 2, binds(dc));
    }

    private static long binds(TestDc dc) {
        return dc.executions().stream().filter(x -> x.method().equals("auth.bindTempAuthKey")).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ENCRYPTED_MESSAGE_INVALID", "TEMP_AUTH_KEY_ALREADY_BOUND", "TEMP_AUTH_KEY_EMPTY"})
    void failsCallsWithTheTypedErrorWhenTheDcRefusesTheBinding(String error) throws Exception {
        TestDc dc = cluster.dc(2);
        dc.knobs().refuseBindings(error, 1);
        DcSender s = sender("tcp", b -> { });
        int exchanges = dc.keyExchanges();
        // For ENCRYPTED_MESSAGE_INVALID the sender asks under the permanent key first: it is known,
        // so the refusal stands (no -404, no second permanent key).
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(s.invoke(init(new GetConfig()))));
        TempAuthKeyException t = assertInstanceOf(TempAuthKeyException.class, e.getCause());
        assertEquals(TempAuthKeyException.Reason.valueOf(error), t.reason());
        assertEquals(exchanges + 1, dc.keyExchanges());
        assertTrue(dc.authKeyIds().contains(permKeyId(s)));
    }
}
