package dev.heliograph.testkit;

import java.io.File;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process started by the tests (see {@link #binary()}): the one Redis
 * launcher of every module's tests. Tests that only need some Redis use {@link #sharedUri()}, which
 * honours {@code -Dheliograph.redis.uri} to point them at an external server instead. Every process
 * is killed on {@link #close()} and, should the test JVM exit without it, by a shutdown hook.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path directory;
    private final List<String> extraArgs;
    private Process process;

    /**
     * The shared server's password: it travels in the URI through the store, so the secrets scan
     * ({@code secrets-scan.sh}) checks that no log line or error carries it.
     */
    public static final String SHARED_PASSWORD = "sh4red-redis-it-pass-93c1";

    private static RedisServer shared;
    private String password;

    private RedisServer(int port, Path directory, List<String> extraArgs) {
        this.port = port;
        this.directory = directory;
        this.extraArgs = extraArgs;
    }

    /**
     * Returns the URI of the Redis that tests share: {@code -Dheliograph.redis.uri}, else one
     * server started on first use and stopped when the JVM exits.
     *
     * @return the URI
     * @throws IOException if no server could be started
     */
    public static synchronized String sharedUri() throws IOException {
        String external = System.getProperty("heliograph.redis.uri");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (shared == null) {
            RedisServer started = start(List.of("--requirepass", SHARED_PASSWORD));
            started.password = SHARED_PASSWORD;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            shared = started;
        }
        return shared.uri();
    }

    /**
     * Starts a server on a free port.
     *
     * @param extraArgs extra {@code redis-server} arguments
     * @return the running server
     * @throws IOException if it did not start
     */
    public static RedisServer start(List<String> extraArgs) throws IOException {
        return start(freePort(), extraArgs);
    }

    /**
     * Starts a server on a given port.
     *
     * @param port the port
     * @param extraArgs extra {@code redis-server} arguments
     * @return the running server
     * @throws IOException if it did not start
     */
    public static RedisServer start(int port, List<String> extraArgs) throws IOException {
        RedisServer server = new RedisServer(port, Files.createTempDirectory("heliograph-redis-"), extraArgs);
        server.startProcess();
        return server;
    }

    /**
     * Finds {@code redis-server}: {@code -Dheliograph.redis.server}, else the PATH, else the binary
     * that the embedded-redis test dependency ships for this platform (extracted once per JVM).
     *
     * @return the path of the binary
     * @throws IOException if the shipped binary cannot be extracted
     */
    public static synchronized String binary() throws IOException {
        String configured = System.getProperty("heliograph.redis.server");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        if (extracted == null) {
            extracted = extractShippedBinary();
        }
        return extracted.toString();
    }

    private static Path extracted;

    private static Path extractShippedBinary() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.contains("aarch64") || arch.contains("arm64");
        String resource;
        if (os.contains("linux")) {
            resource = arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
        } else if (os.contains("mac")) {
            resource = arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        } else {
            throw new IllegalStateException("no redis-server for " + os + "/" + arch + ": install one, or set"
                    + " -Dheliograph.redis.server=/path/to/redis-server or -Dheliograph.redis.uri=redis://host:port");
        }
        Path binDir = Files.createTempDirectory("heliograph-redis-bin-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(binDir)));
        Path target = binDir.resolve("redis-server");
        try (InputStream in = RedisServer.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("the embedded-redis test dependency lacks " + resource);
            }
            Files.copy(in, target);
        }
        if (!target.toFile().setExecutable(true, true)) {
            throw new IOException("cannot make " + target + " executable");
        }
        return target;
    }

    private void startProcess() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--protected-mode", "no",
                "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--logfile", ""));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("redis.log").toFile()).start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        awaitPing(port, started, directory.resolve("redis.log"));
    }

    private static void awaitPing(int port, Process process, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            String reply = command(port, "PING");
            // -NOAUTH: up, and wanting the password the tests give it
            if (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH")) {
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

    /**
     * Sends one inline command and returns the reply: a status or error line as it is ("+OK",
     * "-ERR ..."), a bulk string's content, an integer's digits; "" if nobody answered.
     *
     * @param port the server's port
     * @param inline the command, such as {@code "CLUSTER INFO"}
     * @return the reply
     */
    public static String command(int port, String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String line = readLine(in);
            if (line.startsWith("$")) {
                int length = Integer.parseInt(line.substring(1));
                return length < 0 ? "" : new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return line.startsWith(":") ? line.substring(1) : line;
        } catch (IOException e) {
            return "";
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    /**
     * Returns a port that was free a moment ago.
     *
     * @return the port
     * @throws IOException if no socket could be bound
     */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Returns the server's port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the server's URI.
     *
     * @return {@code redis://127.0.0.1:<port>}
     */
    public String uri() {
        return password == null ? "redis://127.0.0.1:" + port : "redis://:" + password + "@127.0.0.1:" + port;
    }

    /**
     * Returns the running process.
     *
     * @return the process
     */
    public Process process() {
        return process;
    }

    /**
     * Kills the server (SIGKILL), as a crash would.
     *
     * @throws InterruptedException if interrupted while waiting for it to die
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Starts the server again on the same port and data directory (after {@link #kill()}).
     *
     * @throws IOException if it did not start
     */
    public void restart() throws IOException {
        startProcess();
    }

    /**
     * Sends a POSIX signal to the server (STOP freezes it, CONT resumes it).
     *
     * @param name the signal's name
     * @throws IOException if {@code kill} cannot be run
     * @throws InterruptedException if interrupted while waiting for it
     */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** Kills the server and deletes its data directory. */
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
        deleteTree(directory);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
