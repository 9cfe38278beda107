package dev.heliograph.bench.transport;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.TransportException;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.TransportConnection;
import dev.heliograph.transport.TransportListener;
import dev.heliograph.transport.tcp.TcpTransport;
import dev.heliograph.transport.tcp.TcpTransportConfig;
import dev.heliograph.transport.tcp.codec.FrameCodec;
import dev.heliograph.transport.tcp.codec.Framing;
import dev.heliograph.transport.tcp.server.ServerConnection;
import dev.heliograph.transport.tcp.server.ServerConnectionHandler;
import dev.heliograph.transport.tcp.server.TcpServer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A main-class harness for the TCP transport, client and server in one process on loopback:
 *
 * <ol>
 *   <li>pipelined echo throughput per framing (with and without obfuscation);</li>
 *   <li>bytes on the wire per small packet per framing (from the codecs, exact);</li>
 *   <li>JVM threads with 1,000 open client connections (plus their 1,000 server sides).</li>
 * </ol>
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.heliograph.bench.transport.TcpTransportBench
 * [packets] [packetSize]} (defaults 200000 and 256).
 */
public final class TcpTransportBench {

    private TcpTransportBench() {
    }

    /**
     * Runs the three measurements and prints a table.
     *
     * @param args optional packet count and packet size
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        CryptoProvider crypto = CryptoProviders.defaultProvider();
        System.out.printf("cores=%d crypto=%s%n", Runtime.getRuntime().availableProcessors(), crypto.name());

        System.out.println("\n== framing bytes per packet (mean over 1000 frames; TCP/IP headers not counted)");
        System.out.printf("%-24s %12s %12s %16s%n", "framing", "40 B packet", "1 KiB packet", "first 40 B frame");
        for (Framing framing : Framing.values()) {
            for (boolean obfuscated : new boolean[] {false, true}) {
                if (obfuscated && !framing.supportsObfuscation()) {
                    continue;
                }
                double[] small = overhead(framing, obfuscated, crypto, 40);
                System.out.printf(Locale.ROOT, "%-24s %12.1f %12.1f %16.0f%n", label(framing, obfuscated),
                        small[1], overhead(framing, obfuscated, crypto, 1024)[1], small[0]);
            }
        }

        Echo echo = new Echo();
        try (TcpServer server = TcpServer.builder().bind("127.0.0.1", 0).crypto(crypto).handler(echo).start()) {
            System.out.printf("%n== pipelined echo, %d packets of %d bytes, one connection, best of 3%n", packets, size);
            System.out.printf("%-24s %14s %12s%n", "framing", "packets/s", "MB/s (1 way)");
            // Warm every code path up first, so that the first rows measured do not pay for the JIT.
            for (Framing framing : Framing.values()) {
                for (boolean obfuscated : new boolean[] {false, true}) {
                    if (!obfuscated || framing.supportsObfuscation()) {
                        throughput(server, framing, obfuscated, crypto, Math.max(1000, packets / 5), size);
                    }
                }
            }
            for (Framing framing : Framing.values()) {
                for (boolean obfuscated : new boolean[] {false, true}) {
                    if (obfuscated && !framing.supportsObfuscation()) {
                        continue;
                    }
                    double seconds = Double.MAX_VALUE;
                    for (int run = 0; run < 3; run++) {
                        seconds = Math.min(seconds, throughput(server, framing, obfuscated, crypto, packets, size));
                    }
                    System.out.printf(Locale.ROOT, "%-24s %14.0f %12.1f%n", label(framing, obfuscated),
                            packets / seconds, packets * (double) size / seconds / 1e6);
                }
            }
            threadsWithManyConnections(server, crypto, 1000);
        }
    }

    private static String label(Framing framing, boolean obfuscated) {
        return framing.name().toLowerCase(Locale.ROOT) + (obfuscated ? "+obf" : "");
    }

    /** Returns {overhead of the first frame (with the preamble), mean overhead of later frames}. */
    private static double[] overhead(Framing framing, boolean obfuscated, CryptoProvider crypto, int size) {
        FrameCodec.Builder builder = FrameCodec.client(framing).random(RandomSource.secure());
        if (obfuscated) {
            builder.obfuscate(crypto, 2);
        }
        FrameCodec codec = builder.build();
        int first = codec.encode(new byte[size]).length - size;
        long total = 0;
        int n = 1000;
        for (int i = 0; i < n; i++) {
            total += codec.encode(new byte[size]).length - size;
        }
        return new double[] {first, total / (double) n};
    }

    private static double throughput(TcpServer server, Framing framing, boolean obfuscated, CryptoProvider crypto,
            int packets, int size) throws Exception {
        TcpTransportConfig config = TcpTransportConfig.builder().framing(framing).obfuscation(obfuscated)
                .maxQueuedBytes(1L << 30).build();
        try (TcpTransport transport = new TcpTransport(config, crypto, RandomSource.secure())) {
            CountDownLatch received = new CountDownLatch(packets);
            TransportConnection connection = transport.connect(DcEndpoint.of(2, "127.0.0.1", server.port()),
                    new TransportListener() {
                        @Override
                        public void onPacket(byte[] packet) {
                            received.countDown();
                        }

                        @Override
                        public void onClosed(TransportException cause) {
                            if (cause != null) {
                                cause.printStackTrace();
                            }
                        }
                    }).get(10, TimeUnit.SECONDS);
            long start = System.nanoTime();
            for (int i = 0; i < packets; i++) {
                connection.send(new byte[size]);
            }
            if (!received.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("echoes missing: " + received.getCount());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            connection.close();
            return seconds;
        }
    }

    private static void threadsWithManyConnections(TcpServer server, CryptoProvider crypto, int count) throws Exception {
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        TcpTransportConfig config = TcpTransportConfig.builder().obfuscation(true).build();
        try (TcpTransport transport = new TcpTransport(config, crypto, RandomSource.secure())) {
            List<CompletableFuture<TransportConnection>> pending = new ArrayList<>();
            CountDownLatch echoed = new CountDownLatch(count);
            for (int i = 0; i < count; i++) {
                pending.add(transport.connect(DcEndpoint.of(2, "127.0.0.1", server.port()), new TransportListener() {
                    @Override
                    public void onPacket(byte[] packet) {
                        echoed.countDown();
                    }

                    @Override
                    public void onClosed(TransportException cause) {
                    }
                }));
            }
            for (CompletableFuture<TransportConnection> f : pending) {
                f.get(30, TimeUnit.SECONDS).send(new byte[64]);
            }
            if (!echoed.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("echoes missing: " + echoed.getCount());
            }
            int during = ManagementFactory.getThreadMXBean().getThreadCount();
            long loopThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("heliograph-tcp")).count();
            System.out.printf("%n== threads: %d before connecting, %d with %d open obfuscated client connections"
                    + " (+%d server-side connections in the same JVM); event loop threads=%d%n",
                    before, during, count, server.connectionCount(), loopThreads);
        }
    }

    /** Echoes every packet. */
    private static final class Echo implements ServerConnectionHandler {
        @Override
        public void onOpen(ServerConnection connection) {
        }

        @Override
        public void onPacket(ServerConnection connection, byte[] packet) {
            connection.send(packet);
        }

        @Override
        public void onClosed(ServerConnection connection) {
        }
    }
}
