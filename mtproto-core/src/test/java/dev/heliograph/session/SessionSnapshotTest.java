package dev.heliograph.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.impl.InMemorySessionStore;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionSnapshotTest {

    @Test
    void toStringsNeverShowAnAuthKey() {
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        for (DcAuth dc : snapshot.dcs().values()) {
            String keyHex = HexFormat.of().formatHex(dc.authKey().bytes());
            for (String text : List.of(snapshot.toString(), dc.toString(),
                    new SessionChange.AuthKeyCreated(dc).toString(),
                    new KeyLeaseAttempt.Leased(new KeyLease("s", dc.dcId(), dc.authKeyId(), "h", 1,
                            java.time.Instant.EPOCH), dc, List.of()).toString())) {
                assertFalse(text.toLowerCase().contains(keyHex.substring(0, 16).toLowerCase()), text);
            }
        }
    }

    @Test
    void theKeyIdIsTheAuthKeysId() {
        DcAuth dc = SessionFixtures.newDc(2);
        assertEquals(dc.authKey().id(), dc.authKeyId());
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
