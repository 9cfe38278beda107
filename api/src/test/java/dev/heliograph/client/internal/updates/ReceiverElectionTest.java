package dev.heliograph.client.internal.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.client.ClientEventListener;
import dev.heliograph.client.ClientResources;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.LeaseRecord;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.file.FileSessionStore;
import dev.heliograph.session.impl.InMemorySessionStore;
import dev.heliograph.session.impl.LeaseRecordCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The election driver over real stores: one receiver, takeover, fencing, and bad lease records. */
class ReceiverElectionTest {

    private static final Duration TTL = Duration.ofMillis(600);

    @TempDir
    Path dir;

    /** Records the role changes and the listener's events, in order. */
    private static final class Recorder implements ReceiverElection.Role, ClientEventListener {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<SessionStoreException> quarantined = new CopyOnWriteArrayList<>();

        @Override
        public void gained(SessionSnapshot stored) {
            log.add("gained");
        }

        @Override
        public void lost(Throwable cause) {
            log.add("lost " + cause.getClass().getSimpleName());
        }

        @Override
        public void storeEntryQuarantined(SessionStoreException error) {
            quarantined.add(error);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void twoHostsOnOneStoreHaveOneReceiverAndTheOtherTakesOverWhenItResigns() throws Exception {
        try (InMemorySessionStore store = new InMemorySessionStore()) {
            Recorder a = new Recorder();
            Recorder b = new Recorder();
            ReceiverElection ea = new ReceiverElection(store, "bot", "host-a", TTL, a, ClientResources.shared());
            ReceiverElection eb = new ReceiverElection(store, "bot", "host-b", TTL, b, ClientResources.shared());
            ea.start(a).get(5, TimeUnit.SECONDS);
            assertTrue(ea.receiving());
            assertEquals(List.of("gained"), a.log);
            eb.start(b).get(5, TimeUnit.SECONDS);
            assertFalse(eb.receiving(), "the second host settles as a follower");
            Thread.sleep(TTL.toMillis() * 2);
            assertTrue(ea.receiving(), "the receiver keeps renewing");
            assertEquals(List.of(), b.log);

            ea.close().get(5, TimeUnit.SECONDS);
            assertFalse(ea.receiving());
            long resigned = System.nanoTime();
            await("the follower took over", eb::receiving);
            assertTrue(System.nanoTime() - resigned < TimeUnit.MILLISECONDS.toNanos(TTL.toMillis()),
                    "a released lease is taken at the next ask, well within the lease");
            await("the follower's role started", () -> b.log.equals(List.of("gained")));
            eb.close().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReceiverPausedPastItsDeadlineIsAFollowerAtOnceAndTheOtherHostTakesOver() throws Exception {
        AtomicLong now = new AtomicLong(System.currentTimeMillis());
        InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        try (InMemorySessionStore store = new InMemorySessionStore(clock)) {
            Recorder a = new Recorder();
            Recorder b = new Recorder();
            ClientResources frozenClock = ClientResources.builder().wallClock(now::get).build();
            ReceiverElection ea = new ReceiverElection(store, "bot", "host-a", TTL, a, frozenClock);
            ReceiverElection eb = new ReceiverElection(store, "bot", "host-b", TTL, b, frozenClock);
            ea.start(a).get(5, TimeUnit.SECONDS);
            eb.start(b).get(5, TimeUnit.SECONDS);
            assertTrue(ea.receiving());
            // Everybody's clock jumps as if host-a had been frozen past its lease.
            now.addAndGet(TTL.toMillis() * 10);
            assertFalse(ea.receiving(), "fenced by time alone, before any store answer");
            await("host-b took over", eb::receiving);
            await("host-a reported the loss", () -> a.log.equals(List.of("gained", "lost SessionStoreException")));
            assertFalse(ea.receiving());
            ea.close().get(5, TimeUnit.SECONDS);
            eb.close().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGarbledLeaseIsReportedToTheListenerAndTheHostStillBecomesTheReceiver() throws Exception {
        try (FileSessionStore store = FileSessionStore.open(dir)) {
            Path file = store.leaseFile("bot", ReceiverElection.LEASE_NAME);
            Files.write(file, new byte[] {7, 7, 7});
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Recorder a = new Recorder();
            ReceiverElection ea = new ReceiverElection(store, "bot", "host-a", TTL, a, ClientResources.shared());
            ea.start(a).get(5, TimeUnit.SECONDS);
            assertTrue(ea.receiving());
            assertEquals(1, a.quarantined.size());
            assertEquals(SessionStoreException.Kind.CORRUPT, a.quarantined.get(0).kind());
            ea.close().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLeaseHeldByAnUnknownHostIsReportedToTheListenerAndDoesNotBlockTheRole() throws Exception {
        try (FileSessionStore store = FileSessionStore.open(dir)) {
            Path file = store.leaseFile("bot", ReceiverElection.LEASE_NAME);
            long farFuture = System.currentTimeMillis() + 3_600_000;
            Files.write(file, LeaseRecordCodec.encode(LeaseRecord.of(9, "ghost", farFuture, List.of("host-x"))));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Recorder a = new Recorder();
            ReceiverElection ea = new ReceiverElection(store, "bot", "host-a", TTL, a, ClientResources.shared());
            ea.start(a).get(5, TimeUnit.SECONDS);
            assertTrue(ea.receiving());
            assertEquals(1, a.quarantined.size(), a.quarantined::toString);
            assertTrue(a.quarantined.get(0).getMessage().contains("ghost"), a.quarantined.get(0).getMessage());
            ea.close().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutElectionTheHostIsTheReceiverFromTheStart() throws Exception {
        Recorder a = new Recorder();
        ReceiverElection none = ReceiverElection.none(a);
        assertTrue(none.receiving());
        none.start(a).get(5, TimeUnit.SECONDS);
        assertEquals(List.of("gained"), a.log);
        none.close().get(5, TimeUnit.SECONDS);
    }
}
