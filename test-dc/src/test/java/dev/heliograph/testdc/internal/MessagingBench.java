package dev.heliograph.testdc.internal;

import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.testdc.TestUser;
import dev.heliograph.testdc.junit.TestClusterExtension;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.updates.GetDifference;
import dev.heliograph.tl.api.updates.BaseDifference;
import dev.heliograph.tl.api.updates.DifferenceSlice;
import dev.heliograph.tl.api.updates.BaseState;
import dev.heliograph.transport.tcp.codec.Framing;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark harness (not a test) for users, messages and updates: the rate at which private
 * messages from users reach one bot over one connection, {@code updates.getDifference} for
 * 10,000 missed messages, and the heap an idle account and a stored message take.
 *
 * <p>Run: {@code mvn -q -pl test-dc exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.heliograph.testdc.internal.MessagingBench -Dexec.args="delivery difference memory"}.
 */
public final class MessagingBench {

    private static final int DELIVERY_SECONDS = 10;
    private static final int SENDERS = 2;
    private static final int USERS_PER_SENDER = 50;
    /** Messages sent but not yet seen by the bot that a sender allows before it waits. */
    private static final int IN_FLIGHT = 20_000;
    private static final int MISSED = 10_000;
    private static final int ROUNDS = 20;

    private MessagingBench() {
    }

    /**
     * Runs the chosen measurements.
     *
     * @param args any of {@code delivery}, {@code difference}, {@code memory} (default: all)
     * @throws Exception if the harness fails
     */
    public static void main(String[] args) throws Exception {
        List<String> what = args.length == 0 ? List.of("delivery", "difference", "memory") : List.of(args);
        if (what.contains("delivery")) {
            delivery();
        }
        if (what.contains("difference")) {
            difference();
        }
        if (what.contains("memory")) {
            memory();
        }
        System.exit(0);
    }

    private static TestCluster cluster() {
        return TestCluster.builder().dcIds(2).app(TestClusterExtension.APP).bot(TestClusterExtension.BOT)
                .recordExecutions(false).rpcLog(null).start();
    }

    private static String phone(int i) {
        return String.format("99966%d%04d", 2, i);
    }

    /** A raw client logged in as the default bot on its own TCP connection. */
    private static RawClient botClient(TestCluster cluster, TcpRawConnection conn) {
        TestDc dc = cluster.dc(2);
        RawClient c = LoadBench.keyed(cluster, dc, conn);
        Tl.result(c.call(Tl.withLayer(228, new ImportBotAuthorization(0, TestClusterExtension.APP.apiId(),
                TestClusterExtension.APP.apiHash(), TestClusterExtension.BOT.token()))), Tl.api());
        return c;
    }

    private static void delivery() throws Exception {
        try (TestCluster cluster = cluster();
                TcpRawConnection conn = new TcpRawConnection("127.0.0.1", cluster.dc(2).port(), Framing.INTERMEDIATE)) {
            RawClient bot = botClient(cluster, conn);
            AtomicLong delivered = new AtomicLong();
            AtomicLong sent = new AtomicLong();
            long end = System.nanoTime() + DELIVERY_SECONDS * 1_000_000_000L;
            Thread reader = new Thread(() -> {
                while (System.nanoTime() < end + 2_000_000_000L) {
                    byte[] packet = conn.receive();
                    if (packet == null) {
                        return;
                    }
                    long n = 0;
                    for (RawClient.Msg m : bot.receive(List.of(packet))) {
                        n += m.id() == Ids.UPDATES ? 1 : 0;
                    }
                    delivered.addAndGet(n);
                }
            });
            reader.setDaemon(true);
            reader.start();
            Bot target = TestClusterExtension.BOT;
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                List<TestUser> users = new ArrayList<>();
                for (int u = 0; u < USERS_PER_SENDER; u++) {
                    users.add(cluster.addUser(phone(s * USERS_PER_SENDER + u), "Sender " + u, null));
                }
                senders.add(new Thread(() -> {
                    int i = 0;
                    while (System.nanoTime() < end) {
                        if (sent.get() - delivered.get() > IN_FLIGHT) {
                            // waiting must not take the CPU the DC and the reader need
                            LockSupport.parkNanos(100_000);
                            continue;
                        }
                        users.get(i++ % users.size()).sendMessage(target, "hello bot");
                        sent.incrementAndGet();
                    }
                }));
            }
            long warmEnd = System.nanoTime() + 2_000_000_000L;
            senders.forEach(Thread::start);
            while (System.nanoTime() < warmEnd) {
                Thread.sleep(10);
            }
            long d0 = delivered.get();
            long t0 = System.nanoTime();
            for (Thread t : senders) {
                t.join();
            }
            long d1 = delivered.get();
            long t1 = System.nanoTime();
            System.out.printf("delivery: %,d private messages/s from %d users to one bot over one connection"
                    + " (pushed, encrypted, read and decrypted by a raw client; %,d sent, %,d delivered)%n",
                    (long) ((d1 - d0) / ((t1 - t0) / 1e9)), SENDERS * USERS_PER_SENDER, sent.get(), d1);
        }
    }

    private static Accounts accounts() {
        return new Accounts(List.of(TestClusterExtension.APP), List.of(TestClusterExtension.BOT),
                System::currentTimeMillis, Messaging.Limits.DEFAULT);
    }

    private static void difference() throws Exception {
        Accounts accounts = accounts();
        Messaging mail = accounts.messaging();
        Account sender = accounts.addUser(phone(1), "Sender", null);
        Account bot = Account.of(TestClusterExtension.BOT);
        for (int i = 0; i < MISSED; i++) {
            mail.sendAs(sender, bot.id(), "missed message number " + i, 0, i + 1);
        }
        int slice = Messaging.Limits.DEFAULT.sliceLimit();
        long[] times = new long[ROUNDS];
        int bytes = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            bytes = 0;
            for (int pts = 0; pts < MISSED; pts += slice) {
                TlWriter w = new TlWriter(1 << 20);
                mail.writeDifference(w, LayerAnswers.forLayer(228), bot, pts, 0);
                bytes += w.size();
            }
            times[round] = System.nanoTime() - t0;
        }
        System.out.printf("difference (server): %d missed messages written in %d slices of %d (%,d bytes): %s%n",
                MISSED, MISSED / slice, slice, bytes, bestAndMedian(times));
        mail.close();
        try (TestCluster cluster = cluster()) {
            TestUser user = cluster.addUser(phone(1), "Sender", null);
            for (int i = 0; i < MISSED; i++) {
                user.sendMessage(TestClusterExtension.BOT, "missed message number " + i);
            }
            long[] trips = new long[ROUNDS];
            int messages = 0;
            int calls = 0;
            for (int round = 0; round < ROUNDS; round++) {
                try (TcpRawConnection conn = new TcpRawConnection("127.0.0.1", cluster.dc(2).port(),
                        Framing.INTERMEDIATE)) {
                    RawClient c = botClient(cluster, conn);
                    long t0 = System.nanoTime();
                    int pts = 0;
                    messages = 0;
                    calls = 0;
                    while (true) {
                        Object d = Tl.result(c.call(Tl.bytes(GetDifference.builder().pts(pts).date(0).qts(0).build())),
                                Tl.api());
                        calls++;
                        if (d instanceof DifferenceSlice s) {
                            messages += s.newMessages().size();
                            pts = ((BaseState) s.intermediateState()).pts();
                        } else {
                            messages += ((BaseDifference) d).newMessages().size();
                            break;
                        }
                    }
                    trips[round] = System.nanoTime() - t0;
                }
            }
            System.out.printf("difference (end to end, raw client over TCP, decrypted and decoded): %d messages in"
                    + " %d getDifference calls: %s%n", messages, calls, bestAndMedian(trips));
        }
    }

    private static void memory() throws Exception {
        int count = 50_000;
        int messages = 200_000;
        Accounts accounts = accounts();
        Messaging mail = accounts.messaging();
        gc();
        long before = usedHeap();
        List<Account> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Account u = accounts.addUser(String.format("99966%d%04d", 1 + i / 10_000, i % 10_000), "User " + i, null);
            mail.writeState(new TlWriter(32), u.id());
            users.add(u);
        }
        gc();
        long idle = usedHeap();
        System.out.printf("memory: %,d idle accounts (registered, update state created): %.1f MB, %.0f bytes per"
                + " account%n", count, (idle - before) / 1e6, (idle - before) / (double) count);
        long botId = TestClusterExtension.BOT.id();
        for (int i = 0; i < messages; i++) {
            mail.sendAs(users.get(i % 1000), botId, "a stored message of 32 characters", 0, i + 1);
        }
        gc();
        long stored = usedHeap();
        System.out.printf("memory: %,d private messages of 33 characters (two copies each, the sender's and the"
                + " bot's): %.1f MB, %.0f bytes per message%n", messages, (stored - idle) / 1e6,
                (stored - idle) / (double) messages);
        mail.close();
    }

    private static String bestAndMedian(long[] nanos) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        return String.format("best %.1f ms, median %.1f ms of %d rounds", sorted[0] / 1e6,
                sorted[sorted.length / 2] / 1e6, sorted.length);
    }

    private static void gc() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        System.gc();
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
