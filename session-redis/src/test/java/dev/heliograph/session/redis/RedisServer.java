package dev.heliograph.session.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process started by the tests: the binary named by the system
 * property {@code heliograph.redis.server}, else {@code redis-server} on the PATH. Tests that only
 * need some Redis use {@link #shared()}, which honours {@code -Dheliograph.redis.uri} to point them
 * at an external server instead. Every process is killed on {@link #close()} and, should the test
 * JVM exit without it, by a shutdown hook.
 */
final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path directory;
    private final List<String> extraArgs;
    private Process process;

    private static RedisServer shared;

    private RedisServer(int port, Path directory, List<String> extraArgs) {
        this.port = port;
        this.directory = directory;
        this.extraArgs = extraArgs;
    }

    /**
     * Returns the URI of the Redis that tests share: {@code -Dheliograph.redis.uri}, else one
     * server started on first use and stopped when the JVM exits.
     */
    static synchronized String sharedUri() throws IOException {
        String external = System.getProperty("heliograph.redis.uri");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (shared == null) {
            shared = start(List.of());
        }
        return shared.uri();
    }

    /** Starts a server on a free port with extra {@code redis-server} arguments. */
    static RedisServer start(List<String> extraArgs) throws IOException {
        return start(freePort(), extraArgs);
    }

    static RedisServer start(int port, List<String> extraArgs) throws IOException {
        RedisServer server = new RedisServer(port, Files.createTempDirectory("heliograph-redis-"), extraArgs);
        server.startProcess();
        return server;
    }

    static String binary(String name) {
        String configured = System.getProperty("heliograph.redis.server");
        if (configured != null && !configured.isBlank()) {
            return name.equals("redis-server") ? configured
                    : Path.of(configured).resolveSibling(name).toString();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " not found on PATH: install it (Debian: apt-get install -y"
                + " redis-server), set -Dheliograph.redis.server=/path/to/redis-server, or point the tests at an"
                + " external server with -Dheliograph.redis.uri=redis://host:port");
    }

    void startProcess() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary("redis-server"),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--protected-mode", "no",
                "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--logfile", ""));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("redis.log").toFile()).start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        awaitPing(port, started, directory.resolve("redis.log"));
    }

    static void awaitPing(int port, Process process, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            if (command(port, "PING").startsWith("+PONG")) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("redis-server on port " + port + " did not answer PING in time");
    }

    /** Sends one inline command; returns the first line of the answer, or "" if nobody answered. */
    static String command(int port, String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().trim();
        } catch (IOException e) {
            return "";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    Process process() {
        return process;
    }

    /** Kills the server (SIGKILL), as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts the server again on the same port and data directory (after {@link #kill()}). */
    void restart() throws IOException {
        startProcess();
    }

    /** Sends a POSIX signal to the server (STOP freezes it, CONT resumes it). */
    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
