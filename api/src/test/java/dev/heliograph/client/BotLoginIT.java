package dev.heliograph.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.error.AccessTokenExpiredException;
import dev.heliograph.error.AccessTokenInvalidException;
import dev.heliograph.error.ApiIdInvalidException;
import dev.heliograph.error.ApiIdPublishedFloodException;
import dev.heliograph.error.FloodWaitException;
import dev.heliograph.error.RequestTimeoutException;
import dev.heliograph.mtproto.RequestOptions;
import dev.heliograph.session.KeyLeaseAttempt;
import dev.heliograph.session.KeyPoolPolicy;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.SessionStore;
import dev.heliograph.session.file.FileSessionModule;
import dev.heliograph.session.file.FileSessionStore;
import dev.heliograph.session.redis.RedisSessionModule;
import dev.heliograph.session.redis.RedisSessionStore;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testkit.RedisServer;
import dev.heliograph.tl.api.BaseConfig;
import dev.heliograph.tl.api.functions.help.GetConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** botLogin end to end through the public API, for every transport and session store. */
class BotLoginIT {

    /** The stores a client can be built with here. */
    enum Store { MEMORY, FILE, REDIS }

    private static TestCluster cluster;
    private static RedisServer redis;

    @TempDir
    Path dir;

    /** Every transport with every store; the test DC serves both TCP and HTTP. */
    static Stream<Arguments> transportsAndStores() {
        return Stream.of("tcp", "http").flatMap(t -> Stream.of(Store.values()).map(s -> Arguments.of(t, s)));
    }

    /** Every transport with every store that outlives a client. */
    static Stream<Arguments> transportsAndPersistentStores() {
        return transportsAndStores().filter(a -> a.get()[1] != Store.MEMORY);
    }

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = Cluster.start();
        redis = RedisServer.start(List.of());
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
        redis.close();
    }

    private HeliographClient client(ClientConfig config, Store store, RecordingListener listener) {
        return client(config, "tcp", store, listener);
    }

    private HeliographClient client(ClientConfig config, String transport, Store store, RecordingListener listener) {
        HeliographClient.Builder b = HeliographClient.builder().config(config).transport(transport).listener(listener);
        if (store == Store.FILE) {
            b.module(new FileSessionModule(dir));
        } else if (store == Store.REDIS) {
            b.module(new RedisSessionModule(RedisSessionStore.builder().uri(redis.uri())));
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("transportsAndStores")
    void freshLoginMigratesToTheBotsHomeDcAndReturnsItsIdentity(String transport, Store store) {
        ClientConfig config = Cluster.config(cluster, transport).hostId("fresh-login").build();
        RecordingListener events = new RecordingListener();
        int exchanges = Cluster.keyExchanges(cluster);
        try (HeliographClient client = client(config, transport, store, events)) {
            BotIdentity me = client.botLogin(Cluster.BOT.token());
            assertEquals(new BotIdentity(Cluster.BOT.id(), "helio_bot", "Helio Bot", 4), me);
            assertTrue(events.events.contains("migrated 2 4"), events.events::toString);
            assertEquals(1, events.count("keyCreated 2"));
            assertEquals(1, events.count("keyCreated 4"));
            assertEquals(exchanges + 2, Cluster.keyExchanges(cluster));
        }
        if (store != Store.MEMORY) {
            try (SessionStore stored = store == Store.FILE ? FileSessionStore.open(dir)
                    : RedisSessionStore.builder().uri(redis.uri()).build()) {
                SessionSnapshot saved = stored.load(config.sessionName()).toCompletableFuture().join();
                assertEquals(4, saved.homeDc().getAsInt());
                assertEquals(Cluster.BOT.id(), saved.selfUser().orElseThrow().id());
                assertInstanceOf(KeyLeaseAttempt.Leased.class, stored.leaseAuthKey(config.sessionName(), 4,
                        config.hostId(), KeyPoolPolicy.DEFAULT).toCompletableFuture().join(),
                        "the DC 4 key is in the pool, and its last holder takes it back at once");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("transportsAndStores")
    void secondLoginOfAStoredSessionDoesNoKeyExchangeAndNoImport(String transport, Store store) {
        ClientConfig config = Cluster.config(cluster, transport).build();
        RecordingListener events = new RecordingListener();
        HeliographClient first = client(config, transport, store, events);
        first.botLogin(Cluster.BOT.token());
        if (store != Store.MEMORY) {
            // A new client (as after a restart) reads the session back from the store.
            first.close();
            events = new RecordingListener();
            first = client(config, transport, store, events);
        }
        int exchanges = Cluster.keyExchanges(cluster);
        long imports = Cluster.imports(cluster);
        try (HeliographClient again = first) {
            assertEquals(4, again.botLogin(Cluster.BOT.token()).dcId());
            assertEquals(exchanges, Cluster.keyExchanges(cluster));
            assertEquals(imports, Cluster.imports(cluster));
            assertTrue(events.events.contains("rpcEnd 4 users.getUsers"), events.events::toString);
            if (store != Store.MEMORY) {
                assertEquals(1, events.count("keyReused 4"), events.events::toString);
            }
        }
    }

    @Test
    void aRestartedHostWithTheDefaultIdTakesItsOwnKeyBackWithoutWaitingOutTheReleaseGrace() throws Exception {
        KeyPoolPolicy patient = new KeyPoolPolicy(Duration.ofSeconds(15), Duration.ofHours(1), Duration.ofHours(1));
        ClientConfig config = Cluster.config(cluster, "tcp").sessionName("restarted").keyPoolPolicy(patient).build();
        try (HeliographClient client = client(config, Store.FILE, new RecordingListener())) {
            client.botLogin(Cluster.BOT.token());
        }
        int exchanges = Cluster.keyExchanges(cluster);
        RecordingListener events = new RecordingListener();
        try (HeliographClient restarted = client(config, Store.FILE, events)) {
            // Another host id would find the key resting for the hour of the release grace.
            assertEquals(4, restarted.botLoginAsync(Cluster.BOT.token()).toCompletableFuture().get(30, TimeUnit.SECONDS).dcId());
            assertEquals(exchanges, Cluster.keyExchanges(cluster));
            assertEquals(1, events.count("keyReused 4"), events.events::toString);
        }
        try (SessionStore stored = FileSessionStore.open(dir)) {
            assertInstanceOf(KeyLeaseAttempt.NoFreeKey.class, stored.leaseAuthKey("restarted", 4, "another-host",
                    patient).toCompletableFuture().join(), "the key rests for any other host id");
        }
    }

    @ParameterizedTest
    @MethodSource("transportsAndPersistentStores")
    void loginAfterARestartAndTheServerForgettingTheKeyCreatesANewKeyAndImportsAgain(String transport, Store store) {
        ClientConfig config = Cluster.config(cluster, transport).build();
        try (HeliographClient client = client(config, transport, store, new RecordingListener())) {
            client.botLogin(Cluster.BOT.token());
        }
        cluster.dc(4).forgetAllAuthKeys();
        long imports = Cluster.imports(cluster);
        RecordingListener events = new RecordingListener();
        try (HeliographClient client = client(config, transport, store, events)) {
            assertEquals(4, client.botLogin(Cluster.BOT.token()).dcId());
            assertEquals(1, events.count("keyCreated 4"), events.events::toString);
            assertEquals(imports + 1, Cluster.imports(cluster), events.events::toString);
        }
    }

    @Test
    void storedSessionTheServerNoLongerAuthorizesImportsAgainOnTheSameKey() {
        ClientConfig config = Cluster.config(cluster).build();
        SessionSnapshot loggedIn;
        try (HeliographClient client = client(config, Store.FILE, new RecordingListener())) {
            client.botLogin(Cluster.BOT.token());
        }
        try (FileSessionStore files = FileSessionStore.open(dir)) {
            loggedIn = files.load(config.sessionName()).toCompletableFuture().join();
        }
        // The server drops the authorization (auth.logOut) but keeps the key; the stored session still claims it.
        try (HeliographClient client = client(config, Store.FILE, new RecordingListener())) {
            client.logOut();
        }
        try (FileSessionStore files = FileSessionStore.open(dir)) {
            files.replace(config.sessionName(), loggedIn).toCompletableFuture().join();
        }
        int exchanges = Cluster.keyExchanges(cluster);
        long imports = Cluster.imports(cluster);
        RecordingListener events = new RecordingListener();
        try (HeliographClient client = client(config, Store.FILE, events)) {
            assertEquals(4, client.botLogin(Cluster.BOT.token()).dcId());
            assertTrue(events.events.contains("rpcEnd 4 users.getUsers RpcException"), events.events::toString);
            assertEquals(exchanges, Cluster.keyExchanges(cluster));
            assertEquals(imports + 1, Cluster.imports(cluster));
        }
    }

    @Test
    void floodWaitWithinThePolicyIsWaitedOutBelowTheUserInterceptors() {
        cluster.dc(4).knobs().floodWait("auth.importBotAuthorization", 1, 1);
        RecordingListener events = new RecordingListener();
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        RpcInterceptor user = new RpcInterceptor() {
            @Override
            public <R> java.util.concurrent.CompletionStage<R> intercept(Chain<R> chain) {
                seen.add(chain.request().getClass().getSimpleName() + "@" + chain.dcId());
                return chain.proceed(chain.request());
            }
        };
        try (HeliographClient client = HeliographClient.builder().config(Cluster.config(cluster).build())
                .transport("tcp").listener(events).interceptor(user).build()) {
            assertEquals(Cluster.BOT.id(), client.botLogin(Cluster.BOT.token()).id());
            assertTrue(events.events.contains("floodWait auth.importBotAuthorization 1 true"), events.events::toString);
            // DC 2 (migrate), DC 4 (flood wait), DC 4 (ok) on the wire; the user interceptor sees one
            // import (then the updates.getState a login without a stored update state makes).
            assertEquals(3, events.count("rpcStart") - events.count("rpcStart 4 updates.getState"),
                    events.events::toString);
            assertEquals(java.util.List.of("ImportBotAuthorization@" + RpcInterceptor.Chain.HOME_DC,
                    "GetState@" + RpcInterceptor.Chain.HOME_DC), seen);
        }
    }

    @Test
    void aCallWithATimeoutOfItsOwnTimesOutWhileTheDcHoldsItsReply() {
        try (HeliographClient client = client(Cluster.config(cluster).build(), Store.MEMORY, new RecordingListener())) {
            client.botLogin(Cluster.BOT.token());
            cluster.dc(4).knobs().delayReplies(Duration.ofSeconds(5));
            try {
                long start = System.nanoTime();
                assertThrows(RequestTimeoutException.class,
                        () -> client.invoke(new GetConfig(), RequestOptions.timeout(Duration.ofMillis(300))));
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos(),
                        "the call's own timeout, not the configured 30 s nor the DC's 5 s delay");
            } finally {
                cluster.dc(4).knobs().delayReplies(Duration.ZERO);
            }
            assertInstanceOf(BaseConfig.class, client.invoke(new GetConfig()));
        }
    }

    @Test
    void floodWaitBeyondThePolicyFailsWithTheWait() {
        cluster.dc(2).knobs().floodWait("auth.importBotAuthorization", 1, 120);
        RecordingListener events = new RecordingListener();
        try (HeliographClient client = client(Cluster.config(cluster).build(), Store.MEMORY, events)) {
            FloodWaitException e = assertThrows(FloodWaitException.class, () -> client.botLogin(Cluster.BOT.token()));
            assertEquals(Duration.ofSeconds(120), e.waitTime());
            assertTrue(events.events.contains("floodWait auth.importBotAuthorization 120 false"), events.events::toString);
        }
    }

    @Test
    void aFloodWaitOneHostGetsBlocksTheMethodOnAnotherHostSharingTheStoreWithoutACall() {
        cluster.dc(2).knobs().floodWait("auth.importBotAuthorization", 1, 120);
        String session = "flood-" + System.nanoTime();
        ClientConfig first = Cluster.config(cluster).sessionName(session).hostId("host-a").build();
        ClientConfig second = first.toBuilder().hostId("host-b").build();
        RecordingListener events = new RecordingListener();
        try (HeliographClient a = client(first, Store.REDIS, new RecordingListener());
                HeliographClient b = client(second, Store.REDIS, events)) {
            assertEquals(Duration.ofSeconds(120),
                    assertThrows(FloodWaitException.class, () -> a.botLogin(Cluster.BOT.token())).waitTime());
            long calls = cluster.dc(2).rpcCount();
            FloodWaitException shared = assertThrows(FloodWaitException.class, () -> b.botLogin(Cluster.BOT.token()));
            assertTrue(shared.waitTime().compareTo(Duration.ofSeconds(110)) > 0, shared::getMessage);
            assertEquals(calls, cluster.dc(2).rpcCount(), "host b sent the blocked call");
            assertEquals(0, events.count("rpcStart"), events.events::toString);
        }
    }

    @Test
    void malformedTokenFailsBeforeAnyNetworkCall() {
        long rpcs = cluster.dcs().stream().mapToLong(dc -> dc.rpcCount()).sum();
        int exchanges = Cluster.keyExchanges(cluster);
        try (HeliographClient client = client(Cluster.config(cluster).build(), Store.MEMORY, new RecordingListener())) {
            for (String token : new String[] {"", "nocolon", "12:", ":abc", "abc:def", "12:has space", "-5:abc"}) {
                AccessTokenInvalidException e = assertThrows(AccessTokenInvalidException.class,
                        () -> client.botLogin(token));
                assertFalse(!token.isEmpty() && e.getMessage().contains(token), "the message shows the token");
            }
        }
        assertEquals(rpcs, cluster.dcs().stream().mapToLong(dc -> dc.rpcCount()).sum());
        assertEquals(exchanges, Cluster.keyExchanges(cluster));
    }

    @Test
    void unknownTokenFailsWithAccessTokenInvalid() {
        try (HeliographClient client = client(Cluster.config(cluster).build(), Store.MEMORY, new RecordingListener())) {
            String token = "1000009:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
            AccessTokenInvalidException e = assertThrows(AccessTokenInvalidException.class, () -> client.botLogin(token));
            assertFalse(e.getMessage().contains("AAHdq"));
        }
    }

    @Test
    void revokedTokenFailsWithAccessTokenExpired() {
        try (HeliographClient client = client(Cluster.config(cluster).build(), Store.MEMORY, new RecordingListener())) {
            assertThrows(AccessTokenExpiredException.class, () -> client.botLogin(Cluster.REVOKED.token()));
        }
    }

    @Test
    void unknownApiIdFailsWithApiIdInvalid() {
        ClientConfig config = Cluster.config(cluster).api(999, "0123456789abcdef0123456789abcdef").build();
        try (HeliographClient client = client(config, Store.MEMORY, new RecordingListener())) {
            assertThrows(ApiIdInvalidException.class, () -> client.botLogin(Cluster.BOT.token()));
        }
    }

    @Test
    void publishedApiIdFailsWithApiIdPublishedFlood() {
        ClientConfig config = Cluster.config(cluster)
                .api(Cluster.PUBLISHED.apiId(), Cluster.PUBLISHED.apiHash()).build();
        try (HeliographClient client = client(config, Store.MEMORY, new RecordingListener())) {
            assertThrows(ApiIdPublishedFloodException.class, () -> client.botLogin(Cluster.BOT.token()));
        }
    }

    @Test
    void invokeRunsAnyGeneratedMethodOnTheHomeDc() {
        try (HeliographClient client = client(Cluster.config(cluster).build(), Store.MEMORY, new RecordingListener())) {
            client.botLogin(Cluster.BOT.token());
            BaseConfig config = (BaseConfig) client.invoke(new GetConfig());
            assertEquals(4, config.thisDc());
        }
    }

    @Test
    void logOutForgetsTheSessionSoTheNextLoginImportsAgain() {
        ClientConfig config = Cluster.config(cluster).build();
        try (HeliographClient client = client(config, Store.FILE, new RecordingListener())) {
            client.botLogin(Cluster.BOT.token());
            client.logOut();
        }
        try (FileSessionStore files = FileSessionStore.open(dir)) {
            SessionSnapshot saved = files.load(config.sessionName()).toCompletableFuture().join();
            assertTrue(saved.selfUser().isEmpty());
            assertTrue(saved.dcs().isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("transportsAndStores")
    void closeLeavesNoNonDaemonThreadRunning(String transport, Store store) throws InterruptedException {
        Set<Thread> before = Cluster.nonDaemonThreads();
        HeliographClient client = client(Cluster.config(cluster, transport).build(), transport, store, new RecordingListener());
        client.botLogin(Cluster.BOT.token());
        client.close();
        // Libraries may end helper threads a moment after close (Netty's global executor idles out).
        Set<Thread> after = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            after = new HashSet<>(Cluster.nonDaemonThreads());
            after.removeAll(before);
            if (after.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        Set<Thread> left = after;
        assertTrue(left.isEmpty(), () -> "threads left: " + left);
    }

    @Test
    void twoClientsShareTheGivenThreadsClocksAndRandomnessAndClosingOneLeavesThemToTheOther() {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "mine-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mine-timer");
            t.setDaemon(true);
            return t;
        });
        AtomicLong wallReads = new AtomicLong();
        AtomicLong tickerReads = new AtomicLong();
        AtomicLong randomDraws = new AtomicLong();
        RandomSource secure = RandomSource.secure();
        ClientResources resources = ClientResources.builder()
                .executor(pool)
                .timer(timer)
                .wallClock(() -> {
                    wallReads.incrementAndGet();
                    return System.currentTimeMillis();
                })
                .ticker(() -> {
                    tickerReads.incrementAndGet();
                    return System.nanoTime();
                })
                .random(bytes -> {
                    randomDraws.incrementAndGet();
                    secure.nextBytes(bytes);
                })
                .build();
        try {
            Set<String> callThreads = ConcurrentHashMap.newKeySet();
            ClientEventListener threadsOfCalls = new ClientEventListener() {
                @Override
                public void rpcEnd(int dcId, String method, Duration elapsed, Throwable failure) {
                    callThreads.add(Thread.currentThread().getName().replaceAll("\\d+$", ""));
                }
            };
            for (int i = 0; i < 2; i++) {
                try (HeliographClient client = HeliographClient.builder().config(Cluster.config(cluster).build())
                        .transport("tcp").listener(threadsOfCalls).resources(resources).build()) {
                    assertEquals(Cluster.BOT.id(), client.botLogin(Cluster.BOT.token()).id());
                }
                assertFalse(pool.isShutdown(), "closing a client leaves the pool to the others");
                assertFalse(timer.isShutdown(), "closing a client leaves the timer to the others");
            }
            assertEquals(Set.of("mine-worker-"), callThreads, "calls complete on the given pool");
            assertTrue(wallReads.get() > 0, "message ids and leases read the given wall clock");
            assertTrue(tickerReads.get() > 0, "durations read the given monotonic clock");
            assertTrue(randomDraws.get() > 0, "key exchanges and padding draw from the given source");
        } finally {
            pool.shutdownNow();
            timer.shutdownNow();
        }
    }
}
