package dev.heliograph.mtproto.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReceivedIdsTest {

    @Test
    void idsReceivedOutOfOrderAreStillRecognisedAsRepeats() {
        ReceivedIds ids = new ReceivedIds(4);
        ids.add(100);
        ids.add(50);
        ids.add(200);
        assertTrue(ids.contains(50));
        assertTrue(ids.contains(100));
        assertTrue(ids.contains(200));
        assertFalse(ids.contains(150));
        assertFalse(ids.contains(300));
    }

    @Test
    void anEvictedIdIsTooOldAndTheHighestStaysKnownAfterEviction() {
        ReceivedIds ids = new ReceivedIds(2);
        ids.add(300);
        ids.add(100);
        ids.add(200);
        assertFalse(ids.contains(300), "evicted from the ring");
        assertTrue(ids.tooOld(300));
        assertFalse(ids.contains(400));
        assertEquals(2, ids.stateOf(400));
        assertEquals(4, ids.stateOf(200));
    }

    @Test
    void theRingGrowsToItsCapacityKeepingEveryIdAndThenEvictsTheOldest() {
        ReceivedIds ids = new ReceivedIds(40);
        for (long id = 1; id <= 40; id++) {
            ids.add(id);
        }
        for (long id = 1; id <= 40; id++) {
            assertTrue(ids.contains(id), "id " + id + " kept while the ring grew");
        }
        assertFalse(ids.tooOld(1));
        ids.add(41);
        assertFalse(ids.contains(1));
        assertTrue(ids.tooOld(1));
        assertFalse(ids.tooOld(2));
        assertTrue(ids.contains(2));
        assertTrue(ids.contains(41));
        ids.clear();
        assertFalse(ids.contains(41));
        ids.add(42);
        assertTrue(ids.contains(42));
    }
}
