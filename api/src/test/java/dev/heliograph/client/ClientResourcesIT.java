package dev.heliograph.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.testdc.TestCluster;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clients given resources of their own run on them, and leave them running when closed. */
class ClientResourcesIT {

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void twoClientsShareTheGivenThreadsClocksAndRandomnessAndClosingOneLeavesThemToTheOther() {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "mine-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mine-timer");
            t.setDaemon(true);
            return t;
        });
        AtomicLong wallReads = new AtomicLong();
        AtomicLong tickerReads = new AtomicLong();
        AtomicLong randomDraws = new AtomicLong();
        RandomSource secure = RandomSource.secure();
        ClientResources resources = ClientResources.builder()
                .executor(pool)
                .timer(timer)
                .wallClock(() -> {
                    wallReads.incrementAndGet();
                    return System.currentTimeMillis();
                })
                .ticker(() -> {
                    tickerReads.incrementAndGet();
                    return System.nanoTime();
                })
                .random(bytes -> {
                    randomDraws.incrementAndGet();
                    secure.nextBytes(bytes);
                })
                .build();
        try {
            Set<String> callThreads = ConcurrentHashMap.newKeySet();
            ClientEventListener threadsOfCalls = new ClientEventListener() {
                @Override
                public void rpcEnd(int dcId, String method, Duration elapsed, Throwable failure) {
                    callThreads.add(Thread.currentThread().getName().replaceAll("\\d+$", ""));
                }
            };
            for (int i = 0; i < 2; i++) {
                try (HeliographClient client = HeliographClient.builder().config(Cluster.config(cluster).build())
                        .transport("tcp").listener(threadsOfCalls).resources(resources).build()) {
                    assertEquals(Cluster.BOT.id(), client.botLogin(Cluster.BOT.token()).id());
                }
                assertFalse(pool.isShutdown(), "closing a client leaves the pool to the others");
                assertFalse(timer.isShutdown(), "closing a client leaves the timer to the others");
            }
            assertEquals(Set.of("mine-worker-"), callThreads, "calls complete on the given pool");
            assertTrue(wallReads.get() > 0, "message ids and leases read the given wall clock");
            assertTrue(tickerReads.get() > 0, "durations read the given monotonic clock");
            assertTrue(randomDraws.get() > 0, "key exchanges and padding draw from the given source");
        } finally {
            pool.shutdownNow();
            timer.shutdownNow();
        }
    }
}
