package dev.heliograph.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.SessionStoreException;
import dev.heliograph.tl.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionSnapshotTest {

    @Test
    void toStringsNeverShowAnAuthKey() {
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        for (DcAuth dc : snapshot.dcs().values()) {
            String keyHex = dc.authKey().toHex();
            for (String text : List.of(snapshot.toString(), dc.toString(),
                    new SessionChange.AuthKeyCreated(dc).toString(),
                    new LeaseAttempt.Existing(dc).toString())) {
                assertFalse(text.toLowerCase().contains(keyHex.substring(0, 16).toLowerCase()), text);
            }
        }
    }

    @Test
    void keyIdIsTheLowSixtyFourBitsOfSha1LittleEndian() {
        // SHA-1 of 256 zero bytes is b376885ac8452b6cbf9ced81b1080bfd570d9b91; bytes 12..19 read LE.
        assertEquals(0x919b0d57fd0b08b1L, DcAuth.keyIdOf(Bytes.wrap(new byte[256])));
    }

    @Test
    void aKeyIdThatDoesNotBelongToTheKeyIsRejected() {
        Bytes key = SessionFixtures.randomKey();
        assertThrows(IllegalArgumentException.class,
                () -> new DcAuth(2, key, DcAuth.keyIdOf(key) + 1, List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> DcAuth.created(2, Bytes.wrap(new byte[255]), 0, 0));
    }

    @Test
    void changesThatDoNotApplyReturnTheSameSnapshot() {
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        assertSame(snapshot, snapshot.apply(new SessionChange.AuthKeyRevoked(2, 12345)));
        assertSame(snapshot, snapshot.apply(new SessionChange.ServerSaltsUpdated(9, 1, List.of())));
    }

    @Test
    void emptyIsEmptyAndAFilledSnapshotIsNot() {
        assertTrue(SessionSnapshot.empty().isEmpty());
        assertTrue(SessionSnapshot.builder().build().isEmpty());
        assertFalse(SessionFixtures.fullSnapshot().isEmpty());
    }

    @Test
    void sessionNamesFitFilesAndHashTags() {
        assertEquals("bot-1.main_A", SessionNames.requireValid("bot-1.main_A"));
        SessionStoreException e = assertThrows(SessionStoreException.class, () -> SessionNames.requireValid("a}b"));
        assertEquals(SessionStoreException.Kind.INVALID, e.kind());
    }

    @Test
    void copyMovesASessionBetweenStores() {
        InMemorySessionStore from = new InMemorySessionStore();
        InMemorySessionStore to = new InMemorySessionStore();
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        from.replace("a", snapshot).toCompletableFuture().join();
        SessionStores.copy(from, "a", to, "b").toCompletableFuture().join();
        assertEquals(snapshot, to.load("b").toCompletableFuture().join());
    }
}
