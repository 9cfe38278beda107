package dev.heliograph.bench.session;

import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.redis.RedisSessionStore;
import io.lettuce.core.RedisClient;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Warm start from Redis: load a stored session. {@code load} goes through a connected store;
 * {@code connectAndLoad} is what a starting host does with a shared {@link RedisClient}: build a
 * store, connect, load, close. Redis is {@code -Dheliograph.redis.uri} (pass it with
 * {@code -jvmArgs}), else a {@code redis-server} from the PATH started for the run on loopback.
 */
public class RedisWarmStartBenchmark extends WarmStartBenchmark {

    private Process server;
    private String uri;
    private RedisClient client;

    /**
     * Starts Redis if needed and stores the session once.
     *
     * @throws Exception if Redis cannot be started
     */
    @Setup
    public void setUp() throws Exception {
        uri = System.getProperty("heliograph.redis.uri");
        if (uri == null) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path dir = Files.createTempDirectory("heliograph-bench-redis-");
            server = new ProcessBuilder(redisServer(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            awaitPort(port);
            uri = "redis://127.0.0.1:" + port;
        }
        client = RedisClient.create();
        storeTypicalSession(openStore());
    }

    /** Stops what the setup started. */
    @TearDown
    public void tearDown() throws InterruptedException {
        closeStore();
        client.shutdown();
        if (server != null) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Builds a store on the shared client, connects, loads, closes.
     *
     * @return the session
     */
    @Benchmark
    public SessionSnapshot connectAndLoad() {
        return loadAndClose(openStore());
    }

    private RedisSessionStore openStore() {
        return RedisSessionStore.builder().client(client).uri(uri).keyPrefix("bench:").build();
    }

    private static String redisServer() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("redis-server not on PATH; pass -jvmArgs -Dheliograph.redis.uri=redis://...");
    }

    private static void awaitPort(int port) throws IOException, InterruptedException {
        for (int i = 0; i < 500; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IOException("redis-server did not open port " + port);
    }
}
