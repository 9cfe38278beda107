package dev.heliograph.session.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A 3-node Redis Cluster of real {@code redis-server} processes (no replicas), created with
 * {@code redis-cli --cluster create}. {@code -Dheliograph.redis.cluster.uri} points the tests at an
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
            List<String> create = new ArrayList<>(List.of(RedisServer.binary("redis-cli"), "--cluster", "create"));
            for (RedisServer node : cluster.nodes) {
                create.add("127.0.0.1:" + node.port());
            }
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process cli = new ProcessBuilder(create).redirectErrorStream(true).start();
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cli.waitFor(60, TimeUnit.SECONDS) || cli.exitValue() != 0) {
                throw new IOException("redis-cli --cluster create failed: " + output);
            }
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

    private static String clusterInfo(int port) throws IOException, InterruptedException {
        Process cli = new ProcessBuilder(RedisServer.binary("redis-cli"), "-p", Integer.toString(port), "cluster",
                "info").redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        cli.waitFor(10, TimeUnit.SECONDS);
        return output;
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
