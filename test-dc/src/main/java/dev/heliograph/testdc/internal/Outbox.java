package dev.heliograph.testdc.internal;

import dev.heliograph.tl.TlWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The messages one incoming packet produced, sent back as one encrypted packet (a
 * {@code msg_container} when there is more than one). msg_ids and seq_nos are assigned when the
 * packet is written, so a delayed reply carries the time it leaves.
 */
final class Outbox {

    /** One outgoing message; {@code fixedMsgId != 0} for a resent message that keeps its ids. */
    private record Item(byte[] body, boolean content, boolean response, long reqMsgId, long fixedMsgId,
            int fixedSeqNo) {
    }

    private final DcConnection conn;
    private final AuthKeyState key;
    final long sessionId;
    SessionState session;
    private final List<Item> items = new ArrayList<>(2);
    private boolean drop;

    Outbox(DcConnection conn, AuthKeyState key, long sessionId) {
        this.conn = conn;
        this.key = key;
        this.sessionId = sessionId;
    }

    void add(byte[] body, boolean content, boolean response, Long reqMsgId) {
        items.add(new Item(body, content, response, reqMsgId == null ? 0 : reqMsgId, 0, 0));
    }

    void badMsg(long badMsgId, int badSeqNo, int code) {
        TlWriter w = new TlWriter(20);
        w.writeInt(Ids.BAD_MSG_NOTIFICATION);
        w.writeLong(badMsgId);
        w.writeInt(badSeqNo);
        w.writeInt(code);
        add(w.toByteArray(), false, true, null);
    }

    void badServerSalt(long badMsgId, int badSeqNo, long newSalt) {
        TlWriter w = new TlWriter(28);
        w.writeInt(Ids.BAD_SERVER_SALT);
        w.writeLong(badMsgId);
        w.writeInt(badSeqNo);
        w.writeInt(48);
        w.writeLong(newSalt);
        add(w.toByteArray(), false, true, null);
    }

    void newSessionCreated(long firstMsgId, long salt) {
        TlWriter w = new TlWriter(28);
        w.writeInt(Ids.NEW_SESSION_CREATED);
        w.writeLong(firstMsgId);
        w.writeLong(conn.dc.random.nextLong());
        w.writeLong(salt);
        add(w.toByteArray(), true, false, null);
    }

    /** Resends kept messages with their own ids; ids the session no longer has get a state report. */
    void resend(SessionState s, long reqMsgId, List<Long> ids) {
        List<Long> unknown = new ArrayList<>();
        for (long id : ids) {
            SessionState.SentMessage m = s.sent(id);
            if (m == null) {
                unknown.add(id);
            } else {
                items.add(new Item(m.body(), true, true, 0, m.msgId(), m.seqNo()));
            }
        }
        if (!unknown.isEmpty()) {
            byte[] info = new byte[unknown.size()];
            // 1: the server does not know these ids (they are its own, long gone or never sent)
            Arrays.fill(info, (byte) 1);
            TlWriter w = new TlWriter(16 + info.length + 4);
            w.writeInt(Ids.MSGS_STATE_INFO);
            w.writeLong(reqMsgId);
            w.writeBytes(info, 0, info.length);
            add(w.toByteArray(), false, true, null);
        }
    }

    boolean isEmpty() {
        return items.isEmpty() && !drop;
    }

    void dropBeforeReply() {
        drop = true;
    }

    void flush() {
        if (drop) {
            conn.close();
            return;
        }
        if (items.isEmpty()) {
            return;
        }
        Duration delay = conn.dc.knobs.replyDelay();
        List<Long> acks = new ArrayList<>();
        for (Item i : items) {
            if (i.reqMsgId() != 0) {
                acks.add(i.reqMsgId());
            }
        }
        if (delay.isZero() || acks.isEmpty()) {
            conn.send(encode(items));
            return;
        }
        TlWriter ack = new TlWriter(16 + acks.size() * 8);
        ack.writeInt(Ids.MSGS_ACK);
        ack.writeLongVector(acks);
        conn.send(encode(List.of(new Item(ack.toByteArray(), false, false, 0, 0, 0))));
        List<Item> later = List.copyOf(items);
        conn.dc.scheduler.schedule(() -> conn.send(encode(later)), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private byte[] encode(List<Item> list) {
        SessionState s = session;
        if (s == null) {
            return encrypt(list.size() == 1 ? list.get(0).body() : container(list, null), msgIdFor(list), 0);
        }
        synchronized (s) {
            if (list.size() == 1) {
                Item i = list.get(0);
                long msgId = i.fixedMsgId() != 0 ? i.fixedMsgId() : conn.dc.clock.nextMsgId(i.response());
                int seqNo = i.fixedMsgId() != 0 ? i.fixedSeqNo() : s.nextSeqNo(i.content());
                remember(s, i, msgId, seqNo);
                return encrypt(i.body(), msgId, seqNo);
            }
            byte[] body = container(list, s);
            return encrypt(body, conn.dc.clock.nextMsgId(false), s.nextSeqNo(false));
        }
    }

    private long msgIdFor(List<Item> list) {
        return conn.dc.clock.nextMsgId(list.size() == 1 && list.get(0).response());
    }

    private byte[] container(List<Item> list, SessionState s) {
        int size = 8;
        for (Item i : list) {
            size += 16 + i.body().length;
        }
        TlWriter w = new TlWriter(size);
        w.writeInt(Ids.MSG_CONTAINER);
        w.writeInt(list.size());
        for (Item i : list) {
            long msgId = i.fixedMsgId() != 0 ? i.fixedMsgId() : conn.dc.clock.nextMsgId(i.response());
            int seqNo;
            if (i.fixedMsgId() != 0) {
                seqNo = i.fixedSeqNo();
            } else if (s != null) {
                seqNo = s.nextSeqNo(i.content());
            } else {
                seqNo = 0;
            }
            if (s != null) {
                remember(s, i, msgId, seqNo);
            }
            w.writeLong(msgId);
            w.writeInt(seqNo);
            w.writeInt(i.body().length);
            w.writeRaw(i.body());
        }
        return w.toByteArray();
    }

    private static void remember(SessionState s, Item i, long msgId, int seqNo) {
        if (i.content() && i.fixedMsgId() == 0) {
            s.rememberSent(new SessionState.SentMessage(msgId, seqNo, i.body()));
        }
    }

    private byte[] encrypt(byte[] body, long msgId, int seqNo) {
        int padding = 12 + (16 - (32 + body.length + 12) % 16) % 16;
        byte[] plain = new byte[32 + body.length + padding];
        DcConnection.putLong(plain, 0, key.salt);
        DcConnection.putLong(plain, 8, sessionId);
        DcConnection.putLong(plain, 16, msgId);
        DcConnection.putInt(plain, 24, seqNo);
        DcConnection.putInt(plain, 28, body.length);
        System.arraycopy(body, 0, plain, 32, body.length);
        byte[] pad = conn.dc.random.bytes(padding);
        System.arraycopy(pad, 0, plain, 32 + body.length, padding);
        return conn.dc.crypto.encryptMessage(key.key, plain, 0, plain.length, false);
    }
}
