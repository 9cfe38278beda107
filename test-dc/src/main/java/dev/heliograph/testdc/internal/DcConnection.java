package dev.heliograph.testdc.internal;

import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.error.SecurityCheckException.Check;
import dev.heliograph.error.TlDecodeException;
import dev.heliograph.error.TransportException;
import dev.heliograph.tl.TlLimits;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of one client connection: takes whole transport packets, answers plaintext
 * handshake messages and encrypted messages, and hands packets to send to a {@link Sink}. Packets
 * of one connection must be delivered one at a time (the transport's event loop does that);
 * replies may be sent from the DC's scheduler when the delay knob is on.
 *
 * <p>Any failed check on client input closes the connection without an answer, as Telegram's
 * servers do; an unknown auth key is answered with the transport error -404 first.
 */
public final class DcConnection {

    /** Where a connection's outgoing packets go. */
    public interface Sink {
        /**
         * Sends one packet (the transport frames it). Thread-safe.
         *
         * @param packet the MTProto packet
         */
        void send(byte[] packet);

        /** Closes the connection. Thread-safe and idempotent. */
        void close();

        /**
         * The packet being handled carries {@code http_wait}: an HTTP front end holds the request
         * open as a long poll. Stream transports ignore it.
         *
         * @param maxWaitMillis the {@code max_wait} the client asked for
         */
        default void httpWait(int maxWaitMillis) {
        }

        /**
         * Tells whether an encrypted packet that produced no message must still be answered (with a
         * {@code msgs_ack} of it): an HTTP request that is not a long poll needs a response body, and
         * some clients (Telethon) cannot take an empty one. Asked after the packet was processed.
         *
         * @return {@code false} for stream transports
         */
        default boolean answersEveryPacket() {
            return false;
        }

        /**
         * The client's IP address, for the duplicate-key rule.
         *
         * @return the address as text, or null when unknown (the rule then ignores the connection)
         */
        default String remoteHost() {
            return null;
        }
    }

    /** Smallest and largest ping_delay_disconnect delay honoured, in seconds. */
    static final int MIN_DISCONNECT_DELAY = 1;
    static final int MAX_DISCONNECT_DELAY = 3600;

    private static final byte[] UNKNOWN_KEY = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(TransportException.AUTH_KEY_NOT_FOUND).array();

    final DcState dc;
    private final Sink sink;
    private final ApiHandler api;
    private final TempKeys tempKeys;
    /** Padded intermediate framing adds 0..15 random bytes after each packet. */
    private final boolean paddedFraming;
    private final Object handshakeLock = new Object();
    private KeyExchange handshake;
    /** The layer declared with invokeWithLayer on this connection, 0 if none yet. */
    volatile int layer;
    volatile int apiId;
    private int encryptedPackets;
    private volatile boolean closed;
    private ScheduledFuture<?> pingDisconnect;
    /** The delay, after clamping, of the last ping_delay_disconnect (0 if none). */
    private int disconnectDelaySeconds;
    /** The auth key and session of the last encrypted message, where server-initiated messages go. */
    private volatile Peer peer;
    /** The key this connection counts as a live user of (duplicate-key rule), or null. */
    private volatile AuthKeyState liveKey;
    /** The DC time of this connection's last packet with {@link #liveKey}. */
    private volatile long lastKeyUseMillis;

    private static final AtomicLong CONNECTIONS = new AtomicLong();
    /** Numbers the connections of this JVM, for the push log. */
    private final long connectionId = CONNECTIONS.incrementAndGet();

    private record Peer(AuthKeyState key, SessionState session) {
    }

    /**
     * Creates the server side of a connection.
     *
     * @param dc the DC it belongs to
     * @param sink where its packets go
     * @param paddedFraming whether packets may carry 0..15 random bytes after the message (padded
     *     intermediate framing)
     */
    public DcConnection(DcState dc, Sink sink, boolean paddedFraming) {
        this.dc = dc;
        this.sink = sink;
        this.api = new ApiHandler(dc);
        this.tempKeys = new TempKeys(dc);
        this.paddedFraming = paddedFraming;
    }

    /**
     * Handles one packet from the client.
     *
     * @param packet the MTProto packet (without transport framing)
     */
    public void onPacket(byte[] packet) {
        if (closed) {
            return;
        }
        try {
            if (packet.length < 8) {
                throw new SecurityCheckException(Check.MESSAGE_LENGTH, "packet shorter than an auth_key_id");
            }
            long keyId = KeyExchange.littleEndianLong(packet, 0);
            if (keyId == 0) {
                handlePlaintext(packet);
            } else {
                handleEncrypted(keyId, packet);
            }
        } catch (SecurityCheckException e) {
            dc.rejected(e.check());
            close();
        } catch (TlDecodeException e) {
            dc.rejected(Check.PLAINTEXT);
            close();
        }
    }

    /**
     * Sends a server-initiated content message (such as an update) to the session that sent the
     * last encrypted message on this connection, as a DC pushes to a client between its requests.
     *
     * @param body the serialized TL object
     * @return false if the connection is closed or has carried no encrypted message yet
     */
    public boolean push(byte[] body) {
        Peer p = peer;
        return p != null && pushNow(p.key(), body);
    }

    /** Most updates pushed in one container. */
    static final int MAX_PUSHED = 256;

    /**
     * Pushes updates of the account bound to {@code key}, after the DC's update delay knob: one
     * packet, a {@code msg_container} when there are several (at most {@link #MAX_PUSHED} each).
     *
     * @param key the authorization the updates are for: the connection's session must use it, or a
     *     temporary key bound to it (they go out under the temporary key)
     * @param bodies the serialized updates, in order
     */
    void pushUpdates(AuthKeyState key, List<byte[]> bodies) {
        Duration delay = dc.knobs.updateDelay();
        if (delay.isZero()) {
            pushNow(key, bodies);
        } else {
            dc.scheduler.schedule(() -> pushNow(key, bodies), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void pushNow(AuthKeyState key, List<byte[]> bodies) {
        for (int from = 0; from < bodies.size(); from += MAX_PUSHED) {
            Peer p = peer;
            if (closed || p == null || p.key() != key && p.key().account() != key) {
                return;
            }
            Outbox out = new Outbox(this, p.key(), p.session().sessionId);
            out.session = p.session();
            List<byte[]> part = bodies.subList(from, Math.min(bodies.size(), from + MAX_PUSHED));
            for (byte[] body : part) {
                out.add(body, true, false, null);
            }
            out.flush();
            dc.pushed(key.id, p.session().sessionId, connectionId, sink.remoteHost(), part.size());
        }
    }

    private boolean pushNow(AuthKeyState key, byte[] body) {
        Peer p = peer;
        if (closed || p == null || p.key() != key && p.key().account() != key) {
            return false;
        }
        Outbox out = new Outbox(this, p.key(), p.session().sessionId);
        out.session = p.session();
        out.add(body, true, false, null);
        out.flush();
        dc.pushed(key.id, p.session().sessionId, connectionId, sink.remoteHost(), 1);
        return true;
    }

    /** Releases what the connection holds; called when the transport closed it. */
    public void onClosed() {
        closed = true;
        cancelPingDisconnect();
        forgetLiveUse();
    }

    /** Closes the connection from the server side. */
    public void close() {
        closed = true;
        cancelPingDisconnect();
        forgetLiveUse();
        sink.close();
    }

    private void forgetLiveUse() {
        AuthKeyState k = liveKey;
        if (k != null) {
            synchronized (k) {
                DcConnection[] live = k.liveConnections;
                k.liveConnections = Arrays.stream(live).filter(c -> c != this).toArray(DcConnection[]::new);
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void handlePlaintext(byte[] packet) {
        if (packet.length < 20) {
            throw new SecurityCheckException(Check.MESSAGE_LENGTH, "plaintext message shorter than its header");
        }
        long msgId = KeyExchange.littleEndianLong(packet, 8);
        int length = intAt(packet, 16);
        int tail = packet.length - 20 - length;
        if (length < 4 || tail < 0 || tail > (paddedFraming ? 15 : 0)) {
            throw new SecurityCheckException(Check.MESSAGE_LENGTH, "plaintext length does not match the packet");
        }
        if ((msgId & 3) != 0) {
            throw new SecurityCheckException(Check.MSG_ID, "plaintext msg_id is not divisible by 4");
        }
        dc.handshakes.execute(() -> runHandshake(packet, length));
    }

    /**
     * Runs one handshake step on the DC's handshake executor: the RSA and DH work takes
     * milliseconds, too long for the transport's event loop. A client waits for each answer, so
     * steps of one connection do not overlap unless it misbehaves; the lock keeps them apart then.
     */
    private void runHandshake(byte[] packet, int length) {
        byte[] answer;
        Check failed = null;
        synchronized (handshakeLock) {
            if (closed) {
                return;
            }
            if (handshake == null) {
                handshake = new KeyExchange(dc);
            }
            try {
                answer = handshake.handle(packet, 20, length);
            } catch (SecurityCheckException e) {
                answer = null;
                failed = e.check();
            } catch (TlDecodeException e) {
                answer = null;
                failed = Check.PLAINTEXT;
            }
        }
        // closing may call back into the transport: never while holding this connection's lock
        if (failed != null) {
            dc.rejected(failed);
            close();
            return;
        }
        byte[] out = new byte[20 + answer.length];
        long id = dc.clock.nextMsgId(true);
        putLong(out, 8, id);
        putInt(out, 16, answer.length);
        System.arraycopy(answer, 0, out, 20, answer.length);
        send(out);
    }

    private void handleEncrypted(long keyId, byte[] packet) {
        AuthKeyState key = dc.authKeys.get(keyId);
        if (key != null && key.expired(dc.clock.nowMillis())) {
            dc.authKeys.remove(keyId, key);
            key = null;
        }
        if (key != null && key.duplicated && !key.owedDuplicateError.contains(this)) {
            // revoked by the duplicate-key rule, and this connection already got its error (or never used it)
            key = null;
        }
        if (key == null) {
            dc.unknownKey();
            sink.send(UNKNOWN_KEY.clone());
            close();
            return;
        }
        encryptedPackets++;
        int length = paddedFraming && packet.length > 24 ? packet.length - ((packet.length - 24) & 15) : packet.length;
        byte[] plain = dc.crypto.decryptMessage(key.key, packet, 0, length, true);
        checkDuplicateUse(key);
        long salt = KeyExchange.littleEndianLong(plain, 0);
        long sessionId = KeyExchange.littleEndianLong(plain, 8);
        long msgId = KeyExchange.littleEndianLong(plain, 16);
        int seqNo = intAt(plain, 24);
        int bodyLength = intAt(plain, 28);
        int padding = plain.length - 32 - bodyLength;
        if (bodyLength < 4 || (bodyLength & 3) != 0 || padding < 12 || padding > 1024) {
            throw new SecurityCheckException(Check.MESSAGE_LENGTH, "message length or padding out of bounds");
        }
        Outbox out = new Outbox(this, key, sessionId);
        process(key, salt, msgId, seqNo, plain, 32, bodyLength, out);
        if (dc.knobs.takeDropAfter(encryptedPackets)) {
            close();
            return;
        }
        if (out.isEmpty() && sink.answersEveryPacket()) {
            TlWriter ack = new TlWriter(20);
            ack.writeInt(Ids.MSGS_ACK);
            ack.writeLongVector(List.of(msgId));
            out.add(ack.toByteArray(), false, false, null);
        }
        out.flush();
    }

    private void process(AuthKeyState key, long salt, long msgId, int seqNo, byte[] data, int offset, int length,
            Outbox out) {
        int bad = checkMsgId(msgId);
        if (bad != 0) {
            out.badMsg(msgId, seqNo, bad);
            return;
        }
        if (salt != key.salt) {
            out.badServerSalt(msgId, seqNo, key.salt);
            return;
        }
        SessionState session = key.sessions.get(out.sessionId);
        if (session == null) {
            SessionState fresh = new SessionState(out.sessionId);
            session = key.sessions.putIfAbsent(out.sessionId, fresh);
            if (session == null) {
                session = fresh;
                out.session = fresh;
                out.newSessionCreated(firstMsgId(msgId, data, offset, length), key.salt);
            }
        }
        out.session = session;
        peer = new Peer(key, session);
        synchronized (session) {
            handleMessage(key, session, msgId, seqNo, data, offset, length, true, out);
        }
    }

    /**
     * The duplicate-key rule: a permanent key with live connections from two client addresses at
     * once (each sent a packet within the window and is still open) is revoked; each of those
     * connections gets {@code 406 AUTH_KEY_DUPLICATED} for its next call, every later packet with
     * the key gets -404. A connection that closed, or fell silent for the window, no longer
     * counts, so a host can take a key over from one that stopped.
     */
    private void checkDuplicateUse(AuthKeyState key) {
        String host = sink.remoteHost();
        if (host == null || key.expiresAtMillis != 0 || key.duplicated || !dc.knobs.duplicateKeyRule()) {
            return;
        }
        long now = dc.clock.nowMillis();
        lastKeyUseMillis = now;
        liveKey = key;
        boolean duplicated = false;
        synchronized (key) {
            DcConnection[] live = key.liveConnections;
            if (live.length == 1 && live[0] == this) {
                return;
            }
            long window = dc.knobs.duplicateKeyWindow().toMillis();
            List<DcConnection> kept = new ArrayList<>(live.length + 1);
            kept.add(this);
            for (DcConnection other : live) {
                if (other != this && !other.closed && now - other.lastKeyUseMillis <= window) {
                    kept.add(other);
                    duplicated |= !host.equals(other.sink.remoteHost());
                }
            }
            key.liveConnections = kept.toArray(new DcConnection[0]);
            if (duplicated) {
                Set<DcConnection> owed = ConcurrentHashMap.newKeySet(kept.size());
                owed.addAll(kept);
                key.owedDuplicateError = owed;
                key.duplicated = true;
            }
        }
        if (duplicated) {
            dc.keyDuplicated(key);
        }
    }

    /**
     * Answers the call with {@code 406 AUTH_KEY_DUPLICATED} if this connection is owed it; the
     * key is forgotten once every connection got its error.
     */
    boolean takeDuplicateError(AuthKeyState key) {
        Set<DcConnection> owed = key.owedDuplicateError;
        if (!key.duplicated || owed == null || !owed.remove(this)) {
            return false;
        }
        if (owed.isEmpty()) {
            dc.authKeys.remove(key.id, key);
        }
        return true;
    }

    /** new_session_created names the lowest msg_id of the first packet, inner ones included. */
    private static long firstMsgId(long msgId, byte[] data, int offset, int length) {
        if (length < 8 || intAt(data, offset) != Ids.MSG_CONTAINER) {
            return msgId;
        }
        long first = msgId;
        int count = intAt(data, offset + 4);
        int at = offset + 8;
        int end = offset + length;
        for (int i = 0; i < count && at + 16 <= end; i++) {
            first = Math.min(first, KeyExchange.littleEndianLong(data, at));
            at += 16 + Math.max(0, intAt(data, at + 12));
        }
        return first;
    }

    /** Returns 0 if the client msg_id is acceptable, else the bad_msg_notification code. */
    private int checkMsgId(long msgId) {
        if ((msgId & 3) != 0) {
            return 18;
        }
        long seconds = msgId >>> 32;
        long now = dc.clock.nowSeconds();
        if (seconds > now + 30) {
            return 17;
        }
        if (seconds < now - 300) {
            return 16;
        }
        return 0;
    }

    private void handleMessage(AuthKeyState key, SessionState s, long msgId, int seqNo, byte[] data, int offset,
            int length, boolean topLevel, Outbox out) {
        int id = intAt(data, offset);
        switch (s.received.status(msgId)) {
            case TOO_OLD -> {
                out.badMsg(msgId, seqNo, 20);
                return;
            }
            case SEEN -> {
                if (id == Ids.MSG_CONTAINER) {
                    out.badMsg(msgId, seqNo, 19);
                } else {
                    byte[] answer = s.answer(msgId);
                    if (answer != null) {
                        out.add(answer, true, true, null);
                    }
                }
                return;
            }
            case NEW -> { }
        }
        boolean content = isContentRelated(id);
        if (content && (seqNo & 1) == 0) {
            out.badMsg(msgId, seqNo, 35);
            return;
        }
        if (!content && (seqNo & 1) != 0) {
            out.badMsg(msgId, seqNo, 34);
            return;
        }
        if (s.received.max() != Long.MIN_VALUE) {
            if (msgId > s.maxClientMsgId && seqNo < s.seqNoOfMaxClientMsgId) {
                out.badMsg(msgId, seqNo, 32);
                return;
            }
            if (msgId < s.maxClientMsgId && seqNo > s.seqNoOfMaxClientMsgId) {
                out.badMsg(msgId, seqNo, 33);
                return;
            }
        }
        s.received.add(msgId);
        if (msgId > s.maxClientMsgId) {
            s.maxClientMsgId = msgId;
            s.seqNoOfMaxClientMsgId = seqNo;
        }
        if (id == Ids.MSG_CONTAINER) {
            if (!topLevel) {
                out.badMsg(msgId, seqNo, 64);
                return;
            }
            handleContainer(key, s, msgId, seqNo, data, offset, length, out);
            return;
        }
        dispatch(key, s, msgId, data, offset, length, out);
    }

    private void handleContainer(AuthKeyState key, SessionState s, long msgId, int seqNo, byte[] data, int offset,
            int length, Outbox out) {
        TlReader r = new TlReader(data, offset + 4, length - 4, KeyExchange.NO_OBJECTS, TlLimits.DEFAULT);
        int count = r.readVectorCount(16);
        int[] starts = new int[count];
        long[] ids = new long[count];
        int[] seqs = new int[count];
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = r.readLong();
            seqs[i] = r.readInt();
            lengths[i] = r.readInt();
            if (lengths[i] < 4 || (lengths[i] & 3) != 0 || lengths[i] > r.remaining()) {
                out.badMsg(msgId, seqNo, 64);
                return;
            }
            starts[i] = offset + 4 + r.position();
            r.readRaw(lengths[i]);
        }
        if (r.remaining() != 0) {
            out.badMsg(msgId, seqNo, 64);
            return;
        }
        for (int i = 0; i < count; i++) {
            int bad = checkMsgId(ids[i]);
            if (bad != 0) {
                out.badMsg(ids[i], seqs[i], bad);
                continue;
            }
            handleMessage(key, s, ids[i], seqs[i], data, starts[i], lengths[i], false, out);
        }
    }

    private void dispatch(AuthKeyState key, SessionState s, long msgId, byte[] data, int offset, int length,
            Outbox out) {
        TlReader r = new TlReader(data, offset, length, KeyExchange.NO_OBJECTS, TlLimits.DEFAULT);
        int id = intAt(data, offset);
        switch (id) {
            case Ids.HTTP_WAIT -> {
                r.readInt();
                r.readInt();
                r.readInt();
                sink.httpWait(r.readInt());
            }
            case Ids.MSGS_ACK, Ids.MSGS_STATE_INFO, Ids.MSGS_ALL_INFO, Ids.MSG_DETAILED_INFO,
                    Ids.MSG_NEW_DETAILED_INFO -> {
                // acknowledgements and status reports need no answer
            }
            case Ids.GZIP_PACKED -> {
                byte[] body = inflate(data, offset, length);
                dispatch(key, s, msgId, body, 0, body.length, out);
            }
            case Ids.PING -> {
                r.readInt();
                long pingId = r.readLong();
                out.add(pong(msgId, pingId), false, true, null);
            }
            case Ids.PING_DELAY_DISCONNECT -> {
                r.readInt();
                long pingId = r.readLong();
                int delay = r.readInt();
                schedulePingDisconnect(delay);
                out.add(pong(msgId, pingId), false, true, null);
            }
            case Ids.MSGS_STATE_REQ -> {
                r.readInt();
                List<Long> ids = r.readVector(8, TlReader::readLong);
                out.add(stateInfo(s, msgId, ids), false, true, null);
            }
            case Ids.MSG_RESEND_REQ -> {
                r.readInt();
                List<Long> ids = r.readVector(8, TlReader::readLong);
                out.resend(s, msgId, ids);
            }
            case Ids.GET_FUTURE_SALTS -> {
                r.readInt();
                int num = Math.max(1, Math.min(64, r.readInt()));
                out.add(futureSalts(key, msgId, num), true, true, null);
            }
            case Ids.DESTROY_AUTH_KEY -> {
                r.readInt();
                r.requireEnd();
                out.add(tempKeys.destroy(key), true, true, null);
            }
            case Ids.DESTROY_SESSION -> {
                r.readInt();
                long target = r.readLong();
                boolean removed = target != s.sessionId && key.sessions.remove(target) != null;
                TlWriter w = new TlWriter(12);
                w.writeInt(removed ? Ids.DESTROY_SESSION_OK : Ids.DESTROY_SESSION_NONE);
                w.writeLong(target);
                out.add(w.toByteArray(), true, true, null);
            }
            default -> {
                ApiHandler.Call call = tempKeys.invoke(api, this, key, s.sessionId, msgId, id, r);
                TlWriter w = new TlWriter(call.result().length + 12);
                w.writeInt(Ids.RPC_RESULT);
                w.writeLong(msgId);
                w.writeRaw(call.result());
                byte[] rpcResult = w.toByteArray();
                s.rememberAnswer(msgId, rpcResult);
                if (dc.knobs.takeDropBeforeReply(call.method())) {
                    out.dropBeforeReply();
                    return;
                }
                out.add(rpcResult, true, true, msgId);
            }
        }
    }

    private byte[] inflate(byte[] data, int offset, int length) {
        TlReader r = new TlReader(data, offset, length, KeyExchange.NO_OBJECTS, TlLimits.DEFAULT);
        r.readInt();
        TlReader inner = r.inflate();
        return inner.readRaw(inner.remaining());
    }

    private static byte[] pong(long msgId, long pingId) {
        TlWriter w = new TlWriter(20);
        w.writeInt(Ids.PONG);
        w.writeLong(msgId);
        w.writeLong(pingId);
        return w.toByteArray();
    }

    private byte[] stateInfo(SessionState s, long reqMsgId, List<Long> ids) {
        byte[] info = new byte[ids.size()];
        for (int i = 0; i < info.length; i++) {
            long id = ids.get(i);
            if (s.received.contains(id)) {
                info[i] = (byte) (4 | (s.answer(id) != null ? 32 | 64 : 0));
            } else if (id <= s.received.floor()) {
                info[i] = 1;
            } else if (id > s.maxClientMsgId) {
                info[i] = 3;
            } else {
                info[i] = 2;
            }
        }
        TlWriter w = new TlWriter(16 + info.length + 4);
        w.writeInt(Ids.MSGS_STATE_INFO);
        w.writeLong(reqMsgId);
        w.writeBytes(info, 0, info.length);
        return w.toByteArray();
    }

    private byte[] futureSalts(AuthKeyState key, long reqMsgId, int num) {
        int now = dc.clock.nowSeconds();
        TlWriter w = new TlWriter(20 + num * 16);
        w.writeInt(Ids.FUTURE_SALTS);
        w.writeLong(reqMsgId);
        w.writeInt(now);
        w.writeInt(1);
        // the test DC keeps one salt until a rotation knob replaces it
        w.writeInt(now - 60);
        w.writeInt(now + 3600);
        w.writeLong(key.salt);
        return w.toByteArray();
    }

    private synchronized void schedulePingDisconnect(int requestedDelay) {
        int delay = Math.max(MIN_DISCONNECT_DELAY, Math.min(MAX_DISCONNECT_DELAY, requestedDelay));
        disconnectDelaySeconds = delay;
        cancelPingDisconnect();
        pingDisconnect = dc.scheduler.schedule(this::close, delay, TimeUnit.SECONDS);
    }

    synchronized int disconnectDelaySeconds() {
        return disconnectDelaySeconds;
    }

    private synchronized void cancelPingDisconnect() {
        if (pingDisconnect != null) {
            pingDisconnect.cancel(false);
            pingDisconnect = null;
        }
    }

    void send(byte[] packet) {
        if (!closed) {
            sink.send(packet);
        }
    }

    static boolean isContentRelated(int constructorId) {
        return switch (constructorId) {
            case Ids.MSGS_ACK, Ids.MSG_CONTAINER, Ids.HTTP_WAIT, Ids.MSGS_STATE_INFO, Ids.MSGS_ALL_INFO,
                    Ids.MSG_DETAILED_INFO, Ids.MSG_NEW_DETAILED_INFO, Ids.BAD_MSG_NOTIFICATION,
                    Ids.BAD_SERVER_SALT -> false;
            default -> true;
        };
    }

    static int intAt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
