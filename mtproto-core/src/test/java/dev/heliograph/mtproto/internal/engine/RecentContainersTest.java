package dev.heliograph.mtproto.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RecentContainersTest {

    @Test
    void aContainerIsFoundOnceByItsId() {
        RecentContainers log = new RecentContainers(8);
        log.add(100, new long[] {4, 8});
        log.add(104, new long[] {12});
        assertArrayEquals(new long[] {4, 8}, log.remove(100));
        assertNull(log.remove(100), "taken out");
        assertNull(log.remove(4), "an inner id is not a container");
        assertArrayEquals(new long[] {12}, log.remove(104));
    }

    @Test
    void beyondItsCapacityTheOldestAreForgotten() {
        RecentContainers log = new RecentContainers(32);
        for (long id = 1; id <= 40; id++) {
            log.add(id * 4, new long[] {id});
        }
        for (long id = 1; id <= 8; id++) {
            assertNull(log.remove(id * 4), "container " + id);
        }
        for (long id = 9; id <= 40; id++) {
            assertArrayEquals(new long[] {id}, log.remove(id * 4));
        }
    }

    @Test
    void aNewSessionForgetsEveryContainer() {
        RecentContainers log = new RecentContainers(32);
        log.add(100, new long[] {4});
        log.clear();
        assertNull(log.remove(100));
        log.add(200, new long[] {8});
        assertArrayEquals(new long[] {8}, log.remove(200));
    }
}
