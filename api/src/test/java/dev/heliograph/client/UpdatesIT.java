package dev.heliograph.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.SessionStore;
import dev.heliograph.session.file.FileSessionModule;
import dev.heliograph.session.file.FileSessionStore;
import dev.heliograph.session.redis.RedisSessionModule;
import dev.heliograph.session.redis.RedisSessionStore;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.PrivateMessage;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestUser;
import dev.heliograph.testkit.RedisServer;
import dev.heliograph.tl.api.Update;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Updates end to end: a user of the embedded test DC messages a bot that runs a Heliograph client;
 * pushes, dropped pushes, {@code updatesTooLong}, and a restart from the file and Redis stores.
 */
class UpdatesIT {

    /** The persistent stores. */
    enum Store { FILE, REDIS }

    private static final String USER_PHONE = "9996621234";
    /** One bot per test, homed on DC 2 (where clients start), so that bots' pts do not mix. */
    private static final Bot ORDER_BOT = bot(2001, "order");
    private static final Bot DROP_BOT = bot(2002, "drop");
    private static final Bot TOO_LONG_BOT = bot(2003, "toolong");
    private static final Bot RESTART_FILE_BOT = bot(2004, "restartfile");
    private static final Bot RESTART_REDIS_BOT = bot(2005, "restartredis");
    private static final Bot ECHO_BOT = bot(2006, "echo");
    /** Small slices, so that a catch-up of 500 messages takes several differenceSlice answers. */
    private static final int SLICE = 100;

    private static TestCluster cluster;
    private static RedisServer redis;
    private static TestUser user;

    @TempDir
    Path dir;

    private static Bot bot(int id, String name) {
        return Bot.fromToken(id + ":AAHupdatesUpdatesUpdates" + name + "Token0123", name + "_bot", name, 2);
    }

    @BeforeAll
    static void start() throws Exception {
        TestCluster.Builder b = TestCluster.builder().app(Cluster.APP).user(USER_PHONE, "Ada", "ada_user")
                .updateLimits(SLICE, 100_000);
        for (Bot bot : List.of(ORDER_BOT, DROP_BOT, TOO_LONG_BOT, RESTART_FILE_BOT, RESTART_REDIS_BOT, ECHO_BOT)) {
            b.bot(bot);
        }
        cluster = b.start();
        user = cluster.user(USER_PHONE);
        redis = RedisServer.start(List.of());
    }

    @AfterAll
    static void stop() {
        cluster.close();
        redis.close();
    }

    private HeliographClient client(String session, Store store, ClientEventListener listener) {
        ClientConfig config = Cluster.config(cluster).sessionName(session).build();
        HeliographClient.Builder b = HeliographClient.builder().config(config).transport("tcp").listener(listener);
        if (store == Store.FILE) {
            b.module(new FileSessionModule(dir));
        } else if (store == Store.REDIS) {
            b.module(new RedisSessionModule(RedisSessionStore.builder().uri(redis.uri())));
        }
        return b.build();
    }

    private HeliographClient client(String session) {
        return client(session, null, new ClientEventListener() { });
    }

    private static void await(BooleanSupplier done, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static long executions(String method) {
        return cluster.dcs().stream().flatMap(dc -> dc.executions().stream())
                .filter(e -> e.method().equals(method)).count();
    }

    private static List<String> texts(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void aThousandMessagesFromAUserArriveAtTheHandlerInOrderEachOnce() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        try (HeliographClient bot = client("order")) {
            bot.onMessage(m -> got.add(m.text()));
            bot.botLogin(ORDER_BOT.token());
            await(() -> executions("updates.getState") > 0, Duration.ofSeconds(10), "getState at login");
            for (int i = 0; i < 1000; i++) {
                user.sendMessage(ORDER_BOT, "m" + i);
            }
            await(() -> got.size() >= 1000, Duration.ofSeconds(60), "1000 messages");
            TimeUnit.MILLISECONDS.sleep(200);
            assertEquals(texts("m", 0, 1000), got);
        }
    }

    @Test
    void droppedPushesAreFilledWithGetDifference() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        List<UpdateProblem> problems = new CopyOnWriteArrayList<>();
        try (HeliographClient bot = client("drop", null, new ClientEventListener() {
            @Override
            public void updateProblem(UpdateProblem problem) {
                problems.add(problem);
            }
        })) {
            bot.onMessage(m -> got.add(m.text()));
            bot.botLogin(DROP_BOT.token());
            user.sendMessage(DROP_BOT, "first");
            await(() -> got.size() == 1, Duration.ofSeconds(10), "the first message");
            long differences = executions("updates.getDifference");
            cluster.dropUpdates(DROP_BOT.id(), 3);
            for (int i = 0; i < 10; i++) {
                user.sendMessage(DROP_BOT, "d" + i);
            }
            await(() -> got.size() >= 11, Duration.ofSeconds(20), "11 messages");
            TimeUnit.MILLISECONDS.sleep(200);
            List<String> expected = new ArrayList<>(List.of("first"));
            expected.addAll(texts("d", 0, 10));
            assertEquals(expected, got);
            assertTrue(executions("updates.getDifference") > differences, "the gap was filled by getDifference");
            assertTrue(problems.isEmpty(), problems::toString);
        }
    }

    @Test
    void updatesTooLongMakesTheClientFetchWhatItMissed() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        try (HeliographClient bot = client("toolong")) {
            bot.onMessage(m -> got.add(m.text()));
            bot.botLogin(TOO_LONG_BOT.token());
            user.sendMessage(TOO_LONG_BOT, "first");
            await(() -> got.size() == 1, Duration.ofSeconds(10), "the first message");
            // The last pushes are lost: no later push reveals the gap, only updatesTooLong does.
            // More than a thousand: no pts_total_limit is sent, so they come in slices, not tooLong.
            int missed = 2_500;
            cluster.dropUpdates(TOO_LONG_BOT.id(), missed);
            for (int i = 0; i < missed; i++) {
                user.sendMessage(TOO_LONG_BOT, "t" + i);
            }
            TimeUnit.MILLISECONDS.sleep(300);
            assertEquals(1, got.size(), "nothing arrived yet");
            long differences = executions("updates.getDifference");
            cluster.pushUpdatesTooLong(TOO_LONG_BOT.id());
            await(() -> got.size() >= 1 + missed, Duration.ofSeconds(30), "the missed messages");
            TimeUnit.MILLISECONDS.sleep(200);
            List<String> expected = new ArrayList<>(List.of("first"));
            expected.addAll(texts("t", 0, missed));
            assertEquals(expected, got);
            assertTrue(executions("updates.getDifference") - differences >= missed / SLICE,
                    "one getDifference per slice of " + SLICE + " (no differenceTooLong)");
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aRestartedClientGetsEveryMessageSentWhileItWasStoppedOnceThroughTheDifference(Store store)
            throws Exception {
        Bot target = store == Store.FILE ? RESTART_FILE_BOT : RESTART_REDIS_BOT;
        String session = "restart-" + store.name().toLowerCase();
        List<String> before = new CopyOnWriteArrayList<>();
        List<String> roles = new CopyOnWriteArrayList<>();
        ClientEventListener receiver = new ClientEventListener() {
            @Override
            public void becameUpdateReceiver() {
                roles.add("gained");
            }

            @Override
            public void lostUpdateReceiver(Throwable cause) {
                roles.add("lost " + cause.getMessage());
            }

            @Override
            public void updateProblem(UpdateProblem problem) {
                roles.add("problem " + problem);
            }
        };
        try (HeliographClient bot = client(session, store, receiver)) {
            bot.onMessage(m -> before.add(m.text()));
            bot.botLogin(target.token());
            for (int i = 0; i < 5; i++) {
                user.sendMessage(target, "b" + i);
            }
            await(() -> before.size() == 5, Duration.ofSeconds(10), "five messages before the stop");
        }
        assertEquals(texts("b", 0, 5), before);
        for (int i = 0; i < 500; i++) {
            user.sendMessage(target, "r" + i);
        }
        long differences = executions("updates.getDifference");
        List<String> after = new CopyOnWriteArrayList<>();
        roles.add("restart");
        try (HeliographClient bot = client(session, store, receiver)) {
            bot.onMessage(m -> after.add(m.text()));
            bot.botLogin(target.token());
            await(() -> after.size() >= 500, Duration.ofSeconds(30), "500 messages after the restart");
            TimeUnit.MILLISECONDS.sleep(200);
        }
        assertEquals(texts("r", 0, 500), after, () -> "each once, in order, none of before the stop; receiver: " + roles);
        assertTrue(executions("updates.getDifference") - differences >= 500 / SLICE,
                "the catch-up came in differenceSlice answers of " + SLICE);
        try (SessionStore stored = store == Store.FILE ? FileSessionStore.open(dir)
                : RedisSessionStore.builder().uri(redis.uri()).build()) {
            SessionSnapshot saved = stored.load(session).toCompletableFuture().join();
            assertTrue(saved.updateState().isPresent(), "the update state is in the store");
            assertTrue(saved.peer(dev.heliograph.session.KnownPeer.Kind.USER, user.id()).isPresent(),
                    "the user's access hash is in the peer cache");
        }
    }

    @Test
    void aMessageHandlerRepliesAndTheUserGetsTheEcho() throws Exception {
        try (HeliographClient bot = client("echo")) {
            bot.onMessage(m -> m.reply("echo: " + m.text()).join());
            bot.botLogin(ECHO_BOT.token());
            for (int i = 0; i < 20; i++) {
                user.sendMessage(ECHO_BOT, "e" + i);
            }
            List<String> echoes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                PrivateMessage m = user.awaitMessageFrom(ECHO_BOT.id(), Duration.ofSeconds(10));
                echoes.add(m.text());
            }
            assertEquals(texts("echo: e", 0, 20), echoes);
        }
    }

    @Test
    void rawHandlersSeeTheUpdateWhileOnMessageAnswersIt() throws Exception {
        List<Update> raw = new CopyOnWriteArrayList<>();
        try (HeliographClient bot = client("raw")) {
            bot.onUpdate(raw::add);
            bot.onMessage(m -> m.reply("ok").join());
            bot.botLogin(ECHO_BOT.token());
            user.sendMessage(ECHO_BOT, "hi");
            user.awaitMessageFrom(ECHO_BOT.id(), Duration.ofSeconds(10));
            await(() -> !raw.isEmpty(), Duration.ofSeconds(10), "the update");
            assertTrue(raw.get(0) instanceof dev.heliograph.tl.api.UpdateNewMessage, raw::toString);
        }
    }
}
