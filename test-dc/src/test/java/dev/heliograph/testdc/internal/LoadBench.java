package dev.heliograph.testdc.internal;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.testdc.junit.TestClusterExtension;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.help.GetNearestDc;
import dev.heliograph.transport.tcp.codec.Framing;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark harness (not a test): one test DC served over TCP to the raw in-process client.
 * Measures pipelined {@code help.getNearestDc} calls per second, cold logins per second (a new
 * connection, auth key and bot login each), and the heap held by idle sessions.
 *
 * <p>Run: {@code mvn -q -pl test-dc exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.heliograph.testdc.internal.LoadBench -Dexec.args="rpc logins sessions"}.
 */
public final class LoadBench {

    private static final int RPC_SECONDS = 10;
    private static final int CONNECTIONS = 2;
    private static final int BATCH = 32;
    private static final int WINDOW = 4096;

    private LoadBench() {
    }

    /**
     * Runs the chosen measurements.
     *
     * @param args any of {@code rpc}, {@code logins}, {@code sessions} (default: all)
     * @throws Exception if the harness fails
     */
    public static void main(String[] args) throws Exception {
        List<String> what = args.length == 0 ? List.of("server", "rpc", "logins", "sessions") : List.of(args);
        if (what.contains("server")) {
            serverOnly();
        }
        try (TestCluster cluster = TestCluster.builder().dcIds(2).app(TestClusterExtension.APP)
                .bot(TestClusterExtension.BOT).recordExecutions(false).rpcLog(null)
                .loginFloodLimit(0, Duration.ofMinutes(1)).start()) {
            TestDc dc = cluster.dc(2);
            if (what.contains("rpc")) {
                rpc(cluster, dc);
            }
            if (what.contains("logins")) {
                logins(cluster, dc);
            }
            if (what.contains("sessions")) {
                sessions(cluster, dc);
            }
        }
        // the transport's shared event loop threads outlive main; exec:java would unload their classes
        System.exit(0);
    }

    /**
     * The client's secret exponent size: full size (the spec's 2048 bits), or 320 bits with
     * {@code -Dbench.shortClientExponent=true} so that the client's own exponentiations take less of
     * the shared CPU (the server's work is the same).
     */
    private static final int CLIENT_EXPONENT_BYTES = Boolean.getBoolean("bench.shortClientExponent") ? 40 : 256;

    static RawClient keyed(TestCluster cluster, TestDc dc, TcpRawConnection conn) {
        RawClient c = new RawClient(CryptoProviders.defaultProvider(), RandomSource.secure(), cluster.publicKey(),
                System::currentTimeMillis, conn::exchange);
        RawClient.Options o = new RawClient.Options();
        o.innerDc = dc.id();
        o.exponentBytes = CLIENT_EXPONENT_BYTES;
        if (c.handshake(o) == null) {
            throw new IllegalStateException("handshake failed");
        }
        return c;
    }

    private static void rpc(TestCluster cluster, TestDc dc) throws Exception {
        byte[] call = Tl.bytes(new GetNearestDc());
        AtomicLong answered = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long end = System.nanoTime() + RPC_SECONDS * 1_000_000_000L;
        long warm = System.nanoTime() + 2_000_000_000L;
        AtomicLong atWarm = new AtomicLong(-1);
        for (int i = 0; i < CONNECTIONS; i++) {
            TcpRawConnection conn = new TcpRawConnection(dc.host(), dc.port(), Framing.INTERMEDIATE);
            RawClient c = keyed(cluster, dc, conn);
            c.call(Tl.ping(0));
            Semaphore window = new Semaphore(WINDOW);
            Thread reader = new Thread(() -> {
                while (System.nanoTime() < end) {
                    byte[] packet = conn.receive();
                    if (packet == null) {
                        return;
                    }
                    int n = 0;
                    for (RawClient.Msg m : c.receive(List.of(packet))) {
                        if (m.id() == Ids.RPC_RESULT) {
                            n++;
                        }
                    }
                    answered.addAndGet(n);
                    window.release(n);
                }
            });
            Thread writer = new Thread(() -> {
                long[] ids = new long[BATCH];
                int[] seqs = new int[BATCH];
                byte[][] bodies = new byte[BATCH][];
                while (System.nanoTime() < end) {
                    window.acquireUninterruptibly(BATCH);
                    for (int k = 0; k < BATCH; k++) {
                        ids[k] = c.nextMsgId();
                        seqs[k] = c.nextSeqNo(true);
                        bodies[k] = call;
                    }
                    byte[] container = RawClient.container(ids, seqs, bodies);
                    conn.send(c.encrypt(c.salt, c.nextMsgId(), c.nextSeqNo(false), container,
                            RawClient.padding(container.length)));
                }
            });
            threads.add(reader);
            threads.add(writer);
        }
        threads.forEach(Thread::start);
        while (System.nanoTime() < warm) {
            Thread.sleep(10);
        }
        atWarm.set(answered.get());
        long t0 = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("rpc: %d connections, containers of %d help.getNearestDc: %.0f RPCs/s%n", CONNECTIONS,
                BATCH, (answered.get() - atWarm.get()) / seconds);
    }

    /**
     * The DC's own cost per RPC, without sockets or a concurrent client: packets (containers of 32
     * {@code help.getNearestDc}) are encrypted beforehand, then one thread hands them to a
     * connection's state machine and the time to produce every encrypted answer is measured.
     */
    private static void serverOnly() {
        int packets = 20_000;
        try (DcFixture f = new DcFixture()) {
            RawClient c = f.clientWithKey();
            c.call(Tl.ping(0));
            byte[] call = Tl.bytes(new GetNearestDc());
            long[] ids = new long[BATCH];
            int[] seqs = new int[BATCH];
            byte[][] bodies = new byte[BATCH][];
            List<byte[]> wire = new ArrayList<>(packets);
            for (int i = 0; i < packets; i++) {
                for (int k = 0; k < BATCH; k++) {
                    ids[k] = c.nextMsgId();
                    seqs[k] = c.nextSeqNo(true);
                    bodies[k] = call;
                }
                byte[] container = RawClient.container(ids, seqs, bodies);
                wire.add(c.encrypt(c.salt, c.nextMsgId(), c.nextSeqNo(false), container,
                        RawClient.padding(container.length)));
            }
            DcFixture.Loopback conn = f.connect();
            long t0 = System.nanoTime();
            for (byte[] packet : wire) {
                conn.exchange(packet);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("server: one thread, containers of %d help.getNearestDc, no sockets: %.0f RPCs/s%n",
                    BATCH, packets * BATCH / seconds);
        }
    }

    private static void logins(TestCluster cluster, TestDc dc) throws Exception {
        int threads = 8;
        int perThread = 50;
        List<Thread> workers = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        byte[] login = Tl.withLayer(228, new ImportBotAuthorization(0, TestClusterExtension.APP.apiId(),
                TestClusterExtension.APP.apiHash(), TestClusterExtension.BOT.token()));
        for (int i = 0; i < 5; i++) {
            try (TcpRawConnection conn = new TcpRawConnection(dc.host(), dc.port(), Framing.INTERMEDIATE)) {
                keyed(cluster, dc, conn).call(login);
            }
        }
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    try (TcpRawConnection conn = new TcpRawConnection(dc.host(), dc.port(), Framing.INTERMEDIATE)) {
                        Tl.result(keyed(cluster, dc, conn).call(login), Tl.api());
                        done.incrementAndGet();
                    }
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("logins: %d cold logins (new connection, key exchange, importBotAuthorization) from %d"
                + " threads, client exponent %d bits: %.1f logins/s%n", done.get(), threads, CLIENT_EXPONENT_BYTES * 8,
                done.get() / seconds);
    }

    /**
     * 10,000 auth keys with one session each, every session after {@code initConnection} and one
     * call, then idle. The keys are installed with {@link TestDc#restoreAuthKey} (the benchmark is
     * about what an idle session costs, not about key exchanges); the messages go over one
     * connection, which MTProto allows for any number of keys.
     */
    private static void sessions(TestCluster cluster, TestDc dc) throws Exception {
        int sessions = 10_000;
        RandomSource random = RandomSource.secure();
        System.gc();
        long before = usedHeap();
        try (TcpRawConnection conn = new TcpRawConnection(dc.host(), dc.port(), Framing.INTERMEDIATE)) {
            byte[] call = Tl.withLayer(228, new GetNearestDc());
            for (int i = 0; i < sessions; i++) {
                AuthKey key = AuthKey.of(random.bytes(256));
                dc.restoreAuthKey(key, 0);
                RawClient c = new RawClient(CryptoProviders.defaultProvider(), random, cluster.publicKey(),
                        System::currentTimeMillis, conn::exchange);
                c.authKey = key;
                Tl.result(c.call(call), Tl.api());
            }
        }
        System.gc();
        Thread.sleep(200);
        System.gc();
        long after = usedHeap();
        System.out.printf("sessions: %d idle sessions (one auth key each, after initConnection and one call):"
                + " %.1f MB of heap (%.0f bytes per session)%n", sessions, (after - before) / 1e6,
                (after - before) / (double) sessions);
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
