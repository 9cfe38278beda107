package dev.heliograph.mtproto.internal.engine;

import java.util.Arrays;

/**
 * The recently received server msg_ids, for duplicate detection. A ring that grows up to its
 * capacity (an idle session receives a few ids, and ten thousand of them in one JVM should not
 * hold 8 KiB each) and then overwrites the oldest: ids at or below the highest evicted one can no
 * longer be checked and are rejected as too old.
 */
final class ReceivedIds {

    private static final int INITIAL = 16;

    private final int capacity;
    private long[] ring = new long[0];
    private int next;
    private int size;
    private long floor;
    /** The highest id ever added: server msg_ids mostly grow, so most new ids skip the scan. */
    private long highest = Long.MIN_VALUE;

    ReceivedIds(int capacity) {
        this.capacity = capacity;
    }

    boolean contains(long id) {
        if (id > highest) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (ring[i] == id) {
                return true;
            }
        }
        return false;
    }

    boolean tooOld(long id) {
        return id <= floor;
    }

    void add(long id) {
        if (size == ring.length && ring.length < capacity) {
            // Below capacity the ring has never wrapped: its ids are in order, the next goes after them.
            ring = Arrays.copyOf(ring, Math.min(capacity, Math.max(INITIAL, ring.length * 2)));
            next = size;
        }
        if (size == ring.length) {
            floor = Math.max(floor, ring[next]);
        } else {
            size++;
        }
        ring[next] = id;
        highest = Math.max(highest, id);
        next = (next + 1) % ring.length;
    }

    /** Forgets every id, for a new session. */
    void clear() {
        next = 0;
        size = 0;
        floor = 0;
    }

    /** Returns the msgs_state_info byte for a msg_id the server asks about (1, 2 or 4). */
    int stateOf(long id) {
        if (contains(id)) {
            return 4;
        }
        return tooOld(id) ? 1 : 2;
    }
}
