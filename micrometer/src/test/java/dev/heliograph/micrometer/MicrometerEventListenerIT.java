package dev.heliograph.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.DcMap;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.mtproto.Backoff;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.tl.api.BaseConfig;
import dev.heliograph.tl.api.BaseNearestDc;
import dev.heliograph.tl.api.functions.help.GetConfig;
import dev.heliograph.tl.api.functions.help.GetNearestDc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The meters a real login and real calls against the test DC cluster produce. */
class MicrometerEventListenerIT {

    private static final App APP = App.of(12345, "0123456789abcdef0123456789abcdef");
    /** Homed on DC 4 while the client starts on DC 2: the login migrates. */
    private static final Bot BOT = Bot.fromToken("1000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "helio_bot", "Helio Bot", 4);

    private static final String USER_PHONE = "9996621234";

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.builder().app(APP).bot(BOT).user(USER_PHONE, "Ada", "ada_user").start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static HeliographClient client(SimpleMeterRegistry registry) {
        ClientConfig config = ClientConfig.builder().api(APP.apiId(), APP.apiHash())
                .dcMap(DcMap.of(cluster.endpoints(), 2))
                .trustedKeys(TrustedRsaKeys.of(List.of(cluster.publicKey())))
                .reconnectBackoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(100)))
                .build();
        return HeliographClient.builder().config(config).transport("tcp")
                .listener(new MicrometerEventListener(registry)).build();
    }

    @Test
    void aMigratingLoginAndItsCallsBecomeMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        cluster.dc(4).knobs().floodWait("help.getConfig", 1, 1);
        try (HeliographClient client = client(registry)) {
            assertEquals(BOT.id(), client.botLogin(BOT.token()).id());
            assertInstanceOf(BaseConfig.class, client.invoke(new GetConfig()));

            Timer login = registry.get(MicrometerEventListener.LOGIN).tags("outcome", "success", "error", "none").timer();
            assertEquals(1, login.count());
            assertTrue(login.totalTime(TimeUnit.NANOSECONDS) > 0);
            Timer migrated = registry.get(MicrometerEventListener.RPC)
                    .tags("method", "auth.importBotAuthorization", "dc", "2", "outcome", "failure", "error",
                            "MigrateException").timer();
            assertEquals(1, migrated.count());
            assertEquals(1, registry.get(MicrometerEventListener.RPC)
                    .tags("method", "auth.importBotAuthorization", "dc", "4", "outcome", "success").timer().count());
            assertEquals(1, registry.get(MicrometerEventListener.MIGRATIONS).tags("from", "2", "to", "4").counter().count());
            assertEquals(1, registry.get(MicrometerEventListener.ERRORS).tags("error", "MigrateException").counter().count());

            Timer flood = registry.get(MicrometerEventListener.FLOOD_WAIT)
                    .tags("method", "help.getConfig", "retrying", "true").timer();
            assertEquals(1, flood.count());
            assertEquals(1, flood.totalTime(TimeUnit.SECONDS), 0.001);
            assertEquals(1, registry.get(MicrometerEventListener.RPC)
                    .tags("method", "help.getConfig", "dc", "4", "outcome", "success").timer().count());

            assertEquals(2, sum(registry.get(MicrometerEventListener.KEY_EXCHANGES).counters()));
            assertEquals(2, sum(registry.get(MicrometerEventListener.AUTH_KEYS).tags("source", "created").counters()));
            assertEquals(1, registry.get(MicrometerEventListener.CONNECTIONS).tags("dc", "4").counter().count());
        }
    }

    @Test
    void aLostConnectionCountsAReconnect() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (HeliographClient client = client(registry)) {
            client.botLogin(BOT.token());
            cluster.dc(4).knobs().dropConnectionBeforeReplyTo("help.getNearestDc");
            assertEquals(4, ((BaseNearestDc) client.invoke(new GetNearestDc())).thisDc());
            assertTrue(registry.get(MicrometerEventListener.RECONNECTS).tags("dc", "4").counter().count() >= 1);
            assertEquals(2, registry.get(MicrometerEventListener.CONNECTIONS).tags("dc", "4").counter().count());
        } finally {
            cluster.dc(4).knobs().dropConnectionBeforeReplyTo(null);
        }
    }

    @Test
    void messagesToTheBotAreTimedInTheUpdateQueueWhichEmptiesOnceTheyAreHandled() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<String> got = new CopyOnWriteArrayList<>();
        try (HeliographClient client = client(registry)) {
            client.onMessage(m -> got.add(m.text()));
            client.botLogin(BOT.token());
            for (int i = 0; i < 20; i++) {
                cluster.user(USER_PHONE).sendMessage(BOT, "m" + i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Timer lag = registry.get(MicrometerEventListener.UPDATE_LAG).timer();
            while (lag.count() < 20 || registry.get(MicrometerEventListener.UPDATE_QUEUE).gauge().value() != 0) {
                assertTrue(System.nanoTime() < deadline, "timed out: " + got.size() + " messages handled");
                TimeUnit.MILLISECONDS.sleep(5);
            }
            assertEquals(20, got.size());
            assertEquals(20, lag.count(), "one lag per update");
            assertTrue(lag.max(TimeUnit.SECONDS) < 30, "lag " + lag.max(TimeUnit.MILLISECONDS) + " ms");
        }
    }

    private static double sum(java.util.Collection<Counter> counters) {
        assertNotNull(counters);
        return counters.stream().mapToDouble(Counter::count).sum();
    }
}
