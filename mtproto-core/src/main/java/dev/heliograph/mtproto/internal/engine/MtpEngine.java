package dev.heliograph.mtproto.internal.engine;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.error.ProtocolException;
import dev.heliograph.error.RpcException;
import dev.heliograph.error.SecurityCheckException.Check;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.error.TlDecodeException;
import dev.heliograph.tl.Bytes;
import dev.heliograph.tl.TlLimits;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlRegistry;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.mtproto.BadServerSalt;
import dev.heliograph.tl.mtproto.BaseBadMsgNotification;
import dev.heliograph.tl.mtproto.BaseFutureSalt;
import dev.heliograph.tl.mtproto.BaseFutureSalts;
import dev.heliograph.tl.mtproto.BaseHttpWait;
import dev.heliograph.tl.mtproto.BaseMsgDetailedInfo;
import dev.heliograph.tl.mtproto.BaseMsgResendReq;
import dev.heliograph.tl.mtproto.BaseMsgsAck;
import dev.heliograph.tl.mtproto.BaseMsgsStateInfo;
import dev.heliograph.tl.mtproto.BaseMsgsStateReq;
import dev.heliograph.tl.mtproto.BasePong;
import dev.heliograph.tl.mtproto.BaseRpcError;
import dev.heliograph.tl.mtproto.MsgNewDetailedInfo;
import dev.heliograph.tl.mtproto.NewSessionCreated;
import dev.heliograph.tl.mtproto.functions.GetFutureSalts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The MTProto 2.0 session engine (MTPROTO-NOTES 4 to 6) as a pure state machine over byte arrays:
 * {@link #enqueue} messages, {@link #pack} them into encrypted packets, {@link #receive} packets
 * into {@link Inbound} events. It owns msg_id and seq_no generation, the server salt and clock
 * offset, acknowledgements, containers, gzip, resending after {@code bad_server_salt} and
 * {@code bad_msg_notification}, and the bookkeeping the sender needs after a reconnect. It does no
 * I/O and reads no clock: every method that needs the time takes {@code nowMillis}.
 *
 * <p>Not thread-safe, by design: the sender confines an engine to its connection's serial
 * executor, so no locks are needed.
 */
public final class MtpEngine {

    static final int MSG_CONTAINER = 0x73f1f8dc;
    static final int RPC_RESULT = 0xf35c6d01;
    static final int GZIP_PACKED = TlReader.GZIP_PACKED_ID;

    /** Bodies at least this large are offered to gzip. */
    static final int GZIP_THRESHOLD = 512;
    private static final int MAX_CONTAINER_MESSAGES = 1020;
    private static final int MAX_CONTAINER_BYTES = 1 << 19;
    private static final int MAX_ACKS_PER_MESSAGE = 8192;
    private static final long MAX_PAST_MILLIS = 300_000;
    private static final long MAX_FUTURE_MILLIS = 30_000;
    private static final long SALT_REFRESH_MILLIS = 30 * 60_000L;
    private static final int FUTURE_SALTS_WANTED = 16;
    private static final int RECEIVED_WINDOW = 1024;
    private static final int MAX_TRACKED_CONTAINERS = 4096;
    /** Messages younger than this are repeated as they are; the server accepts 300 s. */
    private static final long REPEAT_WINDOW_MILLIS = 240_000;

    private final MtprotoCrypto crypto;
    private final RandomSource random;
    private final AuthKey authKey;
    private final TlRegistry registry;
    private final TlLimits limits;
    private final MsgIds msgIds;
    private final ReceivedIds received = new ReceivedIds(RECEIVED_WINDOW);

    private long sessionId;
    private long salt;
    private int contentSent;
    private boolean clockTrusted;

    private final ArrayDeque<OutMessage> queue = new ArrayDeque<>();
    private final Map<Long, OutMessage> sent = new HashMap<>();
    private final Map<Long, long[]> containers = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
            return size() > MAX_TRACKED_CONTAINERS;
        }
    };
    private long[] pendingAcks = new long[64];
    private int pendingAckCount;
    private final List<BaseFutureSalt> futureSalts = new ArrayList<>();
    private boolean futureSaltsRequested;
    /** The http_wait queued and not packed yet, so repeated requests for a long poll do not pile up. */
    private OutMessage queuedHttpWait;
    /** Outstanding msgs_state_req messages and the msg_ids each asked about. */
    private final Map<OutMessage, long[]> stateQueries = new HashMap<>();

    /**
     * Creates an engine for one session.
     *
     * @param crypto the protocol crypto helpers
     * @param random randomness for the session id and padding
     * @param authKey the auth key
     * @param salt the server salt to start with
     * @param timeOffsetMillis server time minus local time, in milliseconds
     * @param clockTrusted whether the offset is fresh (from a key exchange just made): only then are
     *     received msg_ids held to the time window before the server has accepted one of ours
     * @param registry constructors that answers and updates may use
     */
    public MtpEngine(MtprotoCrypto crypto, RandomSource random, AuthKey authKey, long salt, long timeOffsetMillis,
                     boolean clockTrusted, TlRegistry registry) {
        this.crypto = crypto;
        this.random = random;
        this.authKey = authKey;
        this.salt = salt;
        this.registry = registry;
        this.limits = TlLimits.DEFAULT;
        this.msgIds = new MsgIds(timeOffsetMillis);
        this.clockTrusted = clockTrusted;
        this.sessionId = random.nextLong();
    }

    /**
     * Returns the session id.
     *
     * @return the id
     */
    public long sessionId() {
        return sessionId;
    }

    /**
     * Returns the salt in use.
     *
     * @return the salt
     */
    public long salt() {
        return salt;
    }

    /**
     * Returns the clock offset to the server.
     *
     * @return server time minus local time, in seconds
     */
    public long timeOffsetMillis() {
        return msgIds.offsetMillis();
    }

    /**
     * Queues a message. Content-related bodies above {@value #GZIP_THRESHOLD} bytes are
     * gzip-packed when that makes them smaller.
     *
     * @param body the boxed object
     * @param contentRelated whether it expects an answer or an ack (RPC calls, pings: true)
     * @param token the sender's handle, returned with the answer
     * @return the tracking handle
     */
    public OutMessage enqueue(byte[] body, boolean contentRelated, Object token) {
        byte[] wire = contentRelated && body.length >= GZIP_THRESHOLD ? maybeGzip(body) : body;
        OutMessage m = new OutMessage(wire, contentRelated, token);
        queue.add(m);
        return m;
    }

    /**
     * Queues one of the engine's own service messages; {@code answered} ones (get_future_salts,
     * msgs_state_req) are tracked like calls so they are resent after bad_server_salt.
     */
    private OutMessage enqueue(TlObject body, boolean contentRelated, boolean answered) {
        TlWriter w = new TlWriter(64);
        body.serialize(w);
        OutMessage m = enqueue(w.toByteArray(), contentRelated, null);
        m.tracked = answered;
        return m;
    }

    /**
     * Queues an {@code http_wait}, the HTTP long poll (MTPROTO-NOTES 9.9), unless one is already
     * queued and not packed yet. It is not content-related (even seq_no, no ack, no answer), so it
     * shares the next packet with pending acks and queued calls. The caller decides when a poll is
     * due; the engine only keeps at most one waiting to be packed.
     *
     * @param maxDelayMillis how long the server may delay its answer once it has something to send
     * @param waitAfterMillis how long the server waits after the last message before answering
     * @param maxWaitMillis how long the server may hold the poll when it has nothing to send
     * @return {@code true} if a new http_wait was queued, {@code false} if one was already waiting
     */
    public boolean enqueueHttpWait(int maxDelayMillis, int waitAfterMillis, int maxWaitMillis) {
        if (queuedHttpWait != null) {
            return false;
        }
        queuedHttpWait = enqueue(new BaseHttpWait(maxDelayMillis, waitAfterMillis, maxWaitMillis), false, false);
        return true;
    }

    /**
     * Stops tracking a message (its call timed out or was cancelled). An answer arriving later is
     * acknowledged and dropped.
     *
     * @param message the handle from {@link #enqueue}
     */
    public void forget(OutMessage message) {
        if (message.state == OutMessage.State.QUEUED) {
            queue.remove(message);
        }
        if (message.state != OutMessage.State.DONE && sent.get(message.msgId) == message) {
            sent.remove(message.msgId);
        }
        message.state = OutMessage.State.DONE;
    }

    /**
     * Tells whether {@link #pack} has something to send.
     *
     * @return true if messages are queued
     */
    public boolean hasQueued() {
        return !queue.isEmpty();
    }

    /**
     * Tells how many acknowledgements wait for the next packet.
     *
     * @return the count
     */
    public int pendingAcks() {
        return pendingAckCount;
    }

    /**
     * Packs queued messages and pending acks into one encrypted packet: a bare message when there
     * is one, a {@code msg_container} otherwise. Call until it returns {@code null}.
     *
     * @param nowMillis local time
     * @return the packet, or {@code null} when nothing is queued and no ack is pending
     */
    public byte[] pack(long nowMillis) {
        while (!queue.isEmpty() && queue.peek().state == OutMessage.State.DONE) {
            queue.poll();
        }
        if (queue.isEmpty() && pendingAckCount == 0) {
            return null;
        }
        List<OutMessage> batch = new ArrayList<>(Math.min(queue.size() + 1, MAX_CONTAINER_MESSAGES));
        int bytes = 0;
        if (pendingAckCount > 0) {
            int n = Math.min(pendingAckCount, MAX_ACKS_PER_MESSAGE);
            OutMessage ack = new OutMessage(ackBody(n), false, null);
            batch.add(ack);
            bytes += ack.body.length + 16;
        }
        while (!queue.isEmpty() && batch.size() < MAX_CONTAINER_MESSAGES) {
            OutMessage next = queue.peek();
            if (next.state == OutMessage.State.DONE) {
                // Answered while waiting to be repeated after a reconnect.
                queue.poll();
                continue;
            }
            if (!batch.isEmpty() && bytes + next.body.length + 16 > MAX_CONTAINER_BYTES) {
                break;
            }
            queue.poll();
            batch.add(next);
            bytes += next.body.length + 16;
            if (next == queuedHttpWait) {
                queuedHttpWait = null;
            }
        }
        for (OutMessage m : batch) {
            if (m.repeat) {
                m.repeat = false;
                m.state = OutMessage.State.SENT;
                continue;
            }
            m.msgId = msgIds.next(nowMillis);
            m.seqNo = nextSeqNo(m.contentRelated);
            if (m.token != null || m.tracked) {
                m.state = OutMessage.State.SENT;
                sent.put(m.msgId, m);
            }
        }
        TlWriter w = new TlWriter(32 + bytes + 16 + 32);
        w.writeLong(salt);
        w.writeLong(sessionId);
        if (batch.size() == 1) {
            OutMessage m = batch.get(0);
            writeMessage(w, m);
        } else {
            long containerId = msgIds.next(nowMillis);
            long[] inner = new long[batch.size()];
            for (int i = 0; i < inner.length; i++) {
                inner[i] = batch.get(i).msgId;
            }
            containers.put(containerId, inner);
            w.writeLong(containerId);
            w.writeInt(nextSeqNo(false));
            int lengthAt = w.skip(4);
            w.writeInt(MSG_CONTAINER);
            w.writeInt(batch.size());
            for (OutMessage m : batch) {
                writeMessage(w, m);
            }
            w.setInt(lengthAt, w.size() - lengthAt - 4);
        }
        int unpadded = w.size();
        int padding = 12 + (16 - (unpadded + 12) % 16) % 16;
        w.writeRaw(random.bytes(padding));
        return crypto.encryptMessage(authKey, w.buffer(), 0, w.size(), true);
    }

    private static void writeMessage(TlWriter w, OutMessage m) {
        w.writeLong(m.msgId);
        w.writeInt(m.seqNo);
        w.writeInt(m.body.length);
        w.writeRaw(m.body);
    }

    private int nextSeqNo(boolean contentRelated) {
        if (contentRelated) {
            return 2 * contentSent++ + 1;
        }
        return 2 * contentSent;
    }

    private byte[] ackBody(int n) {
        List<Long> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(pendingAcks[i]);
        }
        System.arraycopy(pendingAcks, n, pendingAcks, 0, pendingAckCount - n);
        pendingAckCount -= n;
        TlWriter w = new TlWriter(16 + 8 * n);
        new BaseMsgsAck(ids).serialize(w);
        return w.toByteArray();
    }

    private void queueAck(long msgId) {
        if (pendingAckCount == pendingAcks.length) {
            pendingAcks = Arrays.copyOf(pendingAcks, pendingAckCount * 2);
        }
        pendingAcks[pendingAckCount++] = msgId;
    }

    private static byte[] maybeGzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] packed = out.toByteArray();
        if (packed.length + 8 >= body.length) {
            return body;
        }
        TlWriter w = new TlWriter(packed.length + 12);
        w.writeInt(GZIP_PACKED);
        w.writeBytes(packed, 0, packed.length);
        return w.toByteArray();
    }

    /**
     * Decrypts and checks one packet, and handles the service messages in it.
     *
     * @param packet the packet from the transport
     * @param nowMillis local time
     * @return what the sender must act on, in order
     * @throws SecurityCheckException when the packet as a whole fails a check (wrong key id, msg_key,
     *     length, padding or session id): drop it and reset the connection
     */
    public List<Inbound> receive(byte[] packet, long nowMillis) {
        // The padded intermediate framing delivers up to 15 random bytes after the message; the
        // encrypted part is a multiple of 16 bytes, so they are cut here (msg_key covers the rest).
        int wireLength = packet.length >= 24 ? packet.length - ((packet.length - 24) & 15) : packet.length;
        byte[] plain = crypto.decryptMessage(authKey, packet, 0, wireLength, false);
        if (plain.length < 32 + 12) {
            throw new SecurityCheckException(Check.MESSAGE_LENGTH, "decrypted message is too short");
        }
        TlReader header = new TlReader(plain, 0, 32, registry, limits);
        header.readLong();
        long session = header.readLong();
        long msgId = header.readLong();
        int seqNo = header.readInt();
        int length = header.readInt();
        int padding = plain.length - 32 - length;
        if (length < 4 || length % 4 != 0 || padding < 12 || padding > 1024) {
            throw new SecurityCheckException(Check.MESSAGE_LENGTH, "message_data_length " + length
                    + " leaves " + padding + " bytes of padding (12..1024 allowed)");
        }
        if (session != sessionId) {
            throw new SecurityCheckException(Check.SESSION_ID, "session_id is not this session's");
        }
        List<Inbound> out = new ArrayList<>(2);
        handle(plain, 32, length, msgId, seqNo, true, nowMillis, out);
        return out;
    }

    private void handle(byte[] data, int offset, int length, long msgId, int seqNo, boolean topLevel, long nowMillis,
                        List<Inbound> out) {
        if ((msgId & 1) != 1) {
            throw new SecurityCheckException(Check.MSG_ID, "server msg_id must be odd");
        }
        if (received.contains(msgId)) {
            if ((seqNo & 1) == 1) {
                queueAck(msgId);
            }
            return;
        }
        if (received.tooOld(msgId)) {
            return;
        }
        if (length < 4) {
            throw new SecurityCheckException(Check.MESSAGE_LENGTH, "inner message has no constructor");
        }
        TlReader r = new TlReader(data, offset, length, registry, limits);
        int id = r.readInt();
        if (clockTrusted && outsideWindow(msgId, nowMillis) && !isClockCorrection(id, data, offset, length)
                && !isAnswerToPending(id, data, offset, length)) {
            return;
        }
        received.add(msgId);
        if ((seqNo & 1) == 1) {
            queueAck(msgId);
        }
        try {
            dispatch(id, r, data, offset, length, msgId, topLevel, nowMillis, out);
        } catch (TlDecodeException e) {
            throw new SecurityCheckException(Check.PLAINTEXT, "undecodable message: " + e.getMessage());
        }
    }

    private boolean outsideWindow(long serverMsgId, long nowMillis) {
        long delta = MsgIds.toMillis(serverMsgId) - msgIds.serverNowMillis(nowMillis);
        return delta > MAX_FUTURE_MILLIS || delta < -MAX_PAST_MILLIS;
    }

    /** bad_msg_notification 16/17 is exempt from the time window: it is what fixes the clock. */
    private static boolean isClockCorrection(int id, byte[] data, int offset, int length) {
        if (id != BaseBadMsgNotification.CONSTRUCTOR_ID || length < 20) {
            return false;
        }
        int code = (data[offset + 16] & 0xff) | (data[offset + 17] & 0xff) << 8
                | (data[offset + 18] & 0xff) << 16 | data[offset + 19] << 24;
        return code == 16 || code == 17;
    }

    /**
     * An rpc_result for a request still waiting is exempt from the time window: a replay could only
     * repeat an answer already consumed, and dropping a genuine one (after the server's clock
     * jumped) would leave the call hanging.
     */
    private boolean isAnswerToPending(int id, byte[] data, int offset, int length) {
        if (id != RPC_RESULT || length < 12) {
            return false;
        }
        long reqMsgId = 0;
        for (int i = 11; i >= 4; i--) {
            reqMsgId = reqMsgId << 8 | (data[offset + i] & 0xff);
        }
        OutMessage m = sent.get(reqMsgId);
        return m != null && m.token != null;
    }

    private void dispatch(int id, TlReader r, byte[] data, int offset, int length, long msgId, boolean topLevel,
                          long nowMillis, List<Inbound> out) {
        switch (id) {
            case MSG_CONTAINER -> {
                if (!topLevel) {
                    throw new SecurityCheckException(Check.PLAINTEXT, "nested msg_container");
                }
                int count = r.readVectorCount(16);
                for (int i = 0; i < count; i++) {
                    long innerId = r.readLong();
                    int innerSeq = r.readInt();
                    int innerLength = r.readInt();
                    if (innerLength < 0 || innerLength > r.remaining() || innerLength % 4 != 0) {
                        throw new SecurityCheckException(Check.MESSAGE_LENGTH, "inner message length " + innerLength);
                    }
                    int at = offset + r.position();
                    r.readRaw(innerLength);
                    handle(data, at, innerLength, innerId, innerSeq, false, nowMillis, out);
                }
            }
            case GZIP_PACKED -> {
                byte[] inflated = inflate(r);
                TlReader inner = readerAt(inflated, 0, inflated.length, 0);
                dispatch(inner.readInt(), inner, inflated, 0, inflated.length, msgId, false, nowMillis, out);
            }
            case RPC_RESULT -> onRpcResult(r, data, offset, length, out);
            case BaseMsgsAck.CONSTRUCTOR_ID -> {
                for (long acked : BaseMsgsAck.readBody(r).msgIds()) {
                    markAcked(acked);
                }
            }
            case BadServerSalt.CONSTRUCTOR_ID -> {
                BadServerSalt bad = BadServerSalt.readBody(r);
                salt = bad.newServerSalt();
                resend(bad.badMsgId());
            }
            case BaseBadMsgNotification.CONSTRUCTOR_ID -> onBadMsg(BaseBadMsgNotification.readBody(r), msgId, nowMillis, out);
            case NewSessionCreated.CONSTRUCTOR_ID -> {
                NewSessionCreated created = NewSessionCreated.readBody(r);
                salt = created.serverSalt();
                for (OutMessage m : new ArrayList<>(sent.values())) {
                    if (m.msgId < created.firstMsgId() && m.state == OutMessage.State.SENT) {
                        requeue(m);
                    }
                }
                out.add(new Inbound.NewSession(created.firstMsgId()));
            }
            case BasePong.CONSTRUCTOR_ID -> {
                OutMessage ping = answered(BasePong.readBody(r).msgId());
                if (ping != null && ping.token != null) {
                    out.add(new Inbound.Result(ping, readerAt(data, offset, length, 0)));
                }
            }
            case BaseFutureSalts.CONSTRUCTOR_ID -> {
                BaseFutureSalts salts = BaseFutureSalts.readBody(r);
                futureSalts.clear();
                futureSalts.addAll(salts.salts());
                futureSaltsRequested = false;
                clockTrusted = true;
                answered(salts.reqMsgId());
            }
            case BaseMsgsStateInfo.CONSTRUCTOR_ID -> onStateInfo(BaseMsgsStateInfo.readBody(r));
            case BaseMsgsStateReq.CONSTRUCTOR_ID -> {
                List<Long> asked = BaseMsgsStateReq.readBody(r).msgIds();
                byte[] info = new byte[asked.size()];
                for (int i = 0; i < info.length; i++) {
                    info[i] = (byte) received.stateOf(asked.get(i));
                }
                enqueue(new BaseMsgsStateInfo(msgId, Bytes.wrap(info)), false, false);
            }
            case BaseMsgResendReq.CONSTRUCTOR_ID -> {
                for (long wanted : BaseMsgResendReq.readBody(r).msgIds()) {
                    OutMessage m = sent.get(wanted);
                    if (m != null) {
                        requeue(m);
                    }
                }
            }
            case BaseMsgDetailedInfo.CONSTRUCTOR_ID -> {
                BaseMsgDetailedInfo info = BaseMsgDetailedInfo.readBody(r);
                markAcked(info.msgId());
                onDetailedInfo(info.answerMsgId());
            }
            case MsgNewDetailedInfo.CONSTRUCTOR_ID -> onDetailedInfo(MsgNewDetailedInfo.readBody(r).answerMsgId());
            default -> out.add(new Inbound.Update(msgId, readerAt(data, offset, length, 0)));
        }
    }

    private TlReader readerAt(byte[] data, int offset, int length, int skip) {
        return new TlReader(data, offset + skip, length - skip, registry, limits);
    }

    private void onRpcResult(TlReader r, byte[] data, int offset, int length, List<Inbound> out) {
        long reqMsgId = r.readLong();
        OutMessage request = answered(reqMsgId);
        if (request == null || request.token == null) {
            return;
        }
        byte[] bytes = data;
        int at = offset + r.position();
        int size = length - r.position();
        if (r.readInt() == GZIP_PACKED) {
            bytes = inflate(r);
            at = 0;
            size = bytes.length;
        }
        TlReader peek = readerAt(bytes, at, size, 0);
        if (peek.remaining() >= 4 && peek.readInt() == BaseRpcError.CONSTRUCTOR_ID) {
            BaseRpcError error = BaseRpcError.readBody(peek);
            out.add(new Inbound.Failed(request, RpcException.of(error.errorCode(), error.errorMessage())));
            return;
        }
        out.add(new Inbound.Result(request, readerAt(bytes, at, size, 0)));
    }

    private byte[] inflate(TlReader atPacked) {
        TlReader inflated = atPacked.inflate();
        return inflated.readRaw(inflated.remaining());
    }

    /** Removes a request that got its answer; any answer also proves our clock is acceptable. */
    private OutMessage answered(long reqMsgId) {
        OutMessage m = sent.remove(reqMsgId);
        clockTrusted = true;
        if (m != null) {
            m.state = OutMessage.State.DONE;
        }
        return m;
    }

    private void markAcked(long msgId) {
        OutMessage m = sent.get(msgId);
        if (m != null && m.state == OutMessage.State.SENT) {
            m.state = OutMessage.State.ACKED;
            clockTrusted = true;
        }
    }

    private void onDetailedInfo(long answerMsgId) {
        if (received.contains(answerMsgId)) {
            queueAck(answerMsgId);
        } else {
            enqueue(new BaseMsgResendReq(List.of(answerMsgId)), true, false);
        }
    }

    private void onBadMsg(BaseBadMsgNotification bad, long msgId, long nowMillis, List<Inbound> out) {
        int code = bad.errorCode();
        switch (code) {
            case 16, 17 -> {
                msgIds.correct(MsgIds.toMillis(msgId), nowMillis);
                resend(bad.badMsgId());
            }
            case 32 -> {
                contentSent += 32;
                resend(bad.badMsgId());
            }
            case 33 -> {
                contentSent = Math.max(0, contentSent - 8);
                resend(bad.badMsgId());
            }
            default -> {
                for (OutMessage m : affected(bad.badMsgId())) {
                    answered(m.msgId);
                    if (m.token != null) {
                        out.add(new Inbound.Failed(m, new ProtocolException(code,
                                "the server rejected the message: bad_msg_notification " + code)));
                    }
                }
            }
        }
    }

    /** The messages a notification about {@code badMsgId} concerns: the message, or a container's. */
    private List<OutMessage> affected(long badMsgId) {
        List<OutMessage> list = new ArrayList<>();
        long[] inner = containers.remove(badMsgId);
        if (inner != null) {
            for (long id : inner) {
                OutMessage m = sent.get(id);
                if (m != null) {
                    list.add(m);
                }
            }
        } else {
            OutMessage m = sent.get(badMsgId);
            if (m != null) {
                list.add(m);
            }
        }
        return list;
    }

    private void resend(long badMsgId) {
        for (OutMessage m : affected(badMsgId)) {
            requeue(m);
        }
    }

    private void requeue(OutMessage m) {
        sent.remove(m.msgId);
        m.state = OutMessage.State.QUEUED;
        m.repeat = false;
        queue.add(m);
    }

    /**
     * Called when the connection was replaced (the session continues). Every call still waiting
     * for its answer is sent again with its original msg_id and seq_no: the server runs a msg_id it
     * has not seen, and answers one it has seen from its stored result without running it again.
     * A message too old for the server's time window cannot be repeated that way; the engine asks
     * about it with {@code msgs_state_req} and resends it with a new msg_id only if the server
     * reports it as not received. So nothing the server executed runs twice.
     *
     * @param nowMillis local time
     */
    public void onReconnect(long nowMillis) {
        long oldest = msgIds.serverNowMillis(nowMillis) - REPEAT_WINDOW_MILLIS;
        List<OutMessage> unsure = new ArrayList<>();
        List<OutMessage> waiting = new ArrayList<>(sent.values());
        waiting.sort(Comparator.comparingLong(OutMessage::msgId));
        for (OutMessage m : waiting) {
            if (m.token == null || m.state == OutMessage.State.DONE) {
                continue;
            }
            if (MsgIds.toMillis(m.msgId) >= oldest) {
                m.state = OutMessage.State.QUEUED;
                m.repeat = true;
                queue.add(m);
            } else if (m.state == OutMessage.State.SENT) {
                unsure.add(m);
            }
        }
        if (unsure.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>(unsure.size());
        long[] asked = new long[unsure.size()];
        for (int i = 0; i < asked.length; i++) {
            asked[i] = unsure.get(i).msgId;
            ids.add(asked[i]);
        }
        stateQueries.put(enqueue(new BaseMsgsStateReq(ids), true, true), asked);
    }

    private void onStateInfo(BaseMsgsStateInfo info) {
        OutMessage query = sent.remove(info.reqMsgId());
        if (query == null) {
            return;
        }
        query.state = OutMessage.State.DONE;
        long[] asked = stateQueries.remove(query);
        byte[] states = info.info().toByteArray();
        if (asked == null || states.length != asked.length) {
            return;
        }
        for (int i = 0; i < asked.length; i++) {
            OutMessage m = sent.get(asked[i]);
            if (m == null || m.state != OutMessage.State.SENT) {
                continue;
            }
            int state = states[i] & 7;
            if (state == 4) {
                m.state = OutMessage.State.ACKED;
            } else {
                requeue(m);
            }
        }
    }

    /**
     * Keeps the next salt ready: switches to a fetched future salt when its time comes, and
     * queues {@code get_future_salts} when fewer than 30 minutes of salts are known.
     *
     * @param nowMillis local time
     */
    public void maintain(long nowMillis) {
        long serverSeconds = msgIds.serverNowMillis(nowMillis) / 1000;
        long knownUntil = 0;
        for (BaseFutureSalt s : futureSalts) {
            if (s.validSince() <= serverSeconds && serverSeconds < s.validUntil()) {
                salt = s.salt();
            }
            knownUntil = Math.max(knownUntil, s.validUntil());
        }
        futureSalts.removeIf(s -> s.validUntil() <= serverSeconds);
        if (!futureSaltsRequested && (knownUntil - serverSeconds) * 1000 < SALT_REFRESH_MILLIS) {
            futureSaltsRequested = true;
            enqueue(new GetFutureSalts(FUTURE_SALTS_WANTED), true, true);
        }
    }

    /**
     * Returns the requests on the wire that have no answer yet.
     *
     * @return a snapshot
     */
    public int inFlight() {
        return sent.size();
    }
}
