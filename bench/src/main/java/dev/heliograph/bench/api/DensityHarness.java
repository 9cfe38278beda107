package dev.heliograph.bench.api;

import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.DcMap;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.crypto.impl.RsaPem;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.transport.DcEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The api density target: N logged-in bot clients in one JVM, idle with keepalive, against the
 * test DC in a separate process; target at most 16 KiB of client heap per session and at most 8
 * client threads in total.
 *
 * <p>Starts {@code TestClusterMain} in a child JVM (same java, same class path), reads its DC
 * endpoints and trusts the public key it writes, then builds N clients (in-memory session store,
 * one session name each), logs each in as the same bot with at most 64 logins in flight, lets
 * them idle, and prints the heap and live threads above the baseline taken before the first
 * client was built.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -Pbenchmarks -DskipTests
 * java -cp bench/target/benchmarks.jar dev.heliograph.bench.api.DensityHarness 10000
 * </pre>
 */
public final class DensityHarness {

    private static final int API_ID = 50002;
    private static final String API_HASH = "0123456789abcdef0123456789abcdef";
    private static final String BOT_TOKEN = "7000002:AAdensityDensityDensityDensity12";
    private static final int HOME_DC = 2;
    private static final int IN_FLIGHT = 64;
    private static final Pattern DC_LINE = Pattern.compile("DC (\\d+) (\\S+):(\\d+)");

    private DensityHarness() {
    }

    /**
     * Runs the measurement and prints one {@code RESULT} line.
     *
     * @param args the number of clients (default 10000), and the idle time in seconds before
     *             measuring (default 5)
     * @throws Exception if the cluster cannot be started or a login fails
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long idleSeconds = args.length > 1 ? Long.parseLong(args[1]) : 5;
        Path pem = Files.createTempFile("heliograph-density", ".pem");
        Process dc = startCluster(pem);
        try {
            run(dc, pem, n, idleSeconds);
        } finally {
            dc.destroy();
            if (!dc.waitFor(10, TimeUnit.SECONDS)) {
                dc.destroyForcibly();
            }
            Files.deleteIfExists(pem);
        }
    }

    private static Process startCluster(Path pem) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.heliograph.testdc.TestClusterMain",
                "--dcs", "1,2", "--quiet", "--public-key-out", pem.toString(),
                "--app", API_ID + ":" + API_HASH,
                "--bot", BOT_TOKEN + ",density_bot,Density," + HOME_DC)
                .redirectErrorStream(true).start();
    }

    private static void run(Process dc, Path pem, int n, long idleSeconds) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(dc.getInputStream(), StandardCharsets.UTF_8));
        List<DcEndpoint> endpoints = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            Matcher m = DC_LINE.matcher(line);
            if (m.matches()) {
                endpoints.add(DcEndpoint.of(Integer.parseInt(m.group(1)), m.group(2), Integer.parseInt(m.group(3))));
            }
            System.out.println("test-dc: " + line);
        }
        if (line == null) {
            throw new IllegalStateException("the test DC exited before it was ready");
        }
        // Thousands of logins of one bot: no login flood limit (the DC allows 20 a minute by default).
        dc.getOutputStream().write("login-flood 0 60\n".getBytes(StandardCharsets.US_ASCII));
        dc.getOutputStream().flush();
        String answer = out.readLine();
        if (answer == null || !answer.startsWith("ok ")) {
            throw new IllegalStateException("the test DC refused to lift the login flood limit: " + answer);
        }
        drain(out);
        ClientConfig.Builder config = ClientConfig.builder().api(API_ID, API_HASH)
                .dcMap(DcMap.of(endpoints, HOME_DC))
                .trustedKeys(TrustedRsaKeys.of(List.of(
                        RsaPem.parsePublic(Files.readString(pem, StandardCharsets.US_ASCII)))));

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        // Threads count from before any client exists: shared event loops and schedulers are client
        // threads too. Heap counts from after one client has logged in and closed, so that classes and
        // per-JVM infrastructure are not charged to the sessions.
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        try (HeliographClient warmUp = HeliographClient.builder().config(config.sessionName("warm-up").build())
                .transport("tcp").build()) {
            warmUp.botLogin(BOT_TOKEN);
        }
        long heapBefore = settledHeap(memory);

        HeliographClient[] clients = new HeliographClient[n];
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        List<CompletableFuture<?>> logins = new ArrayList<>(n);
        for (int i = 0; i < n && failure.get() == null; i++) {
            inFlight.acquire();
            clients[i] = HeliographClient.builder().config(config.sessionName("density-" + i).build())
                    .transport("tcp").build();
            logins.add(clients[i].botLoginAsync(BOT_TOKEN).toCompletableFuture().whenComplete((me, e) -> {
                inFlight.release();
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                int d = done.incrementAndGet();
                if (d % 500 == 0 || d == n) {
                    System.out.printf("logged in %d/%d (%.1f s)%n", d, n, (System.nanoTime() - start) / 1e9);
                }
            }));
        }
        CompletableFuture.allOf(logins.toArray(new CompletableFuture<?>[0])).exceptionally(e -> null).join();
        if (failure.get() != null) {
            closeAll(clients);
            throw new IllegalStateException("a login failed", failure.get());
        }
        logins.clear();
        System.out.printf("all %d logged in after %.1f s; idling %d s%n", n, (System.nanoTime() - start) / 1e9,
                idleSeconds);
        Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));

        long heapAfter = settledHeap(memory);
        Set<Thread> threadsAfter = Thread.getAllStackTraces().keySet();
        double perClientKiB = (heapAfter - heapBefore) / 1024.0 / n;
        System.out.printf("RESULT clients=%d heapPerClient=%.2f KiB threads=%d (baseline %d; heap %d -> %d bytes)%n",
                n, perClientKiB, threadsAfter.size() - threadsBefore.size(), threadsBefore.size(), heapBefore,
                heapAfter);
        for (Thread t : threadsAfter) {
            if (!threadsBefore.contains(t)) {
                System.out.println("new thread: " + t.getName() + (t.isDaemon() ? " (daemon)" : ""));
            }
        }
        closeAll(clients);
        try (OutputStream in = dc.getOutputStream()) {
            in.write("quit\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // The child is destroyed in main's finally anyway.
        }
    }

    /** Keeps reading the child's output so that it never blocks on a full pipe. */
    private static void drain(BufferedReader out) {
        Thread t = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    System.out.println("test-dc: " + l);
                }
            } catch (IOException e) {
                // The child went away: nothing more to read.
            }
        }, "test-dc-output");
        t.setDaemon(true);
        t.start();
    }

    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void closeAll(HeliographClient[] clients) {
        for (HeliographClient c : clients) {
            if (c != null) {
                c.close();
            }
        }
    }
}
