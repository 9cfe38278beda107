package dev.heliograph.testdc.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One account's update state (pts, seq, date), its recent events and messages, and the
 * authorizations (auth keys) updates are pushed to. Guarded by its own monitor, except
 * {@link #keys} and {@link #dropPushes}.
 */
final class Mailbox {

    /** What happened at a pts. */
    enum Kind { NEW, EDIT, DELETE }

    /**
     * One pts-bearing event.
     *
     * @param pts the pts after the event
     * @param ptsCount how many pts it took
     * @param kind what happened
     * @param message the message (NEW, EDIT)
     * @param deleted the deleted ids (DELETE)
     */
    record Event(int pts, int ptsCount, Kind kind, StoredMessage message, int[] deleted) {
    }

    final long owner;
    int pts;
    int seq;
    int date;
    /** The newest message id used in this account's id space. */
    int lastMsgId;
    final Ring<Event> events;
    /** The newest messages by id: index {@code id - (lastMsgId - size + 1)}; deleted ones are null. */
    final Ring<StoredMessage> messages;
    private Map<Long, StoredMessage> byRandomId;
    private Set<Long> introduced;
    final Set<AuthKeyState> keys = ConcurrentHashMap.newKeySet(2);
    final AtomicInteger dropPushes = new AtomicInteger();

    Mailbox(long owner, int kept) {
        this.owner = owner;
        this.events = new Ring<>(kept);
        this.messages = new Ring<>(kept);
    }

    StoredMessage message(int id) {
        int first = lastMsgId - messages.size() + 1;
        if (id < first || id > lastMsgId) {
            return null;
        }
        return messages.get(id - first);
    }

    void replace(StoredMessage m) {
        messages.set(m.id() - (lastMsgId - messages.size() + 1), m);
        if (m.randomId() != 0) {
            byRandomId.put(m.randomId(), m);
        }
    }

    void delete(int id) {
        StoredMessage m = message(id);
        if (m != null) {
            messages.set(id - (lastMsgId - messages.size() + 1), null);
            if (m.randomId() != 0) {
                byRandomId.remove(m.randomId());
            }
        }
    }

    /** Stores a new message whose id is {@code lastMsgId + 1}. */
    void store(StoredMessage m) {
        lastMsgId = m.id();
        StoredMessage gone = messages.add(m);
        if (gone != null && gone.randomId() != 0) {
            byRandomId.remove(gone.randomId());
        }
        if (m.randomId() != 0) {
            if (byRandomId == null) {
                byRandomId = new HashMap<>();
            }
            byRandomId.put(m.randomId(), m);
        }
    }

    StoredMessage byRandomId(long randomId) {
        return byRandomId == null ? null : byRandomId.get(randomId);
    }

    void event(int ptsCount, Kind kind, StoredMessage message, int[] deleted, int now) {
        pts += ptsCount;
        date = now;
        events.add(new Event(pts, ptsCount, kind, message, deleted));
    }

    /** Index of the first kept event after {@code clientPts}; -1 if events after it are no longer kept. */
    int firstEventAfter(int clientPts) {
        int lo = 0;
        int hi = events.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events.get(mid).pts() <= clientPts) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo < events.size()) {
            Event e = events.get(lo);
            if (e.pts() - e.ptsCount() > clientPts) {
                return -1;
            }
        }
        return lo;
    }

    /** Records that the owner's clients have seen a user in full; returns true the first time. */
    boolean introduce(long userId) {
        if (introduced == null) {
            introduced = new HashSet<>(4);
        }
        return introduced.add(userId);
    }

    /** A new authorization knows nobody yet: introduce every peer again. */
    void forgetIntroductions() {
        if (introduced != null) {
            introduced.clear();
        }
    }
}
