package dev.heliograph.session.redis;

import static dev.heliograph.error.Failures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionFixtures;
import dev.heliograph.session.SessionStore;
import dev.heliograph.testkit.SessionStoreContract;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import dev.heliograph.session.QueuedUpdate;
import dev.heliograph.session.UpdateQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract against a 3-node Redis Cluster started by the test. */
class RedisClusterSessionStoreIT extends SessionStoreContract {

    private static RedisClusterServers cluster;
    private static String uri;

    @BeforeAll
    static void startCluster() throws Exception {
        uri = RedisClusterServers.externalUri();
        if (uri == null) {
            cluster = RedisClusterServers.start();
            uri = cluster.uri();
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected SessionStore openStore() {
        return RedisSessionStore.builder().uri(uri).cluster(true).keyPrefix("cluster:").build();
    }

    @Test
    void theUpdateStreamsAndTheirLeasesShareTheSessionsSlotAndWorkOnTheCluster() throws InterruptedException {
        RedisClusterClient client = RedisClusterClient.create(uri);
        StreamFanout fanout = StreamFanout.builder().shards(4).leaseTtl(Duration.ofMillis(900))
                .block(Duration.ofMillis(100)).build();
        try (RedisSessionStore store = RedisSessionStore.builder().uri(uri).cluster(true).keyPrefix("cluster-fanout:")
                .updateFanout(fanout).build();
             StatefulRedisClusterConnection<String, String> direct = client.connect()) {
            String session = "fanout-" + System.nanoTime();
            List<String> handled = new CopyOnWriteArrayList<>();
            try (UpdateQueue queue = store.updateQueue(session, "host").orElseThrow()) {
                queue.start((id, u) -> {
                    handled.add(new String(u.payload(), StandardCharsets.UTF_8));
                    return CompletableFuture.completedFuture(null);
                }, e -> { });
                List<QueuedUpdate> updates = new ArrayList<>();
                for (int n = 0; n < 20; n++) {
                    updates.add(new QueuedUpdate("u" + n, "p" + n, Integer.toString(n).getBytes(StandardCharsets.UTF_8)));
                }
                join(queue.append(updates));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (handled.size() < 20 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            assertEquals(20, handled.size(), handled.toString());
            long slot = direct.sync().clusterKeyslot(store.sessionKey(session));
            List<String> keys = new ArrayList<>(List.of(store.keyPoolKey(session), store.leasesKey(session),
                    store.fanoutKey(session, "hosts"), store.fanoutKey(session, "dead"),
                    store.fanoutKey(session, "done:u:p1")));
            for (int shard = 0; shard < fanout.shards(); shard++) {
                keys.add(store.fanoutKey(session, Integer.toString(shard)));
                keys.add(store.fanoutKey(session, "lease:" + shard));
            }
            for (String key : keys) {
                assertEquals(slot, direct.sync().clusterKeyslot(key), key);
            }
            assertEquals(1L, direct.sync().exists(store.fanoutKey(session, "done:u:p1")),
                    "the queue wrote its keys where the session lives");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void sessionsSpreadOverTheNodesWithEachSessionAndItsLeasesInOneSlot() {
        RedisClusterClient client = RedisClusterClient.create(uri);
        try (RedisSessionStore store = RedisSessionStore.builder().client(client).keyPrefix("spread:").build();
             StatefulRedisClusterConnection<String, String> direct = client.connect()) {
            Set<String> nodes = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                String session = "spread-" + i;
                join(store.persist(session, new SessionChange.AuthKeyCreated(SessionFixtures.newDc(2))));
                long sessionSlot = direct.sync().clusterKeyslot(store.sessionKey(session));
                for (String key : new String[] {store.keyPoolKey(session), store.floodKey(session),
                        store.leasesKey(session)}) {
                    assertEquals(sessionSlot, direct.sync().clusterKeyslot(key), key);
                }
                nodes.add(direct.getPartitions().getPartitionBySlot((int) sessionSlot).getNodeId());
                assertEquals(1, join(store.load(session)).dcs().size());
            }
            assertEquals(3, nodes.size(), "12 sessions should land on every node of a 3-node cluster");
        } finally {
            client.shutdown();
        }
    }
}
