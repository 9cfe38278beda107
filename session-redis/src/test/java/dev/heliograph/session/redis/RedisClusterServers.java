package dev.heliograph.session.redis;

import dev.heliograph.testkit.RedisServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A 3-node Redis Cluster of real {@code redis-server} processes (no replicas), created the way
 * {@code redis-cli --cluster create} does it (CLUSTER ADDSLOTS, CLUSTER MEET). {@code -Dheliograph.redis.cluster.uri} points the tests at an
 * external cluster instead.
 */
final class RedisClusterServers implements AutoCloseable {

    private final List<RedisServer> nodes = new ArrayList<>();

    private RedisClusterServers() {
    }

    static RedisClusterServers start() throws IOException, InterruptedException {
        RedisClusterServers cluster = new RedisClusterServers();
        try {
            for (int i = 0; i < 3; i++) {
                cluster.nodes.add(RedisServer.start(clusterPort(), List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000")));
            }
            cluster.assignSlotsAndMeet();
            cluster.awaitClusterOk();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void awaitClusterOk() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (RedisServer node : nodes) {
                String info = clusterInfo(node.port());
                ok &= info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
            }
            if (ok) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("the cluster did not reach cluster_state:ok");
    }

    private static String clusterInfo(int port) {
        return RedisServer.command(port, "CLUSTER INFO");
    }

    /** What {@code redis-cli --cluster create} does, without needing redis-cli: split the slots, meet. */
    private void assignSlotsAndMeet() throws IOException {
        int slots = 16384;
        for (int i = 0; i < nodes.size(); i++) {
            StringBuilder addSlots = new StringBuilder("CLUSTER ADDSLOTS");
            for (int slot = slots * i / nodes.size(); slot < slots * (i + 1) / nodes.size(); slot++) {
                addSlots.append(' ').append(slot);
            }
            expectOk(nodes.get(i).port(), addSlots.toString());
        }
        for (int i = 1; i < nodes.size(); i++) {
            expectOk(nodes.get(0).port(), "CLUSTER MEET 127.0.0.1 " + nodes.get(i).port());
        }
    }

    private static void expectOk(int port, String command) throws IOException {
        String reply = RedisServer.command(port, command);
        if (!reply.equals("+OK")) {
            throw new IOException("node " + port + " answered " + reply + " to " + command.split(" ")[1]);
        }
    }

    /** A port whose cluster bus port (port + 10000) is free too. */
    private static int clusterPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 30000);
            if (free(port) && free(port + 10000)) {
                return port;
            }
        }
        throw new IOException("no free port pair for a cluster node");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns the URI of one node, or the external cluster's. */
    String uri() {
        return nodes.get(0).uri();
    }

    static String externalUri() {
        String external = System.getProperty("heliograph.redis.cluster.uri");
        return external == null || external.isBlank() ? null : external;
    }

    @Override
    public void close() {
        for (RedisServer node : nodes) {
            node.close();
        }
    }
}
