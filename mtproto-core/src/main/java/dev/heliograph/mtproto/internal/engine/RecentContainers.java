package dev.heliograph.mtproto.internal.engine;

import java.util.Arrays;

/**
 * The inner msg_ids of the latest containers sent, so that a notification about a container's id
 * reaches its messages. A ring that grows up to its capacity and then overwrites the oldest: every
 * container is recorded, a lookup (a bad_msg_notification) is rare, so adding allocates nothing
 * and lookups scan.
 */
final class RecentContainers {

    private static final int INITIAL = 16;

    private final int capacity;
    private long[] ids = new long[0];
    private long[][] inner = new long[0][];
    private int next;

    /**
     * Creates an empty log.
     *
     * @param capacity how many containers are kept at most
     */
    RecentContainers(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Records a container.
     *
     * @param containerId its msg_id (never 0)
     * @param messages the msg_ids of its messages
     */
    void add(long containerId, long[] messages) {
        if (next == ids.length) {
            if (ids.length < capacity) {
                int size = Math.min(capacity, Math.max(INITIAL, ids.length * 2));
                ids = Arrays.copyOf(ids, size);
                inner = Arrays.copyOf(inner, size);
            } else {
                next = 0;
            }
        }
        ids[next] = containerId;
        inner[next] = messages;
        next++;
    }

    /**
     * Takes a container's messages out of the log.
     *
     * @param containerId the id a notification names
     * @return its messages' ids, or null if it is not a container kept here
     */
    long[] remove(long containerId) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == containerId && inner[i] != null) {
                long[] found = inner[i];
                ids[i] = 0;
                inner[i] = null;
                return found;
            }
        }
        return null;
    }

    /** Forgets every container (a new session). */
    void clear() {
        Arrays.fill(ids, 0);
        Arrays.fill(inner, null);
        next = 0;
    }
}
