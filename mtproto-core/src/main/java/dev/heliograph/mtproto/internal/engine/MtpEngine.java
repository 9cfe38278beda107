package dev.heliograph.mtproto.internal.engine;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.error.HeliographException;
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
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
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
    /** How often one message may be rejected and resent before its call fails. */
    private static final int MAX_REJECTIONS = 8;
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
    /** The session this engine left after a clock reset; late packets for it are ignored. */
    private long previousSessionId;
    private long salt;
    private int contentSent;
    /** Whether the server announced this session with new_session_created already. */
    private boolean serverSessionCreated;

    private final ArrayDeque<OutMessage> queue = new ArrayDeque<>();
    private final Map<Long, OutMessage> sent = new HashMap<>();
    private final RecentContainers containers = new RecentContainers(MAX_TRACKED_CONTAINERS);
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
     * @param timeOffsetMillis server time minus local time, in milliseconds (from the key exchange or
     *     the store; the engine moves it forward when the server's msg_ids show it is behind)
     * @param registry constructors that answers and updates may use
     */
    public MtpEngine(MtprotoCrypto crypto, RandomSource random, AuthKey authKey, long salt, long timeOffsetMillis,
                     TlRegistry registry) {
        this.crypto = crypto;
        this.random = random;
        this.authKey = authKey;
        this.salt = salt;
        this.registry = registry;
        this.limits = TlLimits.DEFAULT;
        this.msgIds = new MsgIds(timeOffsetMillis);
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
     * Returns the id of the auth key the session runs under.
     *
     * @return the key id
     */
    public long authKeyId() {
        return authKey.id();
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
     * Queues a content-related message whose body names the msg_id it travels with
     * ({@code auth.bindTempAuthKey}): the body is built again each time the message gets a new
     * msg_id (after {@code bad_server_salt}, for example) and kept when it is repeated as it was.
     * Bodies are never gzip-packed and must have the same length for every msg_id.
     *
     * @param bodyForMsgId builds the boxed body for a msg_id
     * @param token the sender's handle, returned with the answer
     * @return the tracking handle
     */
    public OutMessage enqueueForMsgId(LongFunction<byte[]> bodyForMsgId, Object token) {
        OutMessage m = new OutMessage(bodyForMsgId.apply(0), true, token);
        m.bodyForMsgId = bodyForMsgId;
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
        if (!queue.isEmpty() && queue.peek().alone) {
            OutMessage m = queue.poll();
            batch.add(m);
            bytes += m.body.length + 16;
        } else if (pendingAckCount > 0) {
            int n = Math.min(pendingAckCount, MAX_ACKS_PER_MESSAGE);
            OutMessage ack = new OutMessage(ackBody(n), false, null);
            batch.add(ack);
            bytes += ack.body.length + 16;
        }
        while (!queue.isEmpty() && batch.size() < MAX_CONTAINER_MESSAGES
                && (batch.isEmpty() || !batch.get(0).alone)) {
            OutMessage next = queue.peek();
            if (next.state == OutMessage.State.DONE) {
                // Answered while waiting to be repeated after a reconnect.
                queue.poll();
                continue;
            }
            if (!batch.isEmpty() && (next.alone || bytes + next.body.length + 16 > MAX_CONTAINER_BYTES)) {
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
            if (m.bodyForMsgId != null) {
                m.body = m.bodyForMsgId.apply(m.msgId);
            }
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
            containers.add(containerId, inner);
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
     * Decrypts and checks one packet, and handles the service messages in it. Events go to
     * {@code out} as each message is handled, so when a later message of a container fails a check
     * the events of the earlier ones are there for the caller to act on; a message is recorded as
     * received, and acknowledged, only once it was handled.
     *
     * @param packet the packet from the transport
     * @param nowMillis local time
     * @param out receives what the sender must act on, in order
     * @throws SecurityCheckException when the packet fails a check (wrong key id, msg_key, length,
     *     padding, session id or msg_id) or holds a malformed message: act on {@code out}, then drop
     *     the rest of the packet and reset the connection
     */
    public void receive(byte[] packet, long nowMillis, List<Inbound> out) {
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
            if (previousSessionId != 0 && session == previousSessionId) {
                // Sent before the server saw our new session (see newSession): nothing in it is ours now.
                return;
            }
            throw new SecurityCheckException(Check.SESSION_ID, "session_id is not this session's");
        }
        TlReader packetReader = new TlReader(plain, 32, length, registry, limits);
        handle(packetReader, plain, 32, length, msgId, seqNo, true, nowMillis, out);
    }

    /**
     * Handles one message. {@code packetReader} is any reader of the packet: every reader made
     * for its messages is its sibling, so they share one inflate budget.
     */
    private void handle(TlReader packetReader, byte[] data, int offset, int length, long msgId, int seqNo,
                        boolean topLevel, long nowMillis, List<Inbound> out) {
        if ((msgId & 1) != 1) {
            throw new SecurityCheckException(Check.MSG_ID, "server msg_id must be odd");
        }
        if (received.contains(msgId)) {
            if ((seqNo & 1) == 1) {
                queueAck(msgId);
            }
            return;
        }
        if (length < 4) {
            throw new SecurityCheckException(Check.MESSAGE_LENGTH, "inner message has no constructor");
        }
        TlReader r = packetReader.sibling(data, offset, length);
        int id = r.readInt();
        boolean answersPending = isAnswerToPending(id, data, offset, length);
        if (received.tooOld(msgId) && !answersPending) {
            // Too old to tell from a duplicate; a waiting request's answer is let through, as it can
            // only be consumed once.
            return;
        }
        long ahead = MsgIds.toMillis(msgId) - msgIds.serverNowMillis(nowMillis);
        if (topLevel && ahead > 0 && ahead <= MAX_PAST_MILLIS) {
            // The packet passed msg_key and session_id, so this is the server's clock: ours is
            // behind (a stored offset, a host clock set back). The server accepts our ids up to
            // 300 s late, so it would never correct us: follow its ids forward, by as much.
            msgIds.advance(ahead);
        }
        if (outsideWindow(msgId, nowMillis) && !answersPending && id != BadServerSalt.CONSTRUCTOR_ID
                && !isClockCorrection(id, data, offset, length)) {
            return;
        }
        long session = sessionId;
        try {
            dispatch(id, r, data, offset, length, msgId, topLevel, nowMillis, out);
        } catch (TlDecodeException e) {
            throw new SecurityCheckException(Check.PLAINTEXT, "undecodable message: " + e.getMessage());
        }
        if (session == sessionId) {
            received.add(msgId);
            if ((seqNo & 1) == 1) {
                queueAck(msgId);
            }
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
                    handle(r, data, at, innerLength, innerId, innerSeq, false, nowMillis, out);
                }
            }
            case GZIP_PACKED -> {
                // inflate() refuses gzip_packed inside gzip_packed, and topLevel false refuses a
                // container, so this recursion is one level deep.
                byte[] inflated = inflate(r);
                TlReader inner = r.sibling(inflated, 0, inflated.length);
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
                if (outsideWindow(msgId, nowMillis)) {
                    adoptServerClock(msgId, bad.badMsgId(), 48, nowMillis, out);
                } else {
                    resend(affected(bad.badMsgId()), 48, true, out);
                }
            }
            case BaseBadMsgNotification.CONSTRUCTOR_ID -> onBadMsg(BaseBadMsgNotification.readBody(r), msgId, nowMillis, out);
            case NewSessionCreated.CONSTRUCTOR_ID -> {
                NewSessionCreated created = NewSessionCreated.readBody(r);
                salt = created.serverSalt();
                List<OutMessage> lost = new ArrayList<>();
                for (OutMessage m : sent.values()) {
                    if (m.msgId < created.firstMsgId() && m.state == OutMessage.State.SENT) {
                        lost.add(m);
                    }
                }
                lost.sort(Comparator.comparingLong(OutMessage::msgId));
                if (serverSessionCreated) {
                    // Once per session; a repeat does not prove the messages were lost, so ask.
                    askState(lost);
                } else {
                    resend(lost, 0, false, out);
                }
                serverSessionCreated = true;
                out.add(new Inbound.NewSession(created.firstMsgId()));
            }
            case BasePong.CONSTRUCTOR_ID -> {
                OutMessage ping = answered(BasePong.readBody(r).msgId());
                if (ping != null && ping.token != null) {
                    out.add(new Inbound.Result(ping, r.sibling(data, offset, length)));
                }
            }
            case BaseFutureSalts.CONSTRUCTOR_ID -> {
                BaseFutureSalts salts = BaseFutureSalts.readBody(r);
                futureSalts.clear();
                futureSalts.addAll(salts.salts());
                futureSaltsRequested = false;
                answered(salts.reqMsgId());
            }
            case BaseMsgsStateInfo.CONSTRUCTOR_ID -> onStateInfo(BaseMsgsStateInfo.readBody(r), out);
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
                    if (m != null && m.state == OutMessage.State.SENT) {
                        // The server says it does not have it: the original id is safe to repeat.
                        repeatAsIs(m);
                    }
                }
            }
            case BaseMsgDetailedInfo.CONSTRUCTOR_ID -> {
                BaseMsgDetailedInfo info = BaseMsgDetailedInfo.readBody(r);
                markAcked(info.msgId());
                onDetailedInfo(info.answerMsgId());
            }
            case MsgNewDetailedInfo.CONSTRUCTOR_ID -> onDetailedInfo(MsgNewDetailedInfo.readBody(r).answerMsgId());
            default -> out.add(new Inbound.Update(msgId, r.sibling(data, offset, length)));
        }
    }

    /**
     * Handles an rpc_result. The request is marked answered only after the result was read far
     * enough to hand over, so a result cut short leaves the request waiting (to be repeated under
     * its own msg_id, which the server answers from its stored result).
     */
    private void onRpcResult(TlReader r, byte[] data, int offset, int length, List<Inbound> out) {
        long reqMsgId = r.readLong();
        OutMessage request = sent.get(reqMsgId);
        if (request == null || request.token == null) {
            // Answered already, forgotten, or not a call: acknowledged and dropped.
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
        TlReader peek = r.sibling(bytes, at, size);
        Inbound event;
        if (peek.remaining() >= 4 && peek.readInt() == BaseRpcError.CONSTRUCTOR_ID) {
            BaseRpcError error = BaseRpcError.readBody(peek);
            event = new Inbound.Failed(request, RpcException.of(error.errorCode(), error.errorMessage()));
        } else {
            event = new Inbound.Result(request, r.sibling(bytes, at, size));
        }
        answered(reqMsgId);
        out.add(event);
    }

    private static byte[] inflate(TlReader atPacked) {
        TlReader inflated = atPacked.inflate();
        return inflated.readRaw(inflated.remaining());
    }

    /** Removes a request that got its answer. */
    private OutMessage answered(long reqMsgId) {
        OutMessage m = sent.remove(reqMsgId);
        if (m != null) {
            m.state = OutMessage.State.DONE;
        }
        return m;
    }

    private void markAcked(long msgId) {
        OutMessage m = sent.get(msgId);
        if (m != null && m.state == OutMessage.State.SENT) {
            m.state = OutMessage.State.ACKED;
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
            case 16, 17 -> adoptServerClock(msgId, bad.badMsgId(), code, nowMillis, out);
            case 32 -> {
                contentSent += 32;
                resend(affected(bad.badMsgId()), code, false, out);
            }
            case 33 -> {
                contentSent = Math.max(0, contentSent - 8);
                resend(affected(bad.badMsgId()), code, false, out);
            }
            // 18 and 19 blame ids we did not make; fresh ones in a new packet fix them.
            case 18, 19 -> resend(affected(bad.badMsgId()), code, false, out);
            case 64 -> {
                List<OutMessage> inner = affected(bad.badMsgId());
                for (OutMessage m : inner) {
                    m.alone = true;
                }
                resend(inner, code, false, out);
            }
            default -> {
                for (OutMessage m : affected(bad.badMsgId())) {
                    fail(m, new ProtocolException(code, "the server rejected the message: bad_msg_notification " + code),
                            out);
                }
            }
        }
    }

    /**
     * Sets the clock from the msg_id of a server message that says ours is wrong (16, 17, or
     * bad_server_salt outside the time window), then resends what it rejected. When the corrected
     * clock is behind ids already used, the session starts over: ids may not repeat within one.
     */
    private void adoptServerClock(long serverMsgId, long badMsgId, int code, long nowMillis, List<Inbound> out) {
        List<OutMessage> rejected = affected(badMsgId);
        if (msgIds.correct(MsgIds.toMillis(serverMsgId), nowMillis)) {
            resend(rejected, code, false, out);
        } else {
            newSession(rejected, out);
        }
    }

    /**
     * Starts a new session after the clock moved back. The rejected messages were not run and go
     * again in it; any other request still waiting may have run in the old session, whose answers
     * this engine no longer reads, so it fails with an unknown outcome instead of running twice.
     */
    private void newSession(List<OutMessage> rejected, List<Inbound> out) {
        previousSessionId = sessionId;
        sessionId = random.nextLong();
        contentSent = 0;
        msgIds.restart();
        received.clear();
        pendingAckCount = 0;
        containers.clear();
        stateQueries.clear();
        futureSaltsRequested = false;
        serverSessionCreated = false;
        List<OutMessage> waiting = new ArrayList<>(sent.values());
        waiting.sort(Comparator.comparingLong(OutMessage::msgId));
        for (OutMessage m : waiting) {
            if (m.token == null) {
                answered(m.msgId);
            } else if (rejected.contains(m) && !m.mayHaveRun) {
                requeue(m);
            } else {
                fail(m, ProtocolException.outcomeUnknown("the session was restarted after a clock correction"
                        + " while the request was on the wire; it may have run"), out);
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

    /**
     * Sends rejected messages again. One the server may have run (sent on a lost connection) keeps
     * its msg_id when {@code sameIdAllowed}, so the server recognises it; otherwise it is asked
     * about first. A message rejected more than {@value #MAX_REJECTIONS} times fails its call.
     */
    private void resend(List<OutMessage> rejected, int code, boolean sameIdAllowed, List<Inbound> out) {
        List<OutMessage> unsure = new ArrayList<>();
        for (OutMessage m : rejected) {
            if (m.state == OutMessage.State.QUEUED || m.state == OutMessage.State.DONE) {
                continue;
            }
            if (++m.rejections > MAX_REJECTIONS) {
                fail(m, new ProtocolException(code, "the server rejected the message " + m.rejections
                        + " times (last code " + code + ")"), out);
            } else if (!m.mayHaveRun) {
                requeue(m);
            } else if (sameIdAllowed) {
                repeatAsIs(m);
            } else {
                unsure.add(m);
            }
        }
        askState(unsure);
    }

    private void fail(OutMessage m, HeliographException error, List<Inbound> out) {
        answered(m.msgId);
        m.state = OutMessage.State.DONE;
        if (m.token != null) {
            out.add(new Inbound.Failed(m, error));
        }
    }

    private void requeue(OutMessage m) {
        sent.remove(m.msgId);
        m.state = OutMessage.State.QUEUED;
        m.repeat = false;
        m.mayHaveRun = false;
        queue.add(m);
    }

    /** Queues a message to go again with its msg_id and seq_no; it stays in the sent set. */
    private void repeatAsIs(OutMessage m) {
        m.state = OutMessage.State.QUEUED;
        m.repeat = true;
        queue.add(m);
    }

    /** Asks the server with msgs_state_req what became of messages it may have run. */
    private void askState(List<OutMessage> unsure) {
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

    /**
     * Called when the connection was replaced (the session continues). Every call still waiting
     * for its answer is sent again with its original msg_id and seq_no: the server runs a msg_id it
     * has not seen, and answers one it has seen from its stored result without running it again.
     * A message too old for the server's time window cannot be repeated that way; the engine asks
     * about it with {@code msgs_state_req} and resends it with a new msg_id only if the server
     * reports it as not received. So nothing the server executed runs twice. The engine's own
     * requests lost with the connection (get_future_salts, msgs_state_req) are dropped and asked
     * again.
     *
     * @param nowMillis local time
     */
    public void onReconnect(long nowMillis) {
        for (OutMessage m : new ArrayList<>(sent.values())) {
            if (m.token == null) {
                answered(m.msgId);
            }
        }
        stateQueries.clear();
        futureSaltsRequested = false;
        long oldest = msgIds.serverNowMillis(nowMillis) - REPEAT_WINDOW_MILLIS;
        List<OutMessage> unsure = new ArrayList<>();
        List<OutMessage> waiting = new ArrayList<>(sent.values());
        waiting.sort(Comparator.comparingLong(OutMessage::msgId));
        for (OutMessage m : waiting) {
            if (m.state == OutMessage.State.DONE || m.state == OutMessage.State.QUEUED) {
                continue;
            }
            m.mayHaveRun = true;
            if (MsgIds.toMillis(m.msgId) >= oldest) {
                repeatAsIs(m);
            } else if (m.state == OutMessage.State.SENT) {
                unsure.add(m);
            }
        }
        askState(unsure);
    }

    /**
     * Acts on the server's answer to msgs_state_req: received (4) means wait for the answer; not
     * received (2, 3) means send it again; anything else (1: the server forgot the id, and may have
     * run it) fails the call with an unknown outcome rather than risk running it twice.
     */
    private void onStateInfo(BaseMsgsStateInfo info, List<Inbound> out) {
        OutMessage query = sent.remove(info.reqMsgId());
        if (query == null) {
            return;
        }
        query.state = OutMessage.State.DONE;
        long[] asked = stateQueries.remove(query);
        if (asked == null) {
            return;
        }
        byte[] states = info.info().toByteArray();
        for (int i = 0; i < asked.length; i++) {
            OutMessage m = sent.get(asked[i]);
            if (m == null || m.state != OutMessage.State.SENT) {
                continue;
            }
            int state = i < states.length ? states[i] & 7 : 0;
            switch (state) {
                case 4 -> m.state = OutMessage.State.ACKED;
                case 2, 3 -> requeue(m);
                default -> fail(m, ProtocolException.outcomeUnknown("the server no longer knows the message (msgs_state_info "
                        + state + "); it may have run"), out);
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
