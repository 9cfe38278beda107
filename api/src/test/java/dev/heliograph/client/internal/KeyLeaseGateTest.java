package dev.heliograph.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.client.ClientResources;
import dev.heliograph.crypto.AuthKey;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.mtproto.DcAuthState;
import dev.heliograph.session.KeyLeaseAttempt;
import dev.heliograph.session.KeyPoolPolicy;
import dev.heliograph.session.file.FileSessionStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key the link created is handed to the sender at once and added to the pool meanwhile (the
 * store's write is off the login's path); what the store answers later decides the lease. The
 * store's write is held back by locking the session's lock file, as another process would.
 */
class KeyLeaseGateTest {

    private static final String SESSION = "gate";
    private static final int DC = 2;

    @TempDir
    Path dir;
    private Path sessions;
    private FileSessionStore store;
    private final AtomicReference<SessionStoreException> lost = new AtomicReference<>();
    private final CompletableFuture<Void> lostCalled = new CompletableFuture<>();

    @BeforeEach
    void open() {
        sessions = dir.resolve("sessions");
        store = FileSessionStore.builder(sessions).lockTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private KeyLeaseGate gate(String host) {
        return new KeyLeaseGate(store, SESSION, host, KeyPoolPolicy.DEFAULT, ClientResources.shared(),
                new Events(List.of()), (gate, cause) -> {
                    lost.set(cause);
                    lostCalled.complete(null);
                });
    }

    private static DcAuthState newKey() {
        byte[] key = new byte[256];
        Arrays.fill(key, (byte) 7);
        return new DcAuthState(DC, AuthKey.of(key), 42, 0);
    }

    /** Locks the session as another process would, so the store's next change waits. */
    private FileLock holdStore() {
        try {
            FileChannel channel = FileChannel.open(sessions.resolve(SESSION + ".session.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return channel.lock();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNewKeyMayCarryPacketsWhileTheStoreAddsItAndIsLeasedOnceAdded() throws Exception {
        KeyLeaseGate gate = gate("host-a");
        AtomicReference<FileLock> held = new AtomicReference<>();
        KeyLeaseGate.Obtained got = createHoldingTheStore(gate, held);
        assertTrue(got.created());
        assertFalse(got.stored().isDone(), "the store's add waits for the lock");
        assertTrue(gate.test(System.currentTimeMillis()), "the new key may carry packets meanwhile");
        unlock(held.get());
        assertTrue(got.stored().get(5, TimeUnit.SECONDS));
        assertTrue(gate.test(System.currentTimeMillis()));
        KeyLeaseAttempt other = store.leaseAuthKey(SESSION, DC, "host-b", KeyPoolPolicy.DEFAULT)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertInstanceOf(KeyLeaseAttempt.NoFreeKey.class, other, "the pool holds the key under host-a's lease");
    }

    @Test
    void aNewKeyTheStoreRefusesEndsTheLeaseLikeALostOne() throws Exception {
        KeyLeaseGate gate = gate("host-a");
        KeyLeaseGate.Obtained got = gate.obtain(DC, () -> {
            breakTheStoreDirectory();
            return CompletableFuture.completedFuture(newKey());
        }).get(5, TimeUnit.SECONDS);
        assertFalse(got.stored().get(5, TimeUnit.SECONDS));
        lostCalled.get(5, TimeUnit.SECONDS);
        assertEquals(SessionStoreException.Kind.UNAVAILABLE, lost.get().kind());
        assertFalse(gate.test(System.currentTimeMillis()), "nothing more is sent on a key the store refused");
    }

    @Test
    void releasingWhileTheStoreAddsTheKeyGivesItsLeaseBackOnceAdded() throws Exception {
        KeyLeaseGate gate = gate("host-a");
        AtomicReference<FileLock> held = new AtomicReference<>();
        KeyLeaseGate.Obtained got = createHoldingTheStore(gate, held);
        CompletableFuture<Void> released = gate.release(false);
        assertFalse(gate.test(System.currentTimeMillis()));
        assertFalse(released.isDone(), "the lease is given back once the store has granted it");
        unlock(held.get());
        assertTrue(got.stored().get(5, TimeUnit.SECONDS));
        released.get(5, TimeUnit.SECONDS);
        assertFalse(gate.test(System.currentTimeMillis()));
        // Released, the key rests: its own host takes it back at once.
        KeyLeaseAttempt again = store.leaseAuthKey(SESSION, DC, "host-a", KeyPoolPolicy.DEFAULT)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertInstanceOf(KeyLeaseAttempt.Leased.class, again);
    }

    /** Creates a key with the session locked from the moment the exchange ends, so the store's add waits. */
    private KeyLeaseGate.Obtained createHoldingTheStore(KeyLeaseGate gate, AtomicReference<FileLock> held)
            throws Exception {
        return gate.obtain(DC, () -> {
            held.set(holdStore());
            return CompletableFuture.completedFuture(newKey());
        }).get(5, TimeUnit.SECONDS);
    }

    private static void unlock(FileLock lock) throws IOException {
        lock.release();
        lock.channel().close();
    }

    private void breakTheStoreDirectory() {
        try (Stream<Path> files = Files.list(sessions)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
            Files.delete(sessions);
            Files.writeString(sessions, "not a directory");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
