package dev.heliograph.mtproto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.AccessTokenExpiredException;
import dev.heliograph.error.AccessTokenInvalidException;
import dev.heliograph.error.ApiIdInvalidException;
import dev.heliograph.error.ApiIdPublishedFloodException;
import dev.heliograph.error.FloodWaitException;
import dev.heliograph.error.HeliographException;
import dev.heliograph.error.MigrateException;
import dev.heliograph.error.RequestCancelledException;
import dev.heliograph.error.RequestTimeoutException;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.error.TransportException;
import dev.heliograph.mtproto.DcAuthState;
import dev.heliograph.mtproto.DcSender;
import dev.heliograph.mtproto.DcSenderConfig;
import dev.heliograph.mtproto.DcSenderListener;
import dev.heliograph.mtproto.RequestOptions;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.Execution;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.BaseConfig;
import dev.heliograph.tl.api.BaseNearestDc;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.NearestDc;
import dev.heliograph.tl.api.auth.Authorization;
import dev.heliograph.tl.api.auth.BaseAuthorization;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.help.GetConfig;
import dev.heliograph.tl.api.functions.help.GetNearestDc;
import dev.heliograph.tlapi.TlApi;
import dev.heliograph.transport.tcp.TcpTransport;
import dev.heliograph.transport.tcp.TcpTransportConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sender against the test DC over real sockets: key creation, login, errors, faults. */
class DcSenderIT {

    private static final int API_ID = 12345;
    private static final String API_HASH = "0123456789abcdef0123456789abcdef";
    private static final Bot BOT = Bot.fromToken("1000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "core_it_bot", "Core", 2);
    private static final Bot ELSEWHERE = Bot.fromToken("1000002:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "far_bot", "Far", 3);
    private static final Bot REVOKED = Bot.fromToken("1000003:CCHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "old_bot", "Old", 2);
    private static final Bot AHEAD = Bot.fromToken("1000004:DDHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "ahead_bot", "Ahead", 4);
    private static final Bot BEHIND = Bot.fromToken("1000005:EEHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "behind_bot", "Behind", 5);
    private static final int PUBLISHED_API_ID = 777;

    private static TestCluster cluster;
    private static TcpTransport transport;
    private final List<DcSender> senders = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.builder()
                .app(App.of(API_ID, API_HASH))
                .app(new App(PUBLISHED_API_ID, API_HASH, true))
                .bot(BOT).bot(ELSEWHERE).bot(REVOKED).bot(AHEAD).bot(BEHIND)
                .start();
        cluster.revokeBotToken(REVOKED.id());
        transport = new TcpTransport(TcpTransportConfig.DEFAULT, CryptoProviders.defaultProvider(), RandomSource.secure());
    }

    @AfterAll
    static void stopCluster() {
        transport.close();
        cluster.close();
    }

    @AfterEach
    void closeSenders() {
        senders.forEach(DcSender::close);
        for (TestDc dc : cluster.dcs()) {
            dc.knobs().skewClock(Duration.ZERO).delayReplies(Duration.ZERO).dropConnectionBeforeReplyTo(null)
                    .dropConnectionAfterMessages(0).floodWait(null, 0, 0).dhGenRetry(0);
        }
    }

    private DcSender sender(int dc, Consumer<DcSenderConfig.Builder> tweak) {
        DcSenderConfig.Builder b = DcSenderConfig.builder(cluster.dc(dc).endpoint(), transport)
                .registry(TlApi.registry())
                .trustedKeys(TrustedRsaKeys.builtIn().plus(cluster.publicKey()))
                .requestTimeout(Duration.ofSeconds(20))
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(500));
        tweak.accept(b);
        DcSender s = DcSender.create(b.build());
        senders.add(s);
        return s;
    }

    private DcSender sender(int dc) {
        return sender(dc, b -> { });
    }

    private static <R> TlMethod<R> init(TlMethod<R> query) {
        return new InvokeWithLayer<>(ApiSchema.LAYER, new InitConnection<>(API_ID, "Heliograph IT", "Linux", "0.1",
                "en", "", "en", null, null, query));
    }

    private static <R> R await(CompletionStage<R> f) throws Exception {
        return f.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletionStage<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.toCompletableFuture().get(30, TimeUnit.SECONDS));
        return e.getCause();
    }

    private static long executions(TestDc dc, long authKeyId, String method) {
        return dc.executions().stream().filter(e -> e.authKeyId() == authKeyId && e.method().equals(method)).count();
    }

    private static long keyId(DcSender s) {
        return s.authState().orElseThrow().authKey().id();
    }

    @Test
    void createsAnAuthKeyThatTheServerDerivesToo() throws Exception {
        List<DcAuthState> created = new CopyOnWriteArrayList<>();
        DcSender s = sender(2, b -> b.listener(new DcSenderListener() {
            @Override
            public void authKeyCreated(DcAuthState state) {
                created.add(state);
            }
        }));
        int before = cluster.dc(2).keyExchanges();
        await(s.connect());
        assertEquals(before + 1, cluster.dc(2).keyExchanges());
        assertEquals(1, created.size());
        assertTrue(cluster.dc(2).authKeyIds().contains(created.get(0).authKey().id()));
        assertEquals(created.get(0).authKey().id(), keyId(s));
    }

    @Test
    void aSenderWhoseSendPermitEndsSendsNothingMoreAndFailsWithLeaseLost() throws Exception {
        AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
        DcSender s = sender(2, b -> b.sendPermit(now -> now < deadline.get()));
        assertEquals(2, ((BaseNearestDc) await(s.invoke(init(new GetNearestDc())))).thisDc());
        long calls = cluster.dc(2).rpcCount();
        deadline.set(0);
        SessionStoreException lost = assertInstanceOf(SessionStoreException.class,
                failure(s.invoke(new GetNearestDc())));
        assertEquals(SessionStoreException.Kind.LEASE_LOST, lost.kind());
        assertInstanceOf(RequestCancelledException.class, failure(s.invoke(new GetNearestDc())));
        Thread.sleep(200);
        assertEquals(calls, cluster.dc(2).rpcCount());
    }

    @Test
    void sendsAnotherDhHalfWhenTheServerAnswersDhGenRetry() throws Exception {
        cluster.dc(2).knobs().dhGenRetry(1);
        DcSender s = sender(2);
        await(s.connect());
        assertTrue(cluster.dc(2).authKeyIds().contains(keyId(s)));
        assertEquals(2, ((BaseNearestDc) await(s.invoke(init(new GetNearestDc())))).thisDc());
    }

    @Test
    void returnsTheConfigForARawInvokeWithLayerInitConnection() throws Exception {
        BaseConfig config = (BaseConfig) await(sender(2).invoke(init(new GetConfig())));
        assertEquals(2, config.thisDc());
        assertTrue(config.testMode());
    }

    @Test
    void logsInTheBot() throws Exception {
        DcSender s = sender(2);
        await(s.invoke(init(new GetConfig())));
        Authorization auth = await(s.invoke(new ImportBotAuthorization(0, API_ID, API_HASH, BOT.token())));
        BaseUser user = (BaseUser) ((BaseAuthorization) auth).user();
        assertEquals(BOT.id(), user.id());
        assertTrue(user.bot());
        assertEquals(BOT.id(), cluster.dc(2).boundUser(keyId(s)));
    }

    @Test
    void surfacesEachNamedErrorAsItsType() throws Exception {
        DcSender s = sender(2);
        await(s.invoke(init(new GetConfig())));
        assertInstanceOf(AccessTokenInvalidException.class, failure(s.invoke(
                new ImportBotAuthorization(0, API_ID, API_HASH, BOT.id() + ":wrongsecret"))));
        assertInstanceOf(AccessTokenExpiredException.class, failure(s.invoke(
                new ImportBotAuthorization(0, API_ID, API_HASH, REVOKED.token()))));
        assertInstanceOf(ApiIdInvalidException.class, failure(s.invoke(
                new ImportBotAuthorization(0, 99999, API_HASH, BOT.token()))));
        assertInstanceOf(ApiIdPublishedFloodException.class, failure(s.invoke(
                new ImportBotAuthorization(0, PUBLISHED_API_ID, API_HASH, BOT.token()))));
        MigrateException migrate = assertInstanceOf(MigrateException.class, failure(s.invoke(
                new ImportBotAuthorization(0, API_ID, API_HASH, ELSEWHERE.token()))));
        assertEquals(3, migrate.dcId());
        cluster.dc(2).knobs().floodWait("help.getNearestDc", 1, 7);
        FloodWaitException flood = assertInstanceOf(FloodWaitException.class, failure(s.invoke(new GetNearestDc()).toCompletableFuture()));
        assertEquals(7, flood.value().getAsInt());
    }

    @Test
    void keepsWorkingWhenTheServerRotatesSaltsMidStream() throws Exception {
        DcSender s = sender(2);
        await(s.invoke(init(new GetNearestDc())));
        List<CompletableFuture<NearestDc>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(s.invoke(new GetNearestDc()).toCompletableFuture());
            if (i % 25 == 0) {
                cluster.dc(2).rotateSalts();
            }
        }
        for (CompletableFuture<NearestDc> c : calls) {
            assertEquals(2, ((BaseNearestDc) await(c)).thisDc());
        }
        assertEquals(101, executions(cluster.dc(2), keyId(s), "help.getNearestDc"));
    }

    @ParameterizedTest
    @ValueSource(longs = {7200, -7200})
    void createsAKeyAndLogsInWhenTheServerClockIsTwoHoursOff(long skewSeconds) throws Exception {
        // One DC per direction: a DC's msg_ids never go back, so its clock must not jump back in a test run.
        Bot bot = skewSeconds > 0 ? AHEAD : BEHIND;
        cluster.dc(bot.homeDc()).knobs().skewClock(Duration.ofSeconds(skewSeconds));
        DcSender s = sender(bot.homeDc());
        await(s.invoke(init(new GetConfig())));
        Authorization auth = await(s.invoke(new ImportBotAuthorization(0, API_ID, API_HASH, bot.token())));
        assertInstanceOf(BaseAuthorization.class, auth);
        assertEquals(skewSeconds * 1000L, s.authState().orElseThrow().timeOffsetMillis(), 5000);
    }

    @ParameterizedTest
    @ValueSource(longs = {7200, -7200})
    void resumesAKeyWithAClientClockTwoHoursOffWithoutANewSession(long skewSeconds) throws Exception {
        DcSender first = sender(2);
        await(first.invoke(init(new GetConfig())));
        DcAuthState state = first.authState().orElseThrow();
        first.close();
        DcSender skewed = sender(2, b -> b.authState(state)
                .clock(() -> System.currentTimeMillis() + skewSeconds * 1000));
        await(skewed.invoke(init(new GetConfig())));
        assertEquals(-skewSeconds * 1000L, skewed.authState().orElseThrow().timeOffsetMillis(), 5000);
        assertEquals(2, executions(cluster.dc(2), state.authKey().id(), "help.getConfig"));
    }

    @Test
    void completesACallExactlyOnceWhenTheConnectionDropsBeforeItsReply() throws Exception {
        DcSender s = sender(2);
        await(s.invoke(init(new GetConfig())));
        cluster.dc(2).knobs().dropConnectionBeforeReplyTo("help.getNearestDc");
        NearestDc answer = await(s.invoke(new GetNearestDc()));
        assertEquals(2, ((BaseNearestDc) answer).thisDc());
        assertEquals(1, executions(cluster.dc(2), keyId(s), "help.getNearestDc"));
    }

    @Test
    void completesEveryCallOnceWhenTheConnectionDropsWithManyInFlight() throws Exception {
        DcSender s = sender(2);
        await(s.invoke(init(new GetConfig())));
        // The test DC keeps the last 32 answers per session: at most that many may be lost in flight.
        int calls = 30;
        cluster.dc(2).knobs().dropConnectionAfterMessages(2);
        List<CompletableFuture<NearestDc>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            futures.add(s.invoke(new GetNearestDc()).toCompletableFuture());
        }
        for (CompletableFuture<NearestDc> c : futures) {
            await(c);
        }
        assertEquals(calls, executions(cluster.dc(2), keyId(s), "help.getNearestDc"));
    }

    @Test
    void answersAThousandCallsPipelinedOnOneConnection() throws Exception {
        DcSender s = sender(2);
        await(s.invoke(init(new GetConfig())));
        List<CompletableFuture<NearestDc>> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            calls.add(s.invoke(new GetNearestDc()).toCompletableFuture());
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertEquals(1000, executions(cluster.dc(2), keyId(s), "help.getNearestDc"));
        assertEquals(1, cluster.dc(2).executions().stream()
                .filter(e -> e.authKeyId() == keyId(s)).map(Execution::sessionId).distinct().count());
    }

    @Test
    void timesOutACallWithoutAnAnswer() throws Exception {
        DcSender s = sender(2);
        await(s.invoke(init(new GetConfig())));
        cluster.dc(2).knobs().delayReplies(Duration.ofSeconds(3));
        assertInstanceOf(RequestTimeoutException.class, failure(
                s.invoke(new GetNearestDc(), RequestOptions.timeout(Duration.ofMillis(200)))));
    }

    @Test
    void failsWaitingCallsWhenClosed() throws Exception {
        DcSender s = sender(2);
        await(s.invoke(init(new GetConfig())));
        cluster.dc(2).knobs().delayReplies(Duration.ofSeconds(3));
        CompletableFuture<NearestDc> pending = s.invoke(new GetNearestDc()).toCompletableFuture();
        s.close();
        assertInstanceOf(RequestCancelledException.class, failure(pending));
    }

    @Test
    void adoptsAKeyFromTheCoordinatorInsteadOfCreatingOne() throws Exception {
        DcSender first = sender(2);
        await(first.invoke(init(new GetConfig())));
        DcAuthState state = first.authState().orElseThrow();
        first.close();
        int before = cluster.dc(2).keyExchanges();
        DcSender second = sender(2, b -> b.authKeyCoordinator(
                (dc, create) -> CompletableFuture.completedFuture(state)));
        await(second.invoke(init(new GetConfig())));
        assertEquals(before, cluster.dc(2).keyExchanges());
        assertEquals(state.authKey().id(), keyId(second));
    }

    @Test
    void stopsWithTheTransportErrorWhenTheServerForgetsTheKey() throws Exception {
        DcSender s = sender(2);
        await(s.invoke(init(new GetConfig())));
        cluster.dc(2).forgetAuthKey(keyId(s));
        TransportException e = assertInstanceOf(TransportException.class, failure(s.invoke(new GetNearestDc()).toCompletableFuture()));
        assertEquals(-404, e.status().getAsInt());
    }

    @Test
    void keepsAnIdleConnectionAliveWithPings() throws Exception {
        List<Integer> reconnects = new CopyOnWriteArrayList<>();
        DcSender s = sender(2, b -> b.keepAliveInterval(Duration.ofMillis(100)).listener(new DcSenderListener() {
            @Override
            public void reconnecting(int dcId, int attempt, long delayMillis, HeliographException cause) {
                reconnects.add(attempt);
            }
        }));
        await(s.invoke(init(new GetConfig())));
        Thread.sleep(700);
        await(s.invoke(new GetNearestDc()));
        assertEquals(List.of(), reconnects);
    }

    @Test
    void stopsWaitingForACancelledCall() throws Exception {
        DcSender s = sender(2);
        await(s.invoke(init(new GetConfig())));
        cluster.dc(2).knobs().delayReplies(Duration.ofMillis(500));
        CompletableFuture<NearestDc> call = s.invoke(new GetNearestDc()).toCompletableFuture();
        assertTrue(call.cancel(false));
        cluster.dc(2).knobs().delayReplies(Duration.ZERO);
        assertEquals(2, ((BaseNearestDc) await(s.invoke(new GetNearestDc()))).thisDc());
    }
}
