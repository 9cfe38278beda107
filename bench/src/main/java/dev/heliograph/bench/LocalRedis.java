package dev.heliograph.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Redis a benchmark talks to: {@code -Dheliograph.redis.uri} when given (pass it with
 * {@code -jvmArgs}), else a {@code redis-server} from the PATH started on a free loopback port for
 * the run and stopped by {@link #close()}.
 */
public final class LocalRedis implements AutoCloseable {

    private final Process server;
    private final String uri;

    private LocalRedis(Process server, String uri) {
        this.server = server;
        this.uri = uri;
    }

    /**
     * Uses the configured Redis or starts one.
     *
     * @return the running Redis
     * @throws IOException if redis-server cannot be started
     * @throws InterruptedException if interrupted while it starts
     */
    public static LocalRedis start() throws IOException, InterruptedException {
        String configured = System.getProperty("heliograph.redis.uri");
        if (configured != null) {
            return new LocalRedis(null, configured);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("heliograph-bench-redis-");
        Process server = new ProcessBuilder(redisServer(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        awaitPort(port);
        return new LocalRedis(server, "redis://127.0.0.1:" + port);
    }

    /**
     * Returns the Redis URI.
     *
     * @return such as {@code redis://127.0.0.1:6379}
     */
    public String uri() {
        return uri;
    }

    /** Stops the server this run started, if any. */
    @Override
    public void close() {
        if (server != null) {
            server.destroyForcibly();
            try {
                server.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
