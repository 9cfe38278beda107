package dev.heliograph.testdc.internal;

import dev.heliograph.error.RpcException;
import dev.heliograph.tl.TlWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Private messages between accounts and each account's update sequence, written from the server's
 * side of "Working with Updates": every account has its own pts (one per stored message, edit or
 * deleted id), seq (one per {@code updates} object sent to it), date and message ids; its recent
 * events are kept for {@code updates.getDifference}; and each event is pushed to the last active
 * connection of every authorization (auth key) of the account.
 *
 * <p>Pushes run on one thread of their own, in the order events happened, never on the thread
 * that handles a request (which holds its session's lock; a push needs the recipient's).
 * Thread-safe: an account's state is guarded by its {@link Mailbox}; operations on two accounts
 * lock both in id order.
 */
public final class Messaging implements AutoCloseable {

    /** Longest message text, in UTF-16 code units, as on Telegram. */
    static final int MAX_TEXT = 4096;

    /**
     * Limits of the update store.
     *
     * @param sliceLimit most events per {@code updates.getDifference} answer; more make it a
     *     {@code differenceSlice}
     * @param kept events (and messages) kept per account; a client further behind gets
     *     {@code differenceTooLong}
     */
    public record Limits(int sliceLimit, int kept) {

        /** Defaults: slices of 1,000 events, 100,000 kept per account. */
        public static final Limits DEFAULT = new Limits(1000, 100_000);

        /**
         * Validates the limits.
         *
         * @throws IllegalArgumentException if one is not positive
         */
        public Limits {
            if (sliceLimit < 1 || kept < 1) {
                throw new IllegalArgumentException("update limits must be positive");
            }
        }
    }

    /** Serializes one push in the layer of the connection it goes to. */
    interface Body {
        void write(LayerAnswers<?> layer, TlWriter w);
    }

    private final Map<Long, Mailbox> boxes = new ConcurrentHashMap<>();
    private final LongFunction<Account> accounts;
    private final LongSupplier millis;
    private volatile Limits limits;
    /** Most queued pushes the push thread takes at once. */
    private static final int MAX_BATCH = 4096;

    private final LinkedBlockingQueue<Push> queue = new LinkedBlockingQueue<>();
    private final Thread pusher = new Thread(this::deliverLoop, "test-dc-updates");

    /**
     * Creates the messaging state of a cluster.
     *
     * @param accounts finds an account by user id (null if unknown)
     * @param millis the cluster's wall clock
     * @param limits the update store's limits
     */
    public Messaging(LongFunction<Account> accounts, LongSupplier millis, Limits limits) {
        this.accounts = accounts;
        this.millis = millis;
        this.limits = limits;
        pusher.setDaemon(true);
        pusher.start();
    }

    /**
     * Changes the update store's limits (for accounts created afterwards, and slices from now on).
     *
     * @param limits the limits
     */
    public void limits(Limits limits) {
        this.limits = limits;
    }

    Mailbox box(long accountId) {
        return boxes.computeIfAbsent(accountId, id -> new Mailbox(id, limits.kept()));
    }

    private int now() {
        return (int) (millis.getAsLong() / 1000);
    }

    // ---- authorizations -------------------------------------------------------------------

    /** Binds an auth key to an account: its connections get the account's updates. */
    void authorized(AuthKeyState key, long accountId) {
        Mailbox b = box(accountId);
        b.keys.add(key);
        synchronized (b) {
            b.forgetIntroductions();
        }
    }

    /** Unbinds an auth key (log out, forgotten or revoked key). */
    void unauthorized(AuthKeyState key, long accountId) {
        Mailbox b = boxes.get(accountId);
        if (b != null) {
            b.keys.remove(key);
        }
    }

    // ---- knobs ------------------------------------------------------------------------------

    /**
     * Drops the account's next {@code n} pushes (the events stay; clients must find the gap).
     *
     * @param accountId the account
     * @param n how many pushes
     */
    public void dropPushes(long accountId, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative");
        }
        box(accountId).dropPushes.set(n);
    }

    /**
     * Pushes {@code updatesTooLong} to the account's authorizations now.
     *
     * @param accountId the account
     */
    public void pushTooLong(long accountId) {
        Mailbox b = box(accountId);
        push(b, null, (a, w) -> w.writeInt(Ids.UPDATES_TOO_LONG), false);
    }

    // ---- operations -------------------------------------------------------------------------

    /**
     * What {@code messages.sendMessage} did: the sender's copy (possibly an earlier one when the
     * random_id was seen before with the same content).
     */
    record Sent(StoredMessage message) {
    }

    Sent send(Account from, long toId, String text, Entity[] entities, int replyTo, long randomId,
            AuthKeyState origin) {
        checkText(text, entities);
        Account to = accounts.apply(toId);
        if (to == null || toId == from.id()) {
            throw RpcException.of(400, "PEER_ID_INVALID");
        }
        if (from.bot() && to.bot()) {
            throw RpcException.of(400, "USER_IS_BOT");
        }
        Mailbox s = box(from.id());
        Mailbox r = box(toId);
        StoredMessage mine;
        StoredMessage theirs;
        boolean introduce;
        int seq;
        Mailbox first = s.owner < r.owner ? s : r;
        Mailbox second = first == s ? r : s;
        synchronized (first) {
            synchronized (second) {
                StoredMessage seen = randomId == 0 ? null : s.byRandomId(randomId);
                if (seen != null) {
                    if (seen.peerId() == toId && seen.sameContent(text, entities)) {
                        return new Sent(seen);
                    }
                    throw RpcException.of(400, "RANDOM_ID_DUPLICATE");
                }
                int date = now();
                StoredMessage answered = replyTo == 0 ? null : s.message(replyTo);
                boolean replies = answered != null && answered.peerId() == toId;
                int myId = s.lastMsgId + 1;
                int theirId = r.lastMsgId + 1;
                mine = new StoredMessage(myId, toId, true, date, text, entities, replies ? replyTo : 0, 0, randomId,
                        theirId, s.pts + 1);
                theirs = new StoredMessage(theirId, from.id(), false, date, text, entities,
                        replies ? answered.peerMsgId() : 0, 0, 0, myId, r.pts + 1);
                s.store(mine);
                s.event(1, Mailbox.Kind.NEW, mine, null, date);
                r.store(theirs);
                r.event(1, Mailbox.Kind.NEW, theirs, null, date);
                // bots cannot look users up (no dialogs, no contacts), so they always get the sender
                introduce = r.introduce(from.id()) || to.bot();
                seq = introduce ? ++r.seq : 0;
                StoredMessage m = theirs;
                if (introduce) {
                    push(r, null, (a, w) -> a.writeUpdatesWithMessage(w, false, m, to.id(), from, seq), true);
                } else {
                    push(r, null, (a, w) -> a.writeUpdateShortMessage(w, m), true);
                }
                StoredMessage own = mine;
                push(s, origin, (a, w) -> a.writeUpdateShortMessage(w, own), true);
            }
        }
        return new Sent(mine);
    }

    /** What {@code messages.editMessage} answers the editor: {@code updates} with the new version. */
    Body edit(Account by, long peerId, int id, String text, Entity[] entities, AuthKeyState origin) {
        checkText(text, entities);
        Account peer = accounts.apply(peerId);
        if (peer == null) {
            throw RpcException.of(400, "PEER_ID_INVALID");
        }
        Mailbox s = box(by.id());
        Mailbox r = box(peerId);
        StoredMessage mine;
        int mySeq;
        Mailbox first = s.owner < r.owner ? s : r;
        Mailbox second = first == s ? r : s;
        synchronized (first) {
            synchronized (second) {
                StoredMessage old = s.message(id);
                if (old == null || !old.out() || old.peerId() != peerId) {
                    throw RpcException.of(400, "MESSAGE_ID_INVALID");
                }
                if (old.sameContent(text, entities)) {
                    throw RpcException.of(400, "MESSAGE_NOT_MODIFIED");
                }
                int date = now();
                mine = old.edited(text, entities, date, s.pts + 1);
                s.replace(mine);
                s.event(1, Mailbox.Kind.EDIT, mine, null, date);
                mySeq = ++s.seq;
                StoredMessage copy = r.message(old.peerMsgId());
                if (copy != null) {
                    StoredMessage theirs = copy.edited(text, entities, date, r.pts + 1);
                    r.replace(theirs);
                    r.event(1, Mailbox.Kind.EDIT, theirs, null, date);
                    int theirSeq = ++r.seq;
                    push(r, null, (a, w) -> a.writeUpdatesWithMessage(w, true, theirs, peerId, by, theirSeq), true);
                }
                StoredMessage own = mine;
                int seq = mySeq;
                push(s, origin, (a, w) -> a.writeUpdatesWithMessage(w, true, own, by.id(), peer, seq), true);
            }
        }
        StoredMessage own = mine;
        int seq = mySeq;
        return (a, w) -> a.writeUpdatesWithMessage(w, true, own, by.id(), peer, seq);
    }

    /**
     * Deletes messages of the caller (and with {@code revoke} the other side's copies).
     *
     * @return {pts, pts_count} for {@code messages.affectedMessages}
     */
    int[] delete(Account by, int[] ids, boolean revoke, AuthKeyState origin) {
        Mailbox s = box(by.id());
        Map<Long, List<Integer>> peersCopies = new LinkedHashMap<>();
        List<Mailbox> locked = new ArrayList<>();
        locked.add(s);
        synchronized (s) {
            for (int id : ids) {
                StoredMessage m = s.message(id);
                if (m != null && revoke) {
                    peersCopies.computeIfAbsent(m.peerId(), p -> new ArrayList<>()).add(m.peerMsgId());
                }
            }
        }
        for (long p : peersCopies.keySet()) {
            locked.add(box(p));
        }
        locked.sort(Comparator.comparingLong(b -> b.owner));
        int[][] result = new int[1][];
        Map<Mailbox, int[]> peerEvents = new LinkedHashMap<>();
        lockAll(locked, 0, () -> {
            List<Integer> gone = new ArrayList<>();
            for (int id : ids) {
                StoredMessage m = s.message(id);
                if (m != null) {
                    gone.add(id);
                    if (revoke) {
                        Mailbox p = box(m.peerId());
                        if (p.message(m.peerMsgId()) != null) {
                            p.delete(m.peerMsgId());
                            peerEvents.merge(p, new int[] {m.peerMsgId()}, Messaging::concat);
                        }
                    }
                    s.delete(id);
                }
            }
            int date = now();
            int[] mine = gone.stream().mapToInt(Integer::intValue).toArray();
            if (mine.length > 0) {
                s.event(mine.length, Mailbox.Kind.DELETE, null, mine, date);
            }
            for (Map.Entry<Mailbox, int[]> e : peerEvents.entrySet()) {
                Mailbox p = e.getKey();
                p.event(e.getValue().length, Mailbox.Kind.DELETE, null, e.getValue(), date);
                pushDelete(p, null, e.getValue(), p.pts, date);
            }
            result[0] = new int[] {s.pts, mine.length};
            if (mine.length > 0) {
                pushDelete(s, origin, mine, s.pts, date);
            }
        });
        return result[0];
    }

    private void pushDelete(Mailbox b, AuthKeyState origin, int[] ids, int pts, int date) {
        push(b, origin, (a, w) -> {
            w.writeInt(Ids.UPDATE_SHORT);
            LayerAnswers.writeDeleteMessages(w, ids, pts);
            w.writeInt(date);
        }, true);
    }

    private static void lockAll(List<Mailbox> boxes, int i, Runnable body) {
        if (i == boxes.size()) {
            body.run();
            return;
        }
        synchronized (boxes.get(i)) {
            lockAll(boxes, i + 1, body);
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code messages.setTyping}: the peer sees {@code updateUserTyping}; nothing is stored. */
    void typing(Account from, long peerId, byte[] action) {
        if (accounts.apply(peerId) == null || peerId == from.id()) {
            throw RpcException.of(400, "PEER_ID_INVALID");
        }
        int date = now();
        push(box(peerId), null, (a, w) -> {
            w.writeInt(Ids.UPDATE_SHORT);
            a.writeUserTyping(w, from.id(), action);
            w.writeInt(date);
        }, false);
    }

    /** Writes {@code updates.state} of an account. */
    void writeState(TlWriter w, long accountId) {
        Mailbox b = box(accountId);
        synchronized (b) {
            writeState(w, b);
        }
    }

    private void writeState(TlWriter w, Mailbox b) {
        w.writeInt(Ids.UPDATES_STATE);
        w.writeInt(b.pts);
        w.writeInt(0);
        w.writeInt(b.date != 0 ? b.date : now());
        w.writeInt(b.seq);
        w.writeInt(0);
    }

    /**
     * Answers {@code updates.getDifference} from {@code clientPts}.
     *
     * @param totalLimit the client's {@code pts_total_limit} (0 if none): further behind than
     *     that gets {@code differenceTooLong}
     */
    void writeDifference(TlWriter w, LayerAnswers<?> layer, Account owner, int clientPts, int totalLimit) {
        Mailbox b = box(owner.id());
        List<Mailbox.Event> events = new ArrayList<>();
        Map<Long, Account> users = new LinkedHashMap<>();
        int pts;
        int seq;
        int date;
        boolean slice;
        synchronized (b) {
            pts = b.pts;
            seq = b.seq;
            date = b.date != 0 ? b.date : now();
            if (clientPts > pts || clientPts < 0) {
                throw RpcException.of(400, "PERSISTENT_TIMESTAMP_INVALID");
            }
            if (clientPts == pts) {
                w.writeInt(Ids.DIFFERENCE_EMPTY);
                w.writeInt(date);
                w.writeInt(seq);
                return;
            }
            int start = b.firstEventAfter(clientPts);
            if (start < 0 || (totalLimit > 0 && pts - clientPts > totalLimit)) {
                w.writeInt(Ids.DIFFERENCE_TOO_LONG);
                w.writeInt(pts);
                return;
            }
            int end = Math.min(b.events.size(), start + limits.sliceLimit());
            slice = end < b.events.size();
            for (int i = start; i < end; i++) {
                Mailbox.Event e = b.events.get(i);
                if (e.kind() == Mailbox.Kind.NEW) {
                    StoredMessage now = b.message(e.message().id());
                    if (now == null) {
                        continue;
                    }
                    e = new Mailbox.Event(e.pts(), 1, Mailbox.Kind.NEW, now, null);
                }
                events.add(e);
            }
            if (slice) {
                Mailbox.Event last = b.events.get(end - 1);
                pts = last.pts();
                date = Math.max(1, lastDate(events, date));
            }
        }
        for (Mailbox.Event e : events) {
            if (e.message() != null) {
                long p = e.message().peerId();
                users.computeIfAbsent(p, accounts::apply);
            }
        }
        users.values().removeIf(a -> a == null);
        w.writeInt(slice ? Ids.DIFFERENCE_SLICE : Ids.DIFFERENCE);
        int news = 0;
        for (Mailbox.Event e : events) {
            news += e.kind() == Mailbox.Kind.NEW ? 1 : 0;
        }
        w.writeInt(TlWriter.VECTOR_ID);
        w.writeInt(news);
        for (Mailbox.Event e : events) {
            if (e.kind() == Mailbox.Kind.NEW) {
                layer.writeMessage(w, e.message(), owner.id());
            }
        }
        LayerAnswers.writeEmptyVector(w);
        w.writeInt(TlWriter.VECTOR_ID);
        w.writeInt(events.size() - news);
        for (Mailbox.Event e : events) {
            if (e.kind() == Mailbox.Kind.EDIT) {
                layer.writeMessageUpdate(w, true, e.message(), owner.id());
            } else if (e.kind() == Mailbox.Kind.DELETE) {
                LayerAnswers.writeDeleteMessages(w, e.deleted(), e.pts());
            }
        }
        LayerAnswers.writeEmptyVector(w);
        layer.writeUsers(w, users.values());
        w.writeInt(Ids.UPDATES_STATE);
        w.writeInt(pts);
        w.writeInt(0);
        w.writeInt(date);
        w.writeInt(seq);
        w.writeInt(0);
    }

    private static int lastDate(List<Mailbox.Event> events, int fallback) {
        for (int i = events.size() - 1; i >= 0; i--) {
            StoredMessage m = events.get(i).message();
            if (m != null) {
                return Math.max(m.date(), m.editDate());
            }
        }
        return fallback;
    }

    /**
     * Reads an account's copies of the messages it exchanged with a peer, oldest first.
     *
     * @param accountId the account
     * @param peerId the peer, or 0 for every peer
     * @return the messages still kept
     */
    private List<StoredMessage> messages(long accountId, long peerId) {
        Mailbox b = box(accountId);
        List<StoredMessage> out = new ArrayList<>();
        synchronized (b) {
            for (int i = 0; i < b.messages.size(); i++) {
                StoredMessage m = b.messages.get(i);
                if (m != null && (peerId == 0 || m.peerId() == peerId)) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /**
     * Sends a message as an account without a client ({@link dev.heliograph.testdc.TestUser}).
     *
     * @param from the sender
     * @param toId the recipient
     * @param text the text
     * @param replyTo the id (sender's space) it answers, or 0
     * @param randomId the random_id
     * @return the sender's copy
     */
    public dev.heliograph.testdc.PrivateMessage sendAs(Account from, long toId, String text, int replyTo,
            long randomId) {
        return view(from.id(), send(from, toId, text, new Entity[0], replyTo, randomId, null).message());
    }

    /**
     * Returns an account's copies of its messages with a peer, oldest first.
     *
     * @param accountId the account
     * @param peerId the peer, or 0 for all
     * @return the messages still kept
     */
    public List<dev.heliograph.testdc.PrivateMessage> messagesOf(long accountId, long peerId) {
        List<dev.heliograph.testdc.PrivateMessage> out = new ArrayList<>();
        for (StoredMessage m : messages(accountId, peerId)) {
            out.add(view(accountId, m));
        }
        return out;
    }

    private static dev.heliograph.testdc.PrivateMessage view(long owner, StoredMessage m) {
        return new dev.heliograph.testdc.PrivateMessage(m.id(), m.out() ? owner : m.peerId(), m.peerId(), m.out(),
                m.date(), m.text(), m.replyTo(), m.editDate());
    }

    private static void checkText(String text, Entity[] entities) {
        if (text.isBlank()) {
            throw RpcException.of(400, "MESSAGE_EMPTY");
        }
        if (text.length() > MAX_TEXT) {
            throw RpcException.of(400, "MESSAGE_TOO_LONG");
        }
        for (Entity e : entities) {
            if (e.offset() < 0 || e.length() <= 0 || (long) e.offset() + e.length() > text.length()) {
                throw RpcException.of(400, "ENTITY_BOUNDS_INVALID");
            }
        }
    }

    // ---- pushes -----------------------------------------------------------------------------

    /** One queued push, or a task to run once every earlier push went out. */
    private record Push(Mailbox box, AuthKeyState origin, Body body, Runnable after) {
    }

    /** Pushes bound for one authorization's connection, in order. */
    private record Target(DcConnection conn, AuthKeyState key) {
    }

    /**
     * Queues an update for the last active connection of each authorization of an account except
     * {@code origin} (the one whose request caused it, which gets the answer instead). Called with
     * the account's mailbox locked, so updates leave in the order of their pts.
     *
     * @param droppable whether the drop knob applies (pts-bearing updates)
     */
    private void push(Mailbox b, AuthKeyState origin, Body body, boolean droppable) {
        if (droppable && takeDrop(b)) {
            return;
        }
        if (!b.keys.isEmpty()) {
            queue.add(new Push(b, origin, body, null));
        }
    }

    /**
     * The push thread: takes what is queued, serializes each update once per layer, and hands each
     * connection its updates together (one packet, a container when there are several).
     */
    private void deliverLoop() {
        List<Push> batch = new ArrayList<>();
        Map<Target, List<byte[]>> out = new LinkedHashMap<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH);
                for (Push p : batch) {
                    if (p.after() != null) {
                        send(out);
                        p.after().run();
                        continue;
                    }
                    byte[][] byLayer = new byte[LayerAnswers.layerCount()][];
                    for (AuthKeyState key : p.box().keys) {
                        DcConnection conn = key.updatesConnection;
                        if (key == p.origin() || conn == null || conn.isClosed()) {
                            continue;
                        }
                        LayerAnswers<?> layer = LayerAnswers.forLayer(conn.layer != 0 ? conn.layer : key.layer);
                        int i = layer.index();
                        if (byLayer[i] == null) {
                            TlWriter w = new TlWriter(256);
                            p.body().write(layer, w);
                            byLayer[i] = w.toByteArray();
                        }
                        out.computeIfAbsent(new Target(conn, key), t -> new ArrayList<>()).add(byLayer[i]);
                    }
                }
                send(out);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(Map<Target, List<byte[]>> out) {
        for (Map.Entry<Target, List<byte[]>> e : out.entrySet()) {
            e.getKey().conn().pushUpdates(e.getKey().key(), e.getValue());
        }
        out.clear();
    }

    private static boolean takeDrop(Mailbox b) {
        while (true) {
            int n = b.dropPushes.get();
            if (n <= 0) {
                return false;
            }
            if (b.dropPushes.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }

    /**
     * Runs after every push queued so far has been handed to its connection (tests and benchmarks).
     *
     * @param task what to run on the push thread
     */
    void afterPushes(Runnable task) {
        queue.add(new Push(null, null, null, task));
    }

    /** Stops the push thread. */
    @Override
    public void close() {
        pusher.interrupt();
    }
}
