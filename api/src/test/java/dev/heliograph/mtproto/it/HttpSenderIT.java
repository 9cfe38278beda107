package dev.heliograph.mtproto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.RequestCancelledException;
import dev.heliograph.mtproto.DcSender;
import dev.heliograph.mtproto.DcSenderConfig;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.BaseConfig;
import dev.heliograph.tl.api.BaseNearestDc;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.NearestDc;
import dev.heliograph.tl.api.auth.BaseAuthorization;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.help.GetConfig;
import dev.heliograph.tl.api.functions.help.GetNearestDc;
import dev.heliograph.tlapi.TlApi;
import dev.heliograph.transport.http.HttpTransport;
import dev.heliograph.transport.http.HttpTransportConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The project's own client stack (the sender of mtproto-core on the HTTP transport) against the
 * test DC's HTTP listener: key exchange, login, pipelined calls, a request the DC drops and closing
 * with calls pending, all as {@code POST /api}; and the sender's {@code http_wait} long polls, the
 * only way the DC can reach an idle HTTP client.
 */
class HttpSenderIT {

    private static final App APP = App.of(12345, "0123456789abcdef0123456789abcdef");
    private static final Bot BOT = Bot.fromToken("1000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "http_bot", "Http", 2);

    private static TestCluster cluster;
    private static HttpTransport transport;
    private final List<DcSender> senders = new ArrayList<>();

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().http(true).app(APP).bot(BOT).start();
        transport = new HttpTransport(HttpTransportConfig.DEFAULT);
    }

    @AfterAll
    static void stop() {
        transport.close();
        cluster.close();
    }

    @AfterEach
    void closeSenders() {
        senders.forEach(DcSender::close);
        cluster.dc(2).knobs().delayReplies(Duration.ZERO).dropConnectionBeforeReplyTo(null);
    }

    private DcSender sender(TestDc dc) {
        DcSender s = DcSender.create(DcSenderConfig.builder(dc.httpEndpoint(), transport)
                .registry(TlApi.registry())
                .trustedKeys(TrustedRsaKeys.builtIn().plus(cluster.publicKey()))
                .requestTimeout(Duration.ofSeconds(20))
                .build());
        senders.add(s);
        return s;
    }

    /** A sender that never pings on its own, so only its long polls let the DC reach it. */
    private DcSender quietSender(TestDc dc) {
        DcSender s = DcSender.create(DcSenderConfig.builder(dc.httpEndpoint(), transport)
                .registry(TlApi.registry())
                .trustedKeys(TrustedRsaKeys.builtIn().plus(cluster.publicKey()))
                .requestTimeout(Duration.ofSeconds(20))
                .keepAliveInterval(Duration.ofMinutes(10))
                .build());
        senders.add(s);
        return s;
    }

    private static <R> TlMethod<R> init(TlMethod<R> query) {
        return new InvokeWithLayer<>(ApiSchema.LAYER, new InitConnection<>(APP.apiId(), "Heliograph HTTP IT", "Linux",
                "0.1", "en", "", "en", null, null, query));
    }

    private static <R> R await(CompletionStage<R> f) throws Exception {
        return f.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void createsAKeyAndLogsTheBotInOverHttp() throws Exception {
        TestDc dc2 = cluster.dc(2);
        int exchanges = dc2.keyExchanges();
        DcSender s = sender(dc2);
        BaseConfig config = (BaseConfig) await(s.invoke(init(new GetConfig())));
        assertEquals(2, config.thisDc());
        assertEquals(exchanges + 1, dc2.keyExchanges());
        BaseAuthorization auth = (BaseAuthorization) await(s.invoke(
                new ImportBotAuthorization(0, APP.apiId(), APP.apiHash(), BOT.token())));
        assertEquals(BOT.id(), ((BaseUser) auth.user()).id());
        assertEquals(BOT.id(), dc2.boundUser(s.authState().orElseThrow().authKey().id()));
        assertEquals(0, dc2.connectionCount(), "nothing went through the TCP listener");
    }

    @Test
    void completesACallOnceWhenTheDcDropsTheRequestBeforeReplying() throws Exception {
        DcSender s = sender(cluster.dc(2));
        await(s.invoke(init(new GetConfig())));
        cluster.dc(2).knobs().dropConnectionBeforeReplyTo("help.getNearestDc");
        NearestDc answer = await(s.invoke(new GetNearestDc()));
        assertEquals(2, ((BaseNearestDc) answer).thisDc());
        long authKeyId = s.authState().orElseThrow().authKey().id();
        assertEquals(1, cluster.dc(2).executions().stream()
                .filter(e -> e.authKeyId() == authKeyId && e.method().equals("help.getNearestDc")).count());
    }

    @Test
    void failsWaitingCallsWithATypedErrorWhenClosed() throws Exception {
        DcSender s = sender(cluster.dc(2));
        await(s.invoke(init(new GetConfig())));
        cluster.dc(2).knobs().delayReplies(Duration.ofSeconds(5));
        List<CompletableFuture<NearestDc>> pending = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pending.add(s.invoke(new GetNearestDc()).toCompletableFuture());
        }
        s.close();
        for (CompletableFuture<NearestDc> call : pending) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
            assertInstanceOf(RequestCancelledException.class, e.getCause());
        }
    }

    @Test
    void answersAThousandPipelinedCalls() throws Exception {
        DcSender s = sender(cluster.dc(2));
        await(s.invoke(init(new GetConfig())));
        List<CompletableFuture<NearestDc>> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            calls.add(s.invoke(new GetNearestDc()).toCompletableFuture());
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long authKeyId = s.authState().orElseThrow().authKey().id();
        assertEquals(1000, cluster.dc(2).executions().stream()
                .filter(e -> e.authKeyId() == authKeyId && e.method().equals("help.getNearestDc")).count());
        assertTrue(calls.stream().allMatch(c -> c.join() != null));
    }

    /** Waits until the DC holds an http_wait of the sender's key. */
    private static void awaitHeldLongPoll(DcSender s) throws Exception {
        long authKeyId = s.authState().orElseThrow().authKey().id();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cluster.dc(2).heldLongPolls(authKeyId) == 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("the sender keeps no http_wait held by the DC");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void keepsOneLongPollHeldWhileIdle() throws Exception {
        DcSender s = quietSender(cluster.dc(2));
        await(s.invoke(init(new GetConfig())));
        awaitHeldLongPoll(s);
        for (int i = 0; i < 20; i++) {
            await(s.invoke(new GetNearestDc()));
        }
        awaitHeldLongPoll(s);
        assertEquals(1, cluster.dc(2).heldLongPolls(s.authState().orElseThrow().authKey().id()));
    }

    @Test
    void receivesAnAnswerTheDcSendsAfterTheRequestWasAnsweredThroughTheLongPoll() throws Exception {
        DcSender s = quietSender(cluster.dc(2));
        await(s.invoke(init(new GetConfig())));
        awaitHeldLongPoll(s);
        // The DC acknowledges the call in the answer to its request and sends the result two
        // seconds later, when the client has nothing in flight but its http_wait.
        cluster.dc(2).knobs().delayReplies(Duration.ofSeconds(2));
        NearestDc answer = await(s.invoke(new GetNearestDc()));
        assertEquals(2, ((BaseNearestDc) answer).thisDc());
    }

    @Test
    void answersAThousandPipelinedCallsWhileALongPollIsHeld() throws Exception {
        DcSender s = quietSender(cluster.dc(2));
        await(s.invoke(init(new GetConfig())));
        awaitHeldLongPoll(s);
        List<CompletableFuture<NearestDc>> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            calls.add(s.invoke(new GetNearestDc()).toCompletableFuture());
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long authKeyId = s.authState().orElseThrow().authKey().id();
        assertEquals(1000, cluster.dc(2).executions().stream()
                .filter(e -> e.authKeyId() == authKeyId && e.method().equals("help.getNearestDc")).count());
        assertTrue(calls.stream().allMatch(c -> ((BaseNearestDc) c.join()).thisDc() == 2));
    }
}
