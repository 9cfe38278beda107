package dev.heliograph.session.redis;

import static dev.heliograph.error.Failures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.SessionStoreException;
import dev.heliograph.error.TlDecodeException;
import dev.heliograph.session.QueuedUpdate;
import dev.heliograph.session.UpdateQueue;
import dev.heliograph.testkit.RedisServer;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The Redis Streams update queue against real Redis: order per chat, de-duplication, claims of a
 * dead consumer's entries, rebalancing, quarantine of bad entries, trimming, and a Redis restart.
 */
class StreamUpdateQueueIT {

    /** Short leases so that takeovers happen within the test. */
    private static final StreamFanout FAST = StreamFanout.builder().shards(8).leaseTtl(Duration.ofMillis(900))
            .block(Duration.ofMillis(100)).build();

    /** What the hosts of a test handled, in order, and what their listeners heard. */
    private static final class Handled {
        final List<String> order = new CopyOnWriteArrayList<>();
        final Map<String, List<String>> byHost = new ConcurrentHashMap<>();
        final List<SessionStoreException> failures = new CopyOnWriteArrayList<>();
        final java.util.Set<String> refused = ConcurrentHashMap.newKeySet();

        UpdateQueue start(RedisSessionStore store, String session, String host) {
            UpdateQueue queue = store.updateQueue(session, host).orElseThrow();
            queue.start((id, u) -> {
                String text = new String(u.payload(), StandardCharsets.UTF_8);
                if (text.startsWith("garbage")) {
                    return CompletableFuture.failedFuture(new TlDecodeException("not a TL object", 0, 0));
                }
                if (text.startsWith("flaky") && refused.add(text)) {
                    return CompletableFuture.failedFuture(new IllegalStateException("executor refused"));
                }
                order.add(u.chatKey() + "/" + text);
                byHost.computeIfAbsent(host, h -> new CopyOnWriteArrayList<>()).add(text);
                return CompletableFuture.completedFuture(null);
            }, failures::add);
            return queue;
        }

        long count(String text) {
            return order.stream().filter(o -> o.endsWith("/" + text)).count();
        }
    }

    private static QueuedUpdate update(int chat, int n) {
        return new QueuedUpdate("u" + chat, "p" + n, Integer.toString(n).getBytes(StandardCharsets.UTF_8));
    }

    private static RedisSessionStore store(String uri) {
        return RedisSessionStore.builder().uri(uri).keyPrefix("fanout-it:").operationTimeout(Duration.ofSeconds(2))
                .updateFanout(FAST).build();
    }

    @Test
    void everyUpdateIsHandledOnceInChatOrderByThreeHosts() throws Exception {
        String session = "three-" + System.nanoTime();
        Handled handled = new Handled();
        RedisClient client = RedisClient.create(RedisServer.sharedUri());
        try (RedisSessionStore store = store(RedisServer.sharedUri());
             StatefulRedisConnection<String, String> direct = client.connect();
             UpdateQueue a = handled.start(store, session, "host-a");
             UpdateQueue b = handled.start(store, session, "host-b");
             UpdateQueue c = handled.start(store, session, "host-c")) {
            await(() -> holders(direct.sync(), store, session).size() == 3, "the shards spread over 3 hosts");
            List<QueuedUpdate> updates = new ArrayList<>();
            for (int n = 1; n <= 300; n++) {
                updates.add(update(n % 20, n));
            }
            join(a.append(updates.subList(0, 200)));
            assertEquals(c.getClass(), b.getClass());
            // The receiver crashed after storing these and before saving its pts: it appends them again.
            join(b.append(updates.subList(150, 300)));
            await(() -> handled.order.size() >= 300, "300 handled");
            Thread.sleep(300);
            assertEquals(300, handled.order.size(), "each update once: " + handled.order.size());
            Map<String, Integer> last = new HashMap<>();
            for (String o : handled.order) {
                String chat = o.substring(0, o.indexOf('/'));
                int n = Integer.parseInt(o.substring(o.indexOf('/') + 1));
                assertTrue(last.getOrDefault(chat, 0) < n, "chat " + chat + " out of order at " + n);
                last.put(chat, n);
            }
            assertEquals(3, handled.byHost.size(), "the work is shared: " + handled.byHost.keySet());
            long left = 0;
            for (int shard = 0; shard < FAST.shards(); shard++) {
                left += direct.sync().xlen(store.fanoutKey(session, Integer.toString(shard)));
            }
            assertEquals(0, left, "handled entries are deleted from the streams");
            assertEquals(List.of(), handled.failures);
        } finally {
            client.shutdown();
        }
    }

    @Test
    @SuppressWarnings("unchecked") // one StreamOffset<String> through XREADGROUP's varargs
    void entriesADeadConsumerTookAreClaimedAndHandledBeforeNewerOnes() throws Exception {
        String session = "claim-" + System.nanoTime();
        Handled handled = new Handled();
        RedisClient client = RedisClient.create(RedisServer.sharedUri());
        try (RedisSessionStore store = store(RedisServer.sharedUri());
             StatefulRedisConnection<String, String> direct = client.connect()) {
            UpdateQueue first = store.updateQueue(session, "receiver").orElseThrow();
            List<QueuedUpdate> early = new ArrayList<>();
            for (int n = 1; n <= 10; n++) {
                early.add(update(7, n));
            }
            join(first.append(early));
            String stream = store.fanoutKey(session, Integer.toString(StreamUpdateQueue.shardOf("u7", FAST.shards())));
            // A consumer that read the entries and died before handling them.
            direct.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), StreamUpdateQueue.GROUP);
            List<StreamMessage<String, String>> taken = direct.sync().xreadgroup(Consumer.from(StreamUpdateQueue.GROUP,
                    "dead-host"), XReadArgs.StreamOffset.lastConsumed(stream));
            assertEquals(10, taken.size());
            join(first.append(List.of(update(7, 11), update(7, 12))));

            UpdateQueue survivor = handled.start(store, session, "survivor");
            await(() -> handled.order.size() >= 12, "12 handled");
            survivor.close();
            List<String> expected = new ArrayList<>();
            for (int n = 1; n <= 12; n++) {
                expected.add("u7/" + n);
            }
            assertEquals(expected, handled.order, "the dead consumer's entries first, in order, then the newer");
            assertEquals(0, direct.sync().xpending(stream, StreamUpdateQueue.GROUP).getCount());
            first.close();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void anEntryThatDoesNotDecodeIsQuarantinedAndTheRestKeepsRunning() throws Exception {
        String session = "bad-" + System.nanoTime();
        Handled handled = new Handled();
        RedisClient client = RedisClient.create(RedisServer.sharedUri());
        try (RedisSessionStore store = store(RedisServer.sharedUri());
             StatefulRedisConnection<String, String> direct = client.connect();
             UpdateQueue queue = handled.start(store, session, "host")) {
            String stream = store.fanoutKey(session, Integer.toString(StreamUpdateQueue.shardOf("u1", FAST.shards())));
            join(queue.append(List.of(update(1, 1), new QueuedUpdate("u1", "p2",
                    "garbage".getBytes(StandardCharsets.UTF_8)), update(1, 3))));
            // Written by something else: no chat key, no payload.
            direct.sync().xadd(stream, Map.of("x", "y"));
            join(queue.append(List.of(update(1, 4))));
            await(() -> handled.order.size() >= 3 && handled.failures.size() >= 2, "3 handled, 2 quarantined");
            assertEquals(List.of("u1/1", "u1/3", "u1/4"), handled.order);
            assertEquals(2, handled.failures.size(), handled.failures.toString());
            for (SessionStoreException e : handled.failures) {
                assertEquals(SessionStoreException.Kind.CORRUPT, e.kind());
                assertTrue(e.getMessage().contains(store.fanoutKey(session, "dead")), e.getMessage());
            }
            assertTrue(handled.failures.get(0).getMessage().contains("TlDecodeException"));
            // A failure that is not the entry's fault keeps it: it is handed out again, not quarantined.
            handled.failures.clear();
            join(queue.append(List.of(new QueuedUpdate("u1", "p5", "flaky".getBytes(StandardCharsets.UTF_8)),
                    update(1, 6))));
            await(() -> handled.order.size() >= 5, "the refused entry handled on its second try, then the next");
            assertEquals(List.of("u1/1", "u1/3", "u1/4", "u1/flaky", "u1/6"), handled.order);
            assertEquals(SessionStoreException.Kind.UNAVAILABLE, handled.failures.get(0).kind());
            List<StreamMessage<String, String>> dead = direct.sync().xrange(store.fanoutKey(session, "dead"),
                    io.lettuce.core.Range.create("-", "+"));
            assertEquals(2, dead.size(), "only the two bad entries");
            assertEquals("garbage", dead.get(0).getBody().get("u"));
            assertEquals(stream, dead.get(0).getBody().get("stream"));
            assertEquals(0, direct.sync().xlen(stream), "quarantined entries leave the stream");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void sharesMoveWhenHostsComeAndGo() throws Exception {
        String session = "rebalance-" + System.nanoTime();
        Handled handled = new Handled();
        RedisClient client = RedisClient.create(RedisServer.sharedUri());
        try (RedisSessionStore store = store(RedisServer.sharedUri());
             StatefulRedisConnection<String, String> direct = client.connect();
             UpdateQueue a = handled.start(store, session, "host-a")) {
            RedisCommands<String, String> redis = direct.sync();
            await(() -> holders(redis, store, session).equals(Map.of("host-a", FAST.shards())), "host-a holds all");
            UpdateQueue b = handled.start(store, session, "host-b");
            int bShare = StreamUpdateQueue.share(List.of("host-a", "host-b"), "host-b", FAST.shards()).size();
            assertTrue(bShare > 0 && bShare < FAST.shards(), "a split of 8 shards: " + bShare);
            await(() -> holders(redis, store, session).equals(Map.of("host-a", FAST.shards() - bShare,
                    "host-b", bShare)), "the shards split");
            List<QueuedUpdate> updates = new ArrayList<>();
            for (int n = 1; n <= 40; n++) {
                updates.add(update(n, n));
            }
            join(a.append(updates));
            await(() -> handled.order.size() >= 40, "40 handled");
            assertEquals(2, handled.byHost.size(), "both hosts handled some");
            b.close();
            await(() -> holders(redis, store, session).equals(Map.of("host-a", FAST.shards())),
                    "host-a takes b's shards back");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aRedisRestartMidRunGivesTypedErrorsAndLosesNothing() throws Exception {
        String session = "restart-" + System.nanoTime();
        Handled handled = new Handled();
        try (RedisServer server = RedisServer.start(List.of("--appendonly", "yes", "--appendfsync", "always"));
             RedisSessionStore store = store(server.uri());
             UpdateQueue queue = handled.start(store, session, "host")) {
            AtomicBoolean appending = new AtomicBoolean(true);
            List<SessionStoreException> appendFailures = new CopyOnWriteArrayList<>();
            int total = 400;
            Thread receiver = new Thread(() -> {
                for (int n = 1; n <= total && appending.get(); n++) {
                    // What the client's receiver does: retry until stored, only then move on.
                    while (appending.get()) {
                        try {
                            join(queue.append(List.of(update(n % 5, n))));
                            break;
                        } catch (SessionStoreException e) {
                            appendFailures.add(e);
                            sleep(50);
                        }
                    }
                    sleep(2);
                }
            });
            receiver.start();
            await(() -> handled.order.size() >= 100, "100 handled before the restart");
            server.kill();
            Thread.sleep(500);
            server.restart();
            receiver.join(TimeUnit.SECONDS.toMillis(60));
            appending.set(false);
            await(() -> handled.order.size() >= total, total + " handled after the restart");
            for (int n = 1; n <= total; n++) {
                int m = n;
                assertEquals(1, handled.count(Integer.toString(n)), () -> "update " + m + " in " + handled.order
                        + " failures " + handled.failures);
            }
            assertTrue(!appendFailures.isEmpty(), "appends failed while Redis was down");
            for (SessionStoreException e : appendFailures) {
                assertEquals(SessionStoreException.Kind.UNAVAILABLE, e.kind());
            }
            assertTrue(handled.failures.stream().anyMatch(e -> e.kind() == SessionStoreException.Kind.UNAVAILABLE),
                    "the consumer reported the outage");
        }
    }

    /** Which host holds how many shard leases. */
    private static Map<String, Integer> holders(RedisCommands<String, String> redis, RedisSessionStore store,
            String session) {
        Map<String, Integer> counts = new HashMap<>();
        for (int shard = 0; shard < FAST.shards(); shard++) {
            String token = redis.get(store.fanoutKey(session, "lease:" + shard));
            if (token != null) {
                counts.merge(token.substring(0, token.indexOf('/')), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
