package dev.heliograph.examples;

import dev.heliograph.session.redis.RedisSessionStore;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.Execution;
import dev.heliograph.testdc.PrivateMessage;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.testdc.TestUser;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * N bot hosts sharing one bot through Redis, as Telegram allows it: N processes on this machine,
 * each a separate JVM running {@link LeasedBotHost} from its own loopback address (127.0.0.2,
 * 127.0.0.3, ...) against the embedded test DC cluster (in this JVM, with its duplicate-key rule
 * on: one key used from two addresses at once is revoked with {@code 406 AUTH_KEY_DUPLICATED}).
 * Each host leases an auth key of its own from the session's pool in Redis; a host creates a key
 * and logs the bot in on it only when no key is free, so N hosts make at most N bot logins. A host
 * started after the others stopped takes a freed key after its grace: no key exchange, no login.
 *
 * <pre>
 * java -cp examples/target/heliograph-examples.jar dev.heliograph.examples.SharedBotHosts [--hosts N] [--redis-url URL]
 * </pre>
 * Without {@code --redis-url} it starts {@code redis-server} from the PATH on a free port. Linux
 * routes all of 127.0.0.0/8 to the loopback interface, so the hosts' addresses need no setup.
 */
public final class SharedBotHosts {

    static final App APP = App.of(94576, "5f1c0a9d3b7e48a2c6d4e1f0a9b8c7d6");
    static final Bot BOT = Bot.fromToken("1000003:AAsharedSharedSharedSharedShared3", "shared_demo_bot",
            "Shared Demo", 4);

    /** Short leases so that the demo and its tests do not wait long: 3 s lease, 1 s / 4 s graces. */
    static final List<String> FAST_LEASES = List.of("--lease-ms", "3000", "--release-grace-ms", "1000",
            "--expiry-grace-ms", "4000");

    /** How many test users write to the bot when the hosts answer messages. */
    static final int USERS = 8;

    /** The fan-out settings of the answering hosts: 16 shards, 2 s shard leases (a dead host's shards move within about 2 s). */
    static final List<String> FANOUT = List.of("--fanout-shards", "16", "--fanout-lease-ms", "2000");

    private SharedBotHosts() {
    }

    static String userPhone(int i) {
        return "99966" + (31000 + i);
    }

    /**
     * What the answering run did.
     *
     * @param hosts how many hosts ran
     * @param messages how many messages the users sent
     * @param handled how many of them a handler ran for (on any host)
     * @param answered how many of them got an answer
     * @param repeated answers beyond the first to one message
     * @param millis from the first message to the last answer
     * @param killed the hosts killed with SIGKILL mid-stream: a consumer, then the receiver
     * @param quarantined entries the hosts quarantined (bad input)
     * @param unavailable reports of the fan-out failing ({@code FANOUT_UNAVAILABLE}: Redis away)
     * @param handlerReruns handler runs for a message whose handler had run already (on any host);
     *     the answers they sent are the repeats the server dropped by their {@code random_id}
     */
    record Answers(int hosts, int messages, long handled, int answered, int repeated, long millis,
            List<String> killed, long quarantined, long unavailable, long handlerReruns) {
    }

    /**
     * What one phase (hosts started together) did.
     *
     * @param hosts how many hosts ran
     * @param loggedIn how many printed a successful login
     * @param keyExchanges key exchanges per DC during the phase
     * @param botLogins {@code auth.importBotAuthorization} calls the DCs executed during the phase
     * @param duplicated calls the DCs answered with {@code AUTH_KEY_DUPLICATED} during the phase
     * @param sessionIds distinct MTProto session ids seen on the bot's home DC during the phase
     * @param homeLeases leases of home-DC keys the hosts reported ({@code key created|reused}): a host
     *     that lost its lease (starved past it) and took a key again starts a new MTProto session on it
     */
    record Phase(int hosts, int loggedIn, Map<Integer, Integer> keyExchanges, long botLogins, long duplicated,
            int sessionIds, int homeLeases) {
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
        int messages = 0;
        long echoMillis = 0;
        boolean kill = false;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--hosts" -> hosts = Integer.parseInt(args[i + 1]);
                case "--redis-url" -> redisUrl = args[i + 1];
                case "--messages" -> messages = Integer.parseInt(args[i + 1]);
                case "--echo-ms" -> echoMillis = Long.parseLong(args[i + 1]);
                case "--kill" -> kill = Boolean.parseBoolean(args[i + 1]);
                default -> {
                    System.out.println("usage: SharedBotHosts [--hosts N] [--redis-url URL]"
                            + " [--messages N [--echo-ms N] [--kill true]]");
                    System.exit(2);
                }
            }
        }
        if (messages > 0) {
            Answers a = answer(hosts, messages, echoMillis, kill, false, false, redisUrl,
                    Files.createTempDirectory("heliograph-hosts"), System.out);
            System.exit(a.answered() == messages && a.repeated() == 0 ? 0 : 1);
        }
        List<Phase> phases = run(hosts, redisUrl, Files.createTempDirectory("heliograph-hosts"), System.out);
        Phase together = phases.get(0);
        Phase later = phases.get(1);
        boolean ok = together.loggedIn() == hosts && together.duplicated() == 0 && together.botLogins() <= hosts
                && later.loggedIn() == 1 && later.totalKeyExchanges() == 0 && later.botLogins() == 0;
        System.exit(ok ? 0 : 1);
    }

    /** A running test DC cluster, its log of answers, the trusted key file and Redis. */
    static final class Fleet implements AutoCloseable {
        final TestCluster cluster;
        final List<String> rpcLog = new CopyOnWriteArrayList<>();
        final Path pem;
        final Path dir;
        final String redisUri;
        final String session = "shared-" + Long.toHexString(System.nanoTime());
        private final List<String> redisCommand;
        private Process redis;

        Fleet(String redisUrl, Path dir) throws IOException, InterruptedException {
            this.dir = dir;
            if (redisUrl == null) {
                int port = freePort();
                // Every write on disk before it is answered, so that a restart (restartRedis) loses nothing.
                redisCommand = List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString());
                redisUri = "redis://127.0.0.1:" + port;
                startRedis();
            } else {
                redisCommand = null;
                redisUri = redisUrl;
            }
            TestCluster.Builder builder = TestCluster.builder().app(APP).bot(BOT).rpcLog(rpcLog::add);
            for (int i = 0; i < USERS; i++) {
                builder.user(userPhone(i), "User " + i, "fanout_user_" + i);
            }
            cluster = builder.start();
            pem = dir.resolve("test-dc.pem");
            Files.writeString(pem, cluster.publicKeyPem());
        }

        private void startRedis() throws IOException, InterruptedException {
            redis = new ProcessBuilder(redisCommand).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
            awaitPort(Integer.parseInt(redisCommand.get(2)), redis);
        }

        /**
         * Kills the Redis this fleet started (SIGKILL), waits, and starts it again on its port and
         * append-only file.
         *
         * @param down how long it stays down
         * @throws IOException if it does not start again
         * @throws InterruptedException if interrupted
         */
        void restartRedis(Duration down) throws IOException, InterruptedException {
            redis.destroyForcibly();
            redis.waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(down.toMillis());
            startRedis();
        }

        /** Bot logins the DCs executed. */
        long botLogins() {
            return rpcLog.stream().filter(l -> l.contains("method=auth.importBotAuthorization ")
                    && l.endsWith("result=ok")).count();
        }

        /** Calls the DCs answered with 406 AUTH_KEY_DUPLICATED. */
        long duplicated() {
            return rpcLog.stream().filter(l -> l.contains("AUTH_KEY_DUPLICATED")).count();
        }

        /**
         * Starts one host.
         *
         * @param index the host's number: it binds 127.0.0.(2 + index) and is host-(index)
         * @param extra more options for {@link LeasedBotHost}
         * @return the process (its output is merged into its standard output)
         * @throws IOException if it cannot start
         */
        Process start(int index, List<String> extra) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // Many small short-lived JVMs on a small machine: start-up over peak speed.
                    "-Xmx48m", "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                    "-XX:CICompilerCount=1", "-cp", System.getProperty("java.class.path"),
                    LeasedBotHost.class.getName(), "--session", session, "--host-id", "host-" + index,
                    "--local-address", "127.0.0." + (2 + index), "--trust-key", pem.toString()));
            for (TestDc dc : cluster.dcs()) {
                command.add("--dc");
                command.add(dc.id() + "=127.0.0.1:" + dc.port());
            }
            command.addAll(extra);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            // Secrets go through the environment, never the command line (visible to every user).
            Map<String, String> env = pb.environment();
            env.put("TG_API_ID", Integer.toString(APP.apiId()));
            env.put("TG_API_HASH", APP.apiHash());
            env.put("TG_BOT_TOKEN", BOT.token());
            env.put("HELIOGRAPH_REDIS_URI", redisUri);
            return pb.start();
        }

        @Override
        public void close() {
            cluster.close();
            if (redis != null) {
                redis.destroyForcibly();
            }
        }
    }

    /**
     * Runs {@code hosts} hosts at once (each stays 8 s, calling every 500 ms, so that they hold
     * their keys together), then one more host once they stopped.
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
        try (Fleet fleet = new Fleet(redisUrl, dir)) {
            out.println("bot @" + BOT.username() + " (home DC " + BOT.homeDc() + "), session '" + fleet.session
                    + "' shared through " + fleet.redisUri.replaceFirst("//[^@/]*@", "//***@"));
            // Sixteen JVMs starting at once on 2 cores starve each other for seconds, longer than a 3 s
            // lease's renewal window (2.25 s), and a starved host rightly gives its key up: the sixteen
            // keep the default 15 s lease; only the graces stay short so the late host need not wait.
            List<String> stay = new ArrayList<>(List.of("--release-grace-ms", "1000", "--expiry-grace-ms", "4000",
                    "--stay-ms", "8000"));
            Phase together = phase(fleet, 0, hosts, stay, out);
            Thread.sleep(Duration.ofMillis(1200).toMillis());
            Phase later = phase(fleet, hosts, 1, FAST_LEASES, out);
            out.println(hosts + " hosts at once: " + together.loggedIn() + " logged in, " + together.botLogins()
                    + " bot logins, key exchanges per DC " + together.keyExchanges() + ", "
                    + together.duplicated() + " AUTH_KEY_DUPLICATED, " + together.sessionIds()
                    + " distinct session ids on DC " + BOT.homeDc() + " over " + together.homeLeases() + " key leases");
            out.println("1 host later: " + later.loggedIn() + " logged in, " + later.botLogins() + " bot logins, "
                    + later.totalKeyExchanges() + " key exchanges");
            return List.of(together, later);
        }
    }

    /**
     * N hosts answer the messages of {@value #USERS} test users: each host runs the same
     * {@code onMessage} handler, and the Redis Streams fan-out spreads the messages over them, one
     * host per chat at a time. With {@code kill}, a consumer host is killed with SIGKILL once a
     * third of the messages are answered, and the update receiver once two thirds are: the
     * consumer's chats move to the others, and another host takes the receiver role and fetches
     * what it missed. Every message must be answered
     * exactly once (counted from what the users received).
     *
     * @param hosts how many host JVMs
     * @param messages how many messages the users send
     * @param echoMillis how long the handler waits before it answers
     * @param kill whether to kill a host mid-stream
     * @param badEntry whether to put an entry that does not decode into a stream mid-run (it must
     *     be quarantined, reported to a host's listener, and nothing else disturbed)
     * @param restartRedis whether to kill Redis (SIGKILL) once half the messages are answered and
     *     start it again a second later, on its append-only file
     * @param redisUrl the Redis to share, or {@code null} to start one
     * @param dir a work folder
     * @param out where to print
     * @return what happened
     * @throws IOException if a process cannot be started
     * @throws InterruptedException if interrupted
     */
    static Answers answer(int hosts, int messages, long echoMillis, boolean kill, boolean badEntry,
            boolean restartRedis, String redisUrl, Path dir, PrintStream out) throws IOException, InterruptedException {
        try (Fleet fleet = new Fleet(redisUrl, dir)) {
            List<String> extra = new ArrayList<>(FAST_LEASES);
            extra.addAll(FANOUT);
            extra.addAll(List.of("--pfs", "off", "--stay-ms", "-1", "--echo-ms", Long.toString(echoMillis),
                    "--receiver-lease-ms", "2000"));
            List<Process> processes = new ArrayList<>();
            List<List<String>> outputs = new ArrayList<>();
            try {
                for (int i = 0; i < hosts; i++) {
                    Process p = fleet.start(i, extra);
                    processes.add(p);
                    List<String> lines = new CopyOnWriteArrayList<>();
                    outputs.add(lines);
                    Thread reader = new Thread(() -> p.inputReader(StandardCharsets.UTF_8).lines().forEach(lines::add));
                    reader.setDaemon(true);
                    reader.start();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                while (outputs.stream().anyMatch(l -> l.stream().noneMatch(x -> x.startsWith("logged in")))) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("not every host logged in: " + outputs);
                    }
                    Thread.sleep(50);
                }
                out.println(hosts + " hosts logged in; " + USERS + " users send " + messages + " messages"
                        + (echoMillis > 0 ? " (the handler waits " + echoMillis + " ms)" : "")
                        + (kill ? "; a consumer host is killed (SIGKILL) after a third, the receiver after two"
                                : ""));
                List<TestUser> users = new ArrayList<>();
                for (int i = 0; i < USERS; i++) {
                    users.add(fleet.cluster.user(userPhone(i)));
                }
                long start = System.nanoTime();
                Thread sender = new Thread(() -> {
                    for (int n = 0; n < messages; n++) {
                        users.get(n % USERS).sendMessage(BOT, "m" + n);
                    }
                });
                sender.start();
                if (badEntry) {
                    writeBadEntry(fleet);
                }
                List<String> killed = new ArrayList<>();
                boolean restarted = false;
                long last = System.nanoTime();
                int answered = 0;
                // Answers stop coming for 60 s (a host's shards move within seconds): give up.
                while (answered < messages && System.nanoTime() - last < TimeUnit.SECONDS.toNanos(60)) {
                    Thread.sleep(100);
                    int now = answers(users).size();
                    if (now > answered) {
                        answered = now;
                        last = System.nanoTime();
                    }
                    if (kill && killed.isEmpty() && answered >= messages / 3) {
                        int consumer = receiver(outputs, processes) == 0 ? 1 : 0;
                        processes.get(consumer).destroyForcibly();
                        killed.add("host-" + consumer);
                        out.println("  killed host-" + consumer + " (SIGKILL, a consumer) after " + answered
                                + " answers");
                    }
                    if (kill && killed.size() == 1 && answered >= messages * 2 / 3) {
                        int receiver = receiver(outputs, processes);
                        processes.get(receiver).destroyForcibly();
                        killed.add("host-" + receiver);
                        out.println("  killed host-" + receiver + " (SIGKILL, the update receiver) after " + answered
                                + " answers");
                    }
                    if (restartRedis && !restarted && answered >= messages / 2) {
                        restarted = true;
                        fleet.restartRedis(Duration.ofSeconds(1));
                        out.println("  Redis killed (SIGKILL) after " + answered + " answers, up again 1 s later");
                    }
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(last - start);
                sender.join();
                Thread.sleep(1000);
                Map<String, Integer> counts = answers(users);
                int repeated = counts.values().stream().mapToInt(c -> c - 1).sum();
                long quarantined = outputs.stream().flatMap(List::stream).filter(l -> l.startsWith("quarantined")).count();
                long unavailable = outputs.stream().flatMap(List::stream)
                        .filter(l -> l.startsWith("update problem FANOUT_UNAVAILABLE")).count();
                List<String> runs = outputs.stream().flatMap(List::stream).filter(l -> l.startsWith("echo ")).toList();
                long handled = runs.stream().distinct().count();
                long reruns = runs.size() - handled;
                Answers result = new Answers(hosts, messages, handled, counts.size(), repeated, millis, killed,
                        quarantined, unavailable, reruns);
                out.println("  " + handled + " of " + messages + " messages handled, " + result.answered()
                        + " answered, " + repeated
                        + " answered more than once, in " + millis + " ms (" + (millis == 0 ? 0
                        : messages * 1000L / millis) + " messages/s); " + quarantined + " entries quarantined; "
                        + reruns + " handler runs repeated a message (their answers dropped by random_id)");
                for (int i = 0; i < hosts; i++) {
                    outputs.get(i).stream().filter(l -> l.startsWith("update problem") || l.startsWith("handler failed")
                            || l.startsWith("failed")).limit(5).forEach(l -> out.println("  " + l));
                }
                return result;
            } finally {
                for (Process p : processes) {
                    p.getOutputStream().close();
                }
                for (Process p : processes) {
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        }
    }

    /** Puts an entry that is not a TL update into shard 0's stream, as a broken writer would. */
    private static void writeBadEntry(Fleet fleet) {
        RedisClient client = RedisClient.create(fleet.redisUri);
        try (RedisSessionStore keys = RedisSessionStore.builder().uri(fleet.redisUri).build();
             StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().xadd(keys.fanoutKey(fleet.session, "0"), Map.of("k", "u0", "d", "bad-1", "u", "not TL"));
        } finally {
            client.shutdown();
        }
    }

    /** A live host whose last word on the update receiver role is {@code receiver gained}. */
    private static int receiver(List<List<String>> outputs, List<Process> processes) {
        for (int i = 0; i < outputs.size(); i++) {
            List<String> lines = outputs.get(i);
            for (int n = lines.size() - 1; n >= 0 && processes.get(i).isAlive(); n--) {
                if (lines.get(n).startsWith("receiver ")) {
                    if (lines.get(n).startsWith("receiver gained")) {
                        return i;
                    }
                    break;
                }
            }
        }
        throw new IllegalStateException("no live host says it is the update receiver");
    }

    /** Per message text, how many answers the users got. */
    private static Map<String, Integer> answers(List<TestUser> users) {
        Map<String, Integer> counts = new HashMap<>();
        for (TestUser u : users) {
            for (PrivateMessage m : u.messages(BOT.id())) {
                if (!m.out() && m.text().startsWith("re: ")) {
                    counts.merge(m.text(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static Phase phase(Fleet fleet, int first, int hosts, List<String> extra, PrintStream out)
            throws InterruptedException {
        Map<Integer, Integer> before = exchanges(fleet.cluster);
        long loginsBefore = fleet.botLogins();
        long duplicatedBefore = fleet.duplicated();
        int executionsBefore = fleet.cluster.dc(BOT.homeDc()).executions().size();
        List<CompletableFuture<String>> outputs = new ArrayList<>();
        for (int i = first; i < first + hosts; i++) {
            int index = i;
            outputs.add(CompletableFuture.supplyAsync(() -> host(fleet, index, extra)));
        }
        int loggedIn = 0;
        int homeLeases = 0;
        for (int i = 0; i < hosts; i++) {
            String text = outputs.get(i).join();
            homeLeases += (int) text.lines().filter(l -> l.matches("key (created|reused) " + BOT.homeDc() + " .*"))
                    .count();
            String login = text.lines().filter(l -> l.contains("logged in as") || l.startsWith("failed"))
                    .findFirst().orElse("no result:\n" + text);
            if (login.contains("logged in as")) {
                loggedIn++;
            }
            out.println("  host-" + (first + i) + " (127.0.0." + (2 + first + i) + "): " + login + "; "
                    + text.lines().filter(l -> l.startsWith("key ")).collect(Collectors.joining(", ")));
        }
        Map<Integer, Integer> after = exchanges(fleet.cluster);
        Map<Integer, Integer> delta = new TreeMap<>();
        after.forEach((dc, n) -> {
            int d = n - before.getOrDefault(dc, 0);
            if (d != 0) {
                delta.put(dc, d);
            }
        });
        List<Execution> executions = fleet.cluster.dc(BOT.homeDc()).executions();
        Set<Long> sessions = executions.subList(executionsBefore, executions.size()).stream()
                .map(Execution::sessionId).collect(Collectors.toSet());
        return new Phase(hosts, loggedIn, delta, fleet.botLogins() - loginsBefore,
                fleet.duplicated() - duplicatedBefore, sessions.size(), homeLeases);
    }

    /** Runs one host to its end and returns its output. */
    private static String host(Fleet fleet, int index, List<String> extra) {
        try {
            Process p = fleet.start(index, extra);
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
