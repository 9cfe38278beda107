package dev.heliograph.session.redis;

import static dev.heliograph.error.Failures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionFixtures;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Redis down or frozen: operations fail with a typed error within the timeout, nothing is
 * half-written, and the first attempt after Redis is back succeeds. Uses its own server (with an
 * append-only file, so that data survives the restart).
 */
class RedisOutageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final List<String> DURABLE = List.of("--appendonly", "yes", "--appendfsync", "always");

    @Test
    void aDeadRedisFailsFastAsUnavailableAndTheFirstAttemptAfterRestartSucceeds() throws Exception {
        SessionSnapshot before = SessionFixtures.fullSnapshot();
        try (RedisServer server = RedisServer.start(DURABLE);
             RedisSessionStore store = RedisSessionStore.builder().uri(server.uri()).operationTimeout(TIMEOUT).build()) {
            join(store.replace("outage", before));
            server.kill();

            assertUnavailableWithinBound(() -> join(store.load("outage")));
            assertUnavailableWithinBound(() -> join(store.persist("outage", new SessionChange.HomeDcChanged(5))));
            assertUnavailableWithinBound(() -> join(store.tryLease("outage", "updates", "host-a",
                    Duration.ofSeconds(5))));

            server.restart();
            assertEquals(before, join(store.load("outage")), "a failed write must leave nothing behind");
            join(store.persist("outage", new SessionChange.HomeDcChanged(5)));
            assertEquals(5, join(store.load("outage")).homeDc().orElseThrow());
        }
    }

    @Test
    void aFrozenRedisFailsAsUnavailableAndWorksOnceItResumes() throws Exception {
        try (RedisServer server = RedisServer.start(List.of());
             RedisSessionStore store = RedisSessionStore.builder().uri(server.uri()).operationTimeout(TIMEOUT).build()) {
            join(store.persist("frozen", new SessionChange.HomeDcChanged(2)));
            server.signal("STOP");
            try {
                assertUnavailableWithinBound(() -> join(store.persist("frozen", new SessionChange.HomeDcChanged(3))));
            } finally {
                server.signal("CONT");
            }
            join(store.persist("frozen", new SessionChange.HomeDcChanged(4)));
            assertEquals(4, join(store.load("frozen")).homeDc().orElseThrow());
        }
    }

    @Test
    void redisDownAtStartFailsAsUnavailableAndTheStoreConnectsOnceItIsUp() throws Exception {
        int port = RedisServer.freePort();
        try (RedisSessionStore store = RedisSessionStore.builder().uri("redis://127.0.0.1:" + port)
                .operationTimeout(TIMEOUT).build()) {
            assertUnavailableWithinBound(() -> join(store.load("late")));
            try (RedisServer server = RedisServer.start(port, List.of())) {
                assertTrue(server.process().isAlive());
                assertEquals(SessionSnapshot.empty(), join(store.load("late")));
            }
        }
    }

    private static void assertUnavailableWithinBound(Executable operation) {
        long start = System.nanoTime();
        SessionStoreException e = assertThrows(SessionStoreException.class, operation);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(SessionStoreException.Kind.UNAVAILABLE, e.kind(), e.getMessage());
        // generous against a loaded CI machine, but far below the 60 s a default client would wait
        assertTrue(elapsedMillis < TIMEOUT.toMillis() + 3000, "took " + elapsedMillis + " ms");
    }
}
