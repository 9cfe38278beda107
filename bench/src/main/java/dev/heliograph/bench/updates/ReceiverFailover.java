package dev.heliograph.bench.updates;

import dev.heliograph.bench.LocalRedis;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.testdc.TestUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Update receiver failover: N bot host JVMs (the examples' {@code LeasedBotHost}, each from its own
 * loopback address) share one bot through Redis against the test DC (duplicate-key rule on), with
 * the default 3 s receiver lease; a test user sends a message every 50 ms. Each round kills the
 * receiver with SIGKILL and measures, from the kill, (a) until a surviving host reports
 * {@code receiver gained} (it holds the lease and has loaded the stored update state) and (b) until
 * the first message is handled again (by the new receiver, after its {@code updates.getDifference});
 * then the killed host is started again (same id and address) and becomes a follower. Prints every
 * round and p50/p99 of both.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * java -cp bench/target/benchmarks.jar dev.heliograph.bench.updates.ReceiverFailover \
 *     examples/target/heliograph-examples.jar [kills 20] [hosts 3]
 * </pre>
 */
public final class ReceiverFailover {

    private static final App APP = App.of(94577, "6a2c0a9d3b7e48a2c6d4e1f0a9b8c7d7");
    private static final Bot BOT = Bot.fromToken("1000005:AAfailoverFailoverFailoverFail05", "failover_bot",
            "Failover", 4);

    /** A line a host printed, and when it arrived. */
    private record Line(int host, String text, long atNanos) {
    }

    private ReceiverFailover() {
    }

    /**
     * Runs the rounds.
     *
     * @param args the examples jar, the number of kills (20) and of hosts (3)
     * @throws Exception if a process cannot start or a round does not end
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ReceiverFailover <heliograph-examples.jar> [kills] [hosts]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int kills = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int hostCount = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Files.createTempDirectory("heliograph-failover");
        BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
        List<Process> hosts = new ArrayList<>(Collections.nCopies(hostCount, null));
        AtomicBoolean sending = new AtomicBoolean(true);
        try (LocalRedis redis = LocalRedis.start();
             TestCluster cluster = TestCluster.builder().app(APP).bot(BOT).rpcLog(null).start()) {
            Path pem = dir.resolve("test-dc.pem");
            Files.writeString(pem, cluster.publicKeyPem());
            List<String> base = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", jar.toString(), "dev.heliograph.examples.LeasedBotHost",
                    "--session", "failover", "--trust-key", pem.toString(), "--stay-ms", "86400000",
                    "--call-every-ms", "1000", "--pfs", "off", "--handle", "on",
                    "--lease-ms", "3000", "--release-grace-ms", "1000", "--expiry-grace-ms", "4000"));
            for (TestDc dc : cluster.dcs()) {
                base.add("--dc");
                base.add(dc.id() + "=127.0.0.1:" + dc.port());
            }
            for (int i = 0; i < hostCount; i++) {
                hosts.set(i, start(base, i, redis.uri(), lines));
            }
            int receiver = awaitLine(lines, "receiver gained", -1, 120).host();
            TestUser user = cluster.addUser("9996649876", "Ticker", "ticker");
            Thread sender = new Thread(() -> {
                int n = 0;
                while (sending.get()) {
                    user.sendMessage(BOT, "tick-" + n++);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "sender");
            sender.setDaemon(true);
            sender.start();
            awaitLine(lines, "handled ", receiver, 60);
            System.out.printf("%d hosts; receiver lease 3 s; a message every 50 ms; load %s%n", hostCount,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            List<Long> gained = new ArrayList<>();
            List<Long> handled = new ArrayList<>();
            for (int round = 1; round <= kills; round++) {
                lines.clear();
                hosts.get(receiver).destroyForcibly();
                long killed = System.nanoTime();
                int dead = receiver;
                Line gain = awaitLine(lines, "receiver gained", -1, 60);
                Line first = awaitLine(lines, "handled ", gain.host(), 60);
                gained.add(TimeUnit.NANOSECONDS.toMillis(gain.atNanos() - killed));
                handled.add(TimeUnit.NANOSECONDS.toMillis(first.atNanos() - killed));
                System.out.printf("kill %2d: host-%d -> host-%d, lease taken %5d ms, first update handled %5d ms%n",
                        round, dead, gain.host(), gained.get(round - 1), handled.get(round - 1));
                receiver = gain.host();
                hosts.get(dead).waitFor();
                hosts.set(dead, start(base, dead, redis.uri(), lines));
                awaitLine(lines, "logged in", dead, 120);
                Thread.sleep(500);
            }
            System.out.printf("failover over %d SIGKILLs of the receiver: kill -> lease taken p50 %d ms, p99 %d ms;"
                    + " kill -> first update handled p50 %d ms, p99 %d ms%n", kills, percentile(gained, 50),
                    percentile(gained, 99), percentile(handled, 50), percentile(handled, 99));
        } finally {
            sending.set(false);
            for (Process p : hosts) {
                if (p != null) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static Process start(List<String> base, int index, String redisUri, BlockingQueue<Line> lines)
            throws IOException {
        List<String> command = new ArrayList<>(base);
        command.addAll(List.of("--host-id", "host-" + index, "--local-address", "127.0.0." + (2 + index)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("TG_API_ID", Integer.toString(APP.apiId()));
        env.put("TG_API_HASH", APP.apiHash());
        env.put("TG_BOT_TOKEN", BOT.token());
        env.put("HELIOGRAPH_REDIS_URI", redisUri);
        Process p = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(new Line(index, line, System.nanoTime()));
                }
            } catch (IOException e) {
                // the host died: its lines end
            }
        }, "host-" + index);
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    /** The next line starting with {@code prefix} (from {@code host}, or any host if -1); others are dropped. */
    private static Line awaitLine(BlockingQueue<Line> lines, String prefix, int host, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Line line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.text().startsWith(prefix) && (host < 0 || line.host() == host)) {
                return line;
            }
            if (line != null && line.text().startsWith("failed")) {
                throw new IllegalStateException("host-" + line.host() + ": " + line.text());
            }
        }
        throw new IllegalStateException("no '" + prefix + "' within " + seconds + " s");
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
