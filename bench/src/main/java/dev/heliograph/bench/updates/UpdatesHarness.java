package dev.heliograph.bench.updates;

import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.ClientEventListener;
import dev.heliograph.client.ClientResources;
import dev.heliograph.client.DcMap;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.client.UpdateSettings;
import dev.heliograph.client.internal.updates.PeerCache;
import dev.heliograph.client.internal.updates.UpdateBox;
import dev.heliograph.client.internal.updates.UpdateLoop;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.UpdateState;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestUser;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.BaseUpdates;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.Chat;
import dev.heliograph.tl.api.Peer;
import dev.heliograph.tl.api.PeerUser;
import dev.heliograph.tl.api.UpdateNewMessage;
import dev.heliograph.tl.api.Updates;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.updates.DifferenceEmpty;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Update figures (a harness, not a test): prints one {@code RESULT} line per measurement.
 *
 * <ol>
 *   <li>{@code pipeline}: updates per second through one client's update loop (box, queue,
 *       handler executor, state saves) with a no-op handler, fed pre-built pushes in this JVM (no
 *       network, no decoding); and the bytes allocated per update by every thread meanwhile.</li>
 *   <li>{@code live}: updates per second end to end over TCP loopback: a test DC user sends
 *       messages as fast as the DC accepts them, the DC pushes them to the bot client, a no-op
 *       handler counts them (the DC shares the JVM and the cores).</li>
 *   <li>{@code catch-up}: the same after a restart-like gap: the pushes are dropped, then
 *       {@code updatesTooLong}: the client fetches them in {@code getDifference} slices of 1,000.</li>
 *   <li>{@code latency}: user send to handler, one message at a time, p50/p99.</li>
 *   <li>{@code memory}: heap held by a box plus a peer cache of 10,000 users.</li>
 * </ol>
 *
 * <pre>
 * mvn -B -q -pl bench -am package -Pbenchmarks -DskipTests
 * java -cp bench/target/benchmarks.jar dev.heliograph.bench.updates.UpdatesHarness [pipeline-updates] [live-messages]
 * </pre>
 */
public final class UpdatesHarness {

    private static final App APP = App.of(51001, "0123456789abcdef0123456789abcdef");
    private static final Bot BOT = Bot.fromToken("7100001:AAupdatesUpdatesUpdatesBench12", "updates_bench_bot",
            "Updates Bench", 2);
    private static final String USER_PHONE = "9996625555";
    private static final long SENDER = 7_000_000_001L;

    private UpdatesHarness() {
    }

    /**
     * Runs every measurement.
     *
     * @param args updates for the pipeline (default 2,000,000), messages for live and catch-up
     *     (default 50,000)
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        int pipeline = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int live = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        pipeline(pipeline / 4);
        pipeline(pipeline);
        memory(10_000);
        try (TestCluster cluster = TestCluster.builder().dcIds(2).app(APP).bot(BOT).user(USER_PHONE, "Ada", "ada_bench")
                .loginFloodLimit(0, Duration.ofMinutes(1)).updateLimits(1000, Math.max(100_000, live)).rpcLog(l -> { })
                .start()) {
            endToEnd(cluster, live);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** A client side with nothing behind it: no fetch is needed when pushes arrive in order. */
    private static final class NoServer implements UpdateLoop.Client {
        @Override
        @SuppressWarnings("unchecked")
        public <R> CompletableFuture<R> call(TlMethod<R> method) {
            return CompletableFuture.completedFuture((R) new DifferenceEmpty(0, 0));
        }

        @Override
        public CompletableFuture<Void> persist(SessionChange change) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private static void pipeline(int n) throws InterruptedException {
        List<User> users = List.of(user(SENDER));
        Updates[] pushes = new Updates[n];
        for (int i = 0; i < n; i++) {
            BaseMessage m = message(i + 1, SENDER, "m" + i);
            pushes[i] = new BaseUpdates(List.of(new UpdateNewMessage(m, 11 + i, 1)), users, List.<Chat>of(), 0, 0);
        }
        AtomicLong handled = new AtomicLong();
        UpdateLoop loop = new UpdateLoop(UpdateSettings.DEFAULT, new NoServer(), new ClientEventListener() { },
                ClientResources.shared());
        loop.sessionLoaded(UpdateState.of(10, 0, 0, 0), List.of());
        loop.onUpdate(u -> handled.incrementAndGet());
        loop.loggedIn(1).join();
        TimeUnit.MILLISECONDS.sleep(100);
        long allocatedBefore = allocated();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            // Feed no faster than the handlers drain: a full queue would refuse pushes (and, with
            // no server behind this loop, they would never come back).
            while (i - handled.get() >= UpdateSettings.DEFAULT_QUEUE_CAPACITY / 2) {
                Thread.onSpinWait();
            }
            loop.pushed(pushes[i]);
        }
        while (handled.get() < n) {
            Thread.onSpinWait();
        }
        long elapsed = System.nanoTime() - start;
        long allocatedBytes = allocated() - allocatedBefore;
        loop.close();
        System.out.printf("RESULT pipeline: %,d updates in %d ms = %,.0f updates/s; %,d bytes allocated per update"
                + " (all threads)%n", n, elapsed / 1_000_000, n * 1e9 / elapsed, allocatedBytes / n);
    }

    private static long allocated() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        return Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum();
    }

    private static void memory(int users) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        PeerCache cache = new PeerCache();
        List<User> batch = new ArrayList<>(users);
        for (int i = 0; i < users; i++) {
            batch.add(user(8_000_000_000L + i));
        }
        cache.learn(batch, List.of());
        cache.takeLearned();
        UpdateBox box = new UpdateBox(new UpdateBox.Settings(1, 1, 1, 1, 1, 1, 1, 1, 1), cache::knowsUser);
        box.start(UpdateState.of(10, 0, 0, 0), 0);
        batch = null;
        long after = usedAfterGc(memory);
        System.out.printf("RESULT memory: box + peer cache of %,d users hold %,d bytes (%d bytes per user)%n",
                cache.size(), after - before, (after - before) / users);
        if (box.state() == null) {
            throw new AssertionError("keeps the box reachable until here");
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    // ---------------------------------------------------------------------------------------------

    private static void endToEnd(TestCluster cluster, int messages) throws Exception {
        TestUser user = cluster.user(USER_PHONE);
        ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = new ArrayList<>();
        AtomicLong handled = new AtomicLong();
        ClientConfig config = ClientConfig.builder().api(APP.apiId(), APP.apiHash())
                .dcMap(DcMap.of(cluster.endpoints(), 2)).trustedKeys(TrustedRsaKeys.of(List.of(cluster.publicKey())))
                .sessionName("updates-bench").build();
        try (HeliographClient client = HeliographClient.builder().config(config).transport("tcp").build()) {
            client.onMessage(m -> {
                Long t = sentAt.remove(m.text());
                if (t != null) {
                    synchronized (latencies) {
                        latencies.add(System.nanoTime() - t);
                    }
                }
                handled.incrementAndGet();
            });
            client.botLogin(BOT.token());

            // live: send as fast as the DC takes them
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                user.sendMessage(BOT, "live " + i);
            }
            long sent = System.nanoTime();
            await(handled, messages);
            long done = System.nanoTime();
            System.out.printf("RESULT live: %,d messages user -> DC -> TCP -> handler in %d ms = %,.0f updates/s"
                    + " (the user's sends alone: %,.0f/s)%n", messages, (done - start) / 1_000_000,
                    messages * 1e9 / (done - start), messages * 1e9 / (sent - start));

            // catch-up: the pushes are lost, updatesTooLong makes the client fetch them
            cluster.dropUpdates(BOT.id(), messages);
            for (int i = 0; i < messages; i++) {
                user.sendMessage(BOT, "gap " + i);
            }
            long before = handled.get();
            start = System.nanoTime();
            cluster.pushUpdatesTooLong(BOT.id());
            await(handled, before + messages);
            done = System.nanoTime();
            System.out.printf("RESULT catch-up: %,d messages through getDifference slices of 1,000 in %d ms"
                    + " = %,.0f updates/s%n", messages, (done - start) / 1_000_000, messages * 1e9 / (done - start));

            // latency: one at a time
            synchronized (latencies) {
                latencies.clear();
            }
            for (int i = 0; i < 2_000; i++) {
                long target = handled.get() + 1;
                String text = "lat " + i;
                sentAt.put(text, System.nanoTime());
                user.sendMessage(BOT, text);
                await(handled, target);
            }
            long[] sorted;
            synchronized (latencies) {
                sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            System.out.printf("RESULT latency: user send -> handler over TCP loopback, %d messages one at a time:"
                    + " p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", sorted.length, sorted[sorted.length / 2] / 1e6,
                    sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
        }
    }

    private static void await(AtomicLong counter, long target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (counter.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stuck at " + counter.get() + " of " + target);
            }
            Thread.onSpinWait();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static BaseUser user(long id) {
        return new BaseUser(false, false, false, false, false, false, false, false, false, false, false, false, false,
                false, false, false, false, false, false, false, false, false, false, false, false, false, false,
                false, false, false, id, id * 31, "user" + id, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    private static BaseMessage message(int id, long from, String text) {
        Peer peer = new PeerUser(from);
        return new BaseMessage(false, false, false, false, false, false, false, false, false, false, false, false,
                false, false, false, id, peer, null, null, peer, null, null, null, null, null, null, 1_700_000_000,
                text, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }
}
