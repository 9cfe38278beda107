package dev.heliograph.bench.updates;

import dev.heliograph.bench.LocalRedis;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.DcMap;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.session.UpdateQueue;
import dev.heliograph.session.redis.RedisSessionModule;
import dev.heliograph.session.redis.RedisSessionStore;
import dev.heliograph.session.redis.StreamFanout;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestUser;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.BaseUpdates;
import dev.heliograph.tl.api.UpdateNewMessage;
import dev.heliograph.tl.api.Updates;
import dev.heliograph.tlapi.TlApi;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Update fan-out figures (a harness, not a test): prints one {@code RESULT} line per measurement.
 *
 * <ol>
 *   <li>{@code throughput}: messages handled per second by 1, 4 and 16 hosts with a handler that
 *       waits 10 ms (I/O-bound work), {@value #USERS} test users writing to the bot (one chat each,
 *       spread over {@value #SHARDS} shards). Host 1 is a real client: it receives the pushes from
 *       the test DC over TCP, appends them to Redis and handles its share; hosts 2..N are the same
 *       Redis Streams consumers (what a client runs, decoding each entry) in this JVM, each with
 *       its host id and its own blocking connection.</li>
 *   <li>{@code redis ops}: Redis commands per handled update during the throughput runs, from
 *       {@code INFO commandstats} ({@code CONFIG RESETSTAT} before each run): all executed,
 *       and those the hosts sent (a script counts once; what runs inside it is not sent).</li>
 *   <li>{@code latency}: user send to handler, one message at a time, p50/p99, for one client
 *       without the fan-out and one with it (through Redis); the difference is what the fan-out
 *       adds.</li>
 * </ol>
 * Everything shares the machine's cores (the DC, Redis, the hosts).
 *
 * <pre>
 * mvn -B -q -pl bench -am package -Pbenchmarks -DskipTests
 * java -cp bench/target/benchmarks.jar dev.heliograph.bench.updates.FanoutBench [messages-per-host] [latency-messages]
 * </pre>
 */
public final class FanoutBench {

    private static final App APP = App.of(51002, "0123456789abcdef0123456789abcdee");
    private static final Bot BOT = Bot.fromToken("7100002:AAfanoutFanoutFanoutFanoutBench", "fanout_bench_bot",
            "Fanout Bench", 2);
    static final int USERS = 128;
    static final int SHARDS = 64;
    private static final long HANDLER_MILLIS = 10;
    private static final StreamFanout FANOUT = StreamFanout.builder().shards(SHARDS).leaseTtl(Duration.ofMillis(1500))
            .block(Duration.ofMillis(200)).build();
    /** Commands that only ever run inside the queue's scripts (the acknowledgement, the membership tick). */
    private static final Set<String> IN_SCRIPTS = Set.of("get", "xack", "xdel", "set", "pexpire", "zadd",
            "zremrangebyscore", "zrange", "del");

    private FanoutBench() {
    }

    /**
     * Runs every measurement.
     *
     * @param args messages per host for the throughput runs (default 300: 3 s of work per host),
     *     messages for each latency run (default 500)
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        int perHost = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int latencyMessages = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        TestCluster.Builder builder = TestCluster.builder().dcIds(2).app(APP).bot(BOT)
                .loginFloodLimit(0, Duration.ofMinutes(1)).updateLimits(1000, 100_000).rpcLog(l -> { });
        for (int i = 0; i < USERS; i++) {
            builder.user("999662" + (4000 + i), "User " + i, "fanout_bench_" + i);
        }
        try (TestCluster cluster = builder.start(); LocalRedis redis = LocalRedis.start()) {
            RedisClient admin = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> stats = admin.connect()) {
                latency(cluster, redis.uri(), latencyMessages);
                for (int hosts : new int[] {1, 4, 16}) {
                    throughput(cluster, redis.uri(), stats.sync(), hosts, perHost * hosts);
                }
            } finally {
                admin.shutdown();
            }
        }
    }

    private static HeliographClient client(TestCluster cluster, String session, RedisSessionStore.Builder store) {
        ClientConfig config = ClientConfig.builder().api(APP.apiId(), APP.apiHash())
                .dcMap(DcMap.of(cluster.endpoints(), 2)).trustedKeys(TrustedRsaKeys.of(List.of(cluster.publicKey())))
                .sessionName(session).hostId("host-0").build();
        return HeliographClient.builder().config(config).transport("tcp").module(new RedisSessionModule(store)).build();
    }

    /** The text of the one message an entry holds. */
    private static String text(byte[] payload) {
        BaseUpdates container = (BaseUpdates) new TlReader(payload, TlApi.registry()).readObject(Updates.class);
        return ((BaseMessage) ((UpdateNewMessage) container.updates().get(0)).message()).message();
    }

    private static void throughput(TestCluster cluster, String uri, RedisCommands<String, String> stats, int hosts,
            int messages) throws Exception {
        String session = "fanout-bench-" + hosts + "-" + System.nanoTime();
        AtomicLong handled = new AtomicLong();
        AtomicLong lastHandled = new AtomicLong();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicLong repeats = new AtomicLong();
        Runnable count = () -> {
            lastHandled.set(System.nanoTime());
            handled.incrementAndGet();
        };
        List<UpdateQueue> consumers = new ArrayList<>();
        List<ExecutorService> threads = new ArrayList<>();
        try (RedisSessionStore others = RedisSessionStore.builder().uri(uri).updateFanout(FANOUT).build();
             HeliographClient receiver = client(cluster, session, RedisSessionStore.builder().uri(uri)
                     .updateFanout(FANOUT))) {
            receiver.onMessage(m -> {
                Thread.sleep(HANDLER_MILLIS);
                if (!seen.add(m.text())) {
                    repeats.incrementAndGet();
                }
                count.run();
            });
            receiver.botLogin(BOT.token());
            for (int h = 1; h < hosts; h++) {
                UpdateQueue queue = others.updateQueue(session, "host-" + h).orElseThrow();
                // Like a client: one handler thread per host.
                ExecutorService thread = Executors.newSingleThreadExecutor();
                threads.add(thread);
                queue.start((id, entry) -> CompletableFuture.runAsync(() -> {
                    String text = text(entry.payload());
                    sleep(HANDLER_MILLIS);
                    if (!seen.add(text)) {
                        repeats.incrementAndGet();
                    }
                    count.run();
                }, thread), e -> System.out.println("queue: " + e.getMessage()));
                consumers.add(queue);
            }
            awaitSpread(stats, others, session, hosts);
            stats.configResetstat();
            List<TestUser> users = cluster.users().stream().filter(u -> u.username().startsWith("fanout_bench_"))
                    .toList();
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                users.get(i % users.size()).sendMessage(BOT, "t" + i);
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (handled.get() < messages) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("stuck at " + handled.get() + " of " + messages);
                }
                Thread.sleep(5);
            }
            double seconds = (lastHandled.get() - start) / 1e9;
            Map<String, Long> calls = commandCalls(stats.info("commandstats"));
            long all = calls.values().stream().mapToLong(Long::longValue).sum();
            long sent = calls.entrySet().stream().filter(e -> !IN_SCRIPTS.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            StringBuilder breakdown = new StringBuilder();
            calls.forEach((name, n) -> breakdown.append(' ').append(name).append('=')
                    .append(String.format("%.2f", (double) n / messages)));
            System.out.printf("RESULT throughput: %d host%s, handler waits %d ms: %,d messages in %.2f s = %,.0f"
                    + " messages/s (ideal %,d/s); %d handled twice%n", hosts, hosts == 1 ? "" : "s", HANDLER_MILLIS,
                    messages, seconds, messages / seconds, hosts * 1000 / HANDLER_MILLIS, repeats.get());
            System.out.printf("RESULT redis ops: %d host%s: %.2f commands executed per handled update, %.2f sent by"
                    + " the hosts (per update:%s)%n", hosts, hosts == 1 ? "" : "s", (double) all / messages,
                    (double) sent / messages, breakdown);
            consumers.forEach(UpdateQueue::close);
        } finally {
            threads.forEach(ExecutorService::shutdown);
        }
    }

    /** Waits until every host holds a share of the shards (leases are taken at each host's tick). */
    private static void awaitSpread(RedisCommands<String, String> redis, RedisSessionStore store, String session,
            int hosts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Set<String> holders = new HashSet<>();
            int held = 0;
            for (int shard = 0; shard < SHARDS; shard++) {
                String token = redis.get(store.fanoutKey(session, "lease:" + shard));
                if (token != null) {
                    held++;
                    holders.add(token.substring(0, token.indexOf('/')));
                }
            }
            if (held == SHARDS && holders.size() == hosts) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("shards not spread: " + held + " held by " + holders);
            }
            Thread.sleep(50);
        }
    }

    /** {@code cmdstat_xadd:calls=12,...} lines to command -> calls, without INFO and CONFIG themselves. */
    private static Map<String, Long> commandCalls(String info) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            if (name.equals("info") || name.startsWith("config")) {
                continue;
            }
            int at = line.indexOf("calls=") + "calls=".length();
            calls.put(name, Long.parseLong(line.substring(at, line.indexOf(',', at))));
        }
        return calls;
    }

    private static void latency(TestCluster cluster, String uri, int messages) throws Exception {
        TestUser user = cluster.users().stream().filter(u -> u.username().startsWith("fanout_bench_")).findFirst()
                .orElseThrow();
        long[] direct = latencies(cluster, user, RedisSessionStore.builder().uri(uri), messages, "direct");
        long[] fanned = latencies(cluster, user, RedisSessionStore.builder().uri(uri).updateFanout(FANOUT), messages,
                "fanned");
        System.out.printf("RESULT latency: user send -> handler, %d messages one at a time: without fan-out p50 %.2f"
                + " ms, p99 %.2f ms; with the Redis Streams fan-out p50 %.2f ms, p99 %.2f ms; added p50 %.2f ms,"
                + " p99 %.2f ms%n", messages, direct[0] / 1e6, direct[1] / 1e6, fanned[0] / 1e6, fanned[1] / 1e6,
                (fanned[0] - direct[0]) / 1e6, (fanned[1] - direct[1]) / 1e6);
    }

    /** p50 and p99 of send -> handler, in nanoseconds. */
    private static long[] latencies(TestCluster cluster, TestUser user, RedisSessionStore.Builder store, int messages,
            String tag) throws Exception {
        ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> took = new ArrayList<>();
        AtomicLong handled = new AtomicLong();
        try (HeliographClient client = client(cluster, "fanout-latency-" + tag + "-" + System.nanoTime(), store)) {
            client.onMessage(m -> {
                Long t = sentAt.remove(m.text());
                if (t != null) {
                    synchronized (took) {
                        took.add(System.nanoTime() - t);
                    }
                }
                handled.incrementAndGet();
            });
            client.botLogin(BOT.token());
            // Warm-up, then one at a time.
            for (int i = -100; i < messages; i++) {
                long target = handled.get() + 1;
                String text = tag + " " + i;
                if (i >= 0) {
                    sentAt.put(text, System.nanoTime());
                }
                user.sendMessage(BOT, text);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (handled.get() < target) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(tag + ": no handler call for " + text);
                    }
                    Thread.onSpinWait();
                }
            }
        }
        long[] sorted;
        synchronized (took) {
            sorted = took.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        return new long[] {sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)]};
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
