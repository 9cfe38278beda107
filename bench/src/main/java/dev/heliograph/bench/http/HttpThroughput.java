package dev.heliograph.bench.http;

import dev.heliograph.error.TransportException;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.TransportConnection;
import dev.heliograph.transport.TransportListener;
import dev.heliograph.transport.http.HttpTransport;
import dev.heliograph.transport.http.HttpTransportConfig;
import dev.heliograph.transport.http.server.HttpPacketServer;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load harness: pipelined POSTs per second on one {@link HttpTransport} connection against an
 * echoing {@link HttpPacketServer} over loopback. The client keeps {@code window} packets
 * outstanding (the transport runs {@code concurrency} of them as parallel requests and queues the
 * rest), as an engine does when many RPCs are pipelined.
 *
 * <pre>
 * mvn -B -pl bench -am package -Pbenchmarks -DskipTests
 * java -cp bench/target/benchmarks.jar dev.heliograph.bench.http.HttpThroughput \
 *     [seconds=10] [concurrency=16] [window=1000] [packetBytes=128] [serverThreads=4]
 * </pre>
 *
 * Prints one line per second and the mean rate of the measured run (after a warm-up of the same
 * length capped at 5 s).
 */
public final class HttpThroughput {

    private HttpThroughput() {
    }

    /**
     * Runs the harness.
     *
     * @param args {@code [seconds] [concurrency] [window] [packetBytes] [serverThreads]}
     * @throws Exception if the server cannot start or the connection fails
     */
    public static void main(String[] args) throws Exception {
        int seconds = arg(args, 0, 10);
        int concurrency = arg(args, 1, 16);
        int window = arg(args, 2, 1000);
        int packetBytes = arg(args, 3, 128) & ~3;
        int serverThreads = arg(args, 4, 4);

        Semaphore credits = new Semaphore(window);
        AtomicLong received = new AtomicLong();
        TransportListener listener = new TransportListener() {
            @Override
            public void onPacket(byte[] packet) {
                received.incrementAndGet();
                credits.release();
            }

            @Override
            public void onClosed(TransportException cause) {
                if (cause != null) {
                    System.err.println("connection failed: " + cause);
                    System.exit(1);
                }
            }
        };

        try (HttpPacketServer server = HttpPacketServer.builder().threads(serverThreads)
                .handler((packet, reply) -> reply.reply(packet)).start();
                HttpTransport transport = new HttpTransport(HttpTransportConfig.builder()
                        .maxConcurrentRequests(concurrency).build())) {
            TransportConnection connection = transport
                    .connect(DcEndpoint.of(2, "127.0.0.1", server.port()), listener).get(5, TimeUnit.SECONDS);
            Thread sender = new Thread(() -> {
                byte[] template = new byte[packetBytes];
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        credits.acquire();
                        connection.send(template.clone());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "http-bench-sender");
            sender.setDaemon(true);
            sender.start();

            run("warm-up", Math.min(seconds, 5), received);
            long cpuBefore = processCpuNanos();
            long countBefore = received.get();
            double mean = run("measure", seconds, received);
            double cpuMicrosPerReply = (processCpuNanos() - cpuBefore) / 1e3 / Math.max(1, received.get() - countBefore);
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf(Locale.ROOT,
                    "RESULT http pipelined POSTs/s on one client: %.0f (concurrency %d, window %d, %d-byte packets, %d server threads, %d cores)%n",
                    mean, concurrency, window, packetBytes, serverThreads, cores);
            // On a shared machine the rate depends on what else runs; the CPU cost per round trip
            // (client and server together, this JVM only) does not, and bounds the rate on idle cores.
            System.out.printf(Locale.ROOT,
                    "RESULT CPU per round trip (client + server): %.1f us, i.e. at most %.0f POSTs/s if all %d cores were free%n",
                    cpuMicrosPerReply, cores * 1e6 / cpuMicrosPerReply, cores);
            sender.interrupt();
            connection.close();
        }
    }

    private static double run(String phase, int seconds, AtomicLong received) throws InterruptedException {
        long start = System.nanoTime();
        long startCount = received.get();
        long last = startCount;
        for (int s = 1; s <= seconds; s++) {
            Thread.sleep(1000);
            long now = received.get();
            System.out.printf(Locale.ROOT, "%s %2d s: %d replies/s%n", phase, s, now - last);
            last = now;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return (received.get() - startCount) / elapsed;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
