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
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm start from Redis: load a stored session. {@code load} goes through a connected store;
 * {@code connectAndLoad} is what a starting host does with a shared {@link RedisClient}: build a
 * store, connect, load, close. Redis is {@code -Dheliograph.redis.uri} (pass it with
 * {@code -jvmArgs}), else a {@code redis-server} from the PATH started for the run on loopback.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedisWarmStartBenchmark {

    private Process server;
    private String uri;
    private RedisClient client;
    private RedisSessionStore store;

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
        store = RedisSessionStore.builder().client(client).uri(uri).keyPrefix("bench:").build();
        store.replace("bench", BenchSessions.typical()).toCompletableFuture().join();
    }

    /** Stops what the setup started. */
    @TearDown
    public void tearDown() throws InterruptedException {
        store.close();
        client.shutdown();
        if (server != null) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Loads through the connected store.
     *
     * @return the session
     */
    @Benchmark
    public SessionSnapshot load() {
        return store.load("bench").toCompletableFuture().join();
    }

    /**
     * Builds a store on the shared client, connects, loads, closes.
     *
     * @return the session
     */
    @Benchmark
    public SessionSnapshot connectAndLoad() {
        try (RedisSessionStore fresh = RedisSessionStore.builder().client(client).uri(uri).keyPrefix("bench:")
                .build()) {
            return fresh.load("bench").toCompletableFuture().join();
        }
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
