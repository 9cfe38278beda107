package dev.heliograph.client;

import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestCluster;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** One embedded test DC cluster shared by the ITs of a class, with the apps and bots they use. */
final class Cluster {

    static final App APP = App.of(12345, "0123456789abcdef0123456789abcdef");
    static final App PUBLISHED = new App(777, "fedcba9876543210fedcba9876543210", true);
    /** Homed on DC 4 while clients start on DC 2: every fresh login migrates. */
    static final Bot BOT = Bot.fromToken("1000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "helio_bot", "Helio Bot", 4);
    static final Bot REVOKED = Bot.fromToken("1000002:AAErevokedRevokedRevokedRevoked12", "old_bot", "Old Bot", 2);

    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private Cluster() {
    }

    static TestCluster start() {
        // These suites log one bot in far more than 20 times a minute (a restarted client takes its
        // key back at once): the login flood limit, tested in test-dc, would stall them.
        TestCluster cluster = TestCluster.builder().http(true).app(APP).app(PUBLISHED).bot(BOT).bot(REVOKED)
                .loginFloodLimit(0, java.time.Duration.ofSeconds(60)).start();
        cluster.revokeBotToken(REVOKED.id());
        return cluster;
    }

    static ClientConfig.Builder config(TestCluster cluster) {
        return config(cluster, "tcp");
    }

    /** A client configuration whose DC map points at the DCs' listeners of {@code transport}. */
    static ClientConfig.Builder config(TestCluster cluster, String transport) {
        List<dev.heliograph.transport.DcEndpoint> endpoints = transport.equals("http")
                ? cluster.dcs().stream().map(dev.heliograph.testdc.TestDc::httpEndpoint).toList()
                : cluster.endpoints();
        return ClientConfig.builder()
                .api(APP.apiId(), APP.apiHash())
                .dcMap(DcMap.of(endpoints, 2))
                .trustedKeys(TrustedRsaKeys.of(List.of(cluster.publicKey())))
                .sessionName("it-" + SESSIONS.incrementAndGet());
    }

    static int keyExchanges(TestCluster cluster) {
        return cluster.dcs().stream().mapToInt(dc -> dc.keyExchanges()).sum();
    }

    static long imports(TestCluster cluster) {
        return cluster.dcs().stream().flatMap(dc -> dc.executions().stream())
                .filter(e -> e.method().equals("auth.importBotAuthorization")).count();
    }

    /** Non-daemon threads: those that would keep a JVM alive after main returns. */
    static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }
}
