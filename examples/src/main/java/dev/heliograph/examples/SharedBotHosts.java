package dev.heliograph.examples;

import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.Execution;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestDc;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * N bot hosts sharing one bot through Redis: N processes on this machine start at once, each a
 * separate JVM running {@link BotLoginDemo} against the embedded test DC cluster (which runs in this
 * JVM) with the Redis session store. The store's create-once coordination makes exactly one key
 * exchange happen per DC across all of them; each host still runs its own MTProto session
 * (session_id). A host started afterwards does no key exchange at all.
 *
 * <pre>
 * java -cp examples/target/heliograph-examples.jar dev.heliograph.examples.SharedBotHosts [--hosts N] [--redis-url URL]
 * </pre>
 * Without {@code --redis-url} it starts {@code redis-server} from the PATH on a free port.
 */
public final class SharedBotHosts {

    static final App APP = App.of(94576, "5f1c0a9d3b7e48a2c6d4e1f0a9b8c7d6");
    static final Bot BOT = Bot.fromToken("1000003:AAsharedSharedSharedSharedShared3", "shared_demo_bot",
            "Shared Demo", 4);

    private SharedBotHosts() {
    }

    /**
     * What one phase (hosts started together) did.
     *
     * @param hosts how many hosts ran
     * @param loggedIn how many printed a successful login
     * @param keyExchanges key exchanges per DC during the phase
     * @param sessionIds distinct MTProto session ids seen on the bot's home DC during the phase
     */
    record Phase(int hosts, int loggedIn, Map<Integer, Integer> keyExchanges, int sessionIds) {
        int totalKeyExchanges() {
            return keyExchanges.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * Runs the demo and exits with its status.
     *
     * @param args {@code --hosts N}, {@code --redis-url URL}
     * @throws Exception if a process cannot be started
     */
    public static void main(String[] args) throws Exception {
        int hosts = 4;
        String redisUrl = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--hosts" -> hosts = Integer.parseInt(args[i + 1]);
                case "--redis-url" -> redisUrl = args[i + 1];
                default -> {
                    System.out.println("usage: SharedBotHosts [--hosts N] [--redis-url URL]");
                    System.exit(2);
                }
            }
        }
        List<Phase> phases = run(hosts, redisUrl, Files.createTempDirectory("heliograph-hosts"), System.out);
        boolean ok = phases.get(0).loggedIn() == hosts && phases.get(1).loggedIn() == 1
                && phases.get(1).totalKeyExchanges() == 0;
        System.exit(ok ? 0 : 1);
    }

    /**
     * Runs {@code hosts} hosts at once, then one more.
     *
     * @param hosts how many hosts start together
     * @param redisUrl the Redis to share, or {@code null} to start one
     * @param dir a work folder (the trusted key file, Redis' folder)
     * @param out where to print
     * @return the two phases
     * @throws IOException if a process cannot be started
     * @throws InterruptedException if interrupted
     */
    static List<Phase> run(int hosts, String redisUrl, Path dir, PrintStream out)
            throws IOException, InterruptedException {
        Process redis = null;
        String uri = redisUrl;
        if (uri == null) {
            int port = freePort();
            redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            uri = "redis://127.0.0.1:" + port;
            awaitPort(port, redis);
            out.println("started redis-server at " + uri);
        }
        try (TestCluster cluster = TestCluster.builder().app(APP).bot(BOT).rpcLog(line -> { }).start()) {
            Path pem = dir.resolve("test-dc.pem");
            Files.writeString(pem, cluster.publicKeyPem());
            String session = "shared-" + Long.toHexString(System.nanoTime());
            out.println("bot @" + BOT.username() + " (home DC " + BOT.homeDc() + "), session '" + session
                    + "' shared through " + uri.replaceFirst("//[^@/]*@", "//***@"));
            Phase together = phase(cluster, hosts, uri, session, pem, dir, out);
            Phase later = phase(cluster, 1, uri, session, pem, dir, out);
            out.println(hosts + " hosts at once: " + together.loggedIn() + " logged in, key exchanges per DC "
                    + together.keyExchanges() + ", " + together.sessionIds() + " distinct session ids on DC "
                    + BOT.homeDc());
            out.println("1 host later: " + later.loggedIn() + " logged in, key exchanges "
                    + later.totalKeyExchanges());
            return List.of(together, later);
        } finally {
            if (redis != null) {
                redis.destroyForcibly();
            }
        }
    }

    private static Phase phase(TestCluster cluster, int hosts, String redisUri, String session, Path pem,
            Path dir, PrintStream out) throws InterruptedException {
        Map<Integer, Integer> before = exchanges(cluster);
        int executionsBefore = cluster.dc(BOT.homeDc()).executions().size();
        List<CompletableFuture<String>> outputs = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            outputs.add(CompletableFuture.supplyAsync(() -> host(cluster, redisUri, session, pem, dir)));
        }
        int loggedIn = 0;
        for (int i = 0; i < hosts; i++) {
            String text = outputs.get(i).join();
            String login = text.lines().filter(l -> l.contains("logged in as") || l.contains("failed"))
                    .findFirst().orElse("no result:\n" + text);
            if (login.contains("logged in as")) {
                loggedIn++;
            }
            long keys = text.lines().filter(l -> l.contains("key exchange with")).count();
            out.println("  host " + (i + 1) + ": " + login.replaceFirst("^\\[ *\\d+ ms\\] ", "") + "; key exchanges here: "
                    + keys);
        }
        Map<Integer, Integer> after = exchanges(cluster);
        Map<Integer, Integer> delta = new TreeMap<>();
        after.forEach((dc, n) -> {
            int d = n - before.getOrDefault(dc, 0);
            if (d != 0) {
                delta.put(dc, d);
            }
        });
        List<Execution> executions = cluster.dc(BOT.homeDc()).executions();
        Set<Long> sessions = executions.subList(executionsBefore, executions.size()).stream()
                .map(Execution::sessionId).collect(Collectors.toSet());
        return new Phase(hosts, loggedIn, delta, sessions.size());
    }

    /** Runs one host: a separate JVM running the bot login demo with the Redis store. */
    private static String host(TestCluster cluster, String redisUri, String session, Path pem, Path dir) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Short-lived hosts: favour start-up time over peak throughput.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), BotLoginDemo.class.getName(),
                "--store", "redis", "--session", session,
                // The hosts share one permanent key per DC. Each would bind its own temporary key to
                // it, and a permanent key has one bound temporary key at a time: they would unbind
                // each other's. Perfect forward secrecy needs a permanent key per host.
                "--no-pfs",
                "--trust-key", pem.toString(), "--dir", dir.toString()));
        for (TestDc dc : cluster.dcs()) {
            command.add("--dc");
            command.add(dc.id() + "=" + dc.host() + ":" + dc.port());
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // Secrets go through the environment, never the command line (visible to every user).
        Map<String, String> env = pb.environment();
        env.put("TG_API_ID", Integer.toString(APP.apiId()));
        env.put("TG_API_HASH", APP.apiHash());
        env.put("TG_BOT_TOKEN", BOT.token());
        env.put("HELIOGRAPH_REDIS_URI", redisUri);
        try {
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "failed: timed out\n" + text;
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "failed: interrupted";
        }
    }

    private static Map<Integer, Integer> exchanges(TestCluster cluster) {
        Map<Integer, Integer> m = new HashMap<>();
        for (TestDc dc : cluster.dcs()) {
            m.put(dc.id(), dc.keyExchanges());
        }
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(1000);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("redis-server did not start (is it installed?)", e);
                }
                Thread.sleep(50);
            }
        }
    }
}
