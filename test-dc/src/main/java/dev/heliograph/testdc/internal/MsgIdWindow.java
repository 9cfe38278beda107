package dev.heliograph.testdc.internal;

import java.util.Arrays;

/**
 * The client msg_ids a session has received recently, kept sorted in a small array (idle sessions
 * must stay cheap). Ids below the window's floor can no longer be checked for duplicates. Not
 * thread-safe; guarded by its session.
 */
final class MsgIdWindow {

    /**
     * Large enough for the reordering of the HTTP transport, whose parallel requests (each a
     * container of many messages) may arrive in any order; the array grows only as a session
     * receives messages. A full window drops its oldest quarter, so it keeps 3072 to 4096 ids.
     */
    static final int CAPACITY = 4096;

    private long[] ids = new long[8];
    private int size;
    private long floor = Long.MIN_VALUE;

    /** What the window knows about an id. */
    enum Status { TOO_OLD, SEEN, NEW }

    Status status(long msgId) {
        if (msgId <= floor) {
            return Status.TOO_OLD;
        }
        return Arrays.binarySearch(ids, 0, size, msgId) >= 0 ? Status.SEEN : Status.NEW;
    }

    boolean contains(long msgId) {
        return Arrays.binarySearch(ids, 0, size, msgId) >= 0;
    }

    void add(long msgId) {
        int at = Arrays.binarySearch(ids, 0, size, msgId);
        if (at >= 0) {
            return;
        }
        at = -at - 1;
        if (size == CAPACITY) {
            if (at == 0) {
                // older than everything kept: it only raises the floor
                floor = msgId;
                return;
            }
            // Evict the oldest quarter at once: evicting one id per message moved the whole
            // window (32 KiB) for every message once a session had received 4096.
            int drop = CAPACITY / 4;
            floor = ids[drop - 1];
            System.arraycopy(ids, drop, ids, 0, size - drop);
            size -= drop;
            at -= drop;
            if (at < 0) {
                // older than everything still kept: below the new floor
                return;
            }
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, Math.min(CAPACITY, size * 2));
        }
        System.arraycopy(ids, at, ids, at + 1, size - at);
        ids[at] = msgId;
        size++;
    }

    long floor() {
        return floor;
    }

    long max() {
        return size == 0 ? floor : ids[size - 1];
    }
}
