package dev.heliograph.session.redis;

import static dev.heliograph.error.Failures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionFixtures;
import dev.heliograph.session.SessionStore;
import dev.heliograph.testkit.SessionStoreContract;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.HashSet;
import java.util.Set;
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
