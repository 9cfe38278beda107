package dev.heliograph.mtproto.hostile;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.mtproto.BaseMsgsStateInfo;
import dev.heliograph.tl.mtproto.BasePong;
import dev.heliograph.tl.mtproto.functions.Ping;
import dev.heliograph.tl.mtproto.functions.PingDelayDisconnect;
import dev.heliograph.tl.Bytes;
import dev.heliograph.transport.tcp.codec.FrameCodec;
import dev.heliograph.transport.tcp.codec.FramingDetector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scriptable hostile DC: a real MTProto server on a real socket, speaking the real TCP framing
 * (transport-tcp's {@link FramingDetector} and {@link FrameCodec}) and real encrypted messages
 * under an auth key it shares with the client, that a {@link Script} makes break the rules.
 *
 * <p>Calls are {@code ping} requests (each with its own ping_id) answered with {@code rpc_result}:
 * like a real server, the DC runs a msg_id once and answers a repeated msg_id from its stored
 * result. {@link #executions(long)} is the execution log a test checks "no call run twice" with.
 * Keep-alive pings, acks, {@code get_future_salts} and {@code msgs_state_req} are served honestly.
 */
final class HostileDc implements AutoCloseable {

    static final int MSG_CONTAINER = 0x73f1f8dc;
    static final int RPC_RESULT = 0xf35c6d01;
    static final int GZIP_PACKED = 0x3072cfa1;
    static final int MSGS_STATE_REQ = 0xda69fb52;

    /** What the DC does with each call. */
    @FunctionalInterface
    interface Script {
        /**
         * A call arrived; it runs when the script calls {@link Peer#run} or {@link Peer#answer}.
         *
         * @param peer the connection
         * @param call the call
         * @throws Exception when writing fails or the script is interrupted
         */
        void onCall(Peer peer, Call call) throws Exception;
    }

    /**
     * One call the DC received.
     *
     * @param msgId the client's msg_id
     * @param pingId the ping_id, which names the call
     * @param repeat whether this msg_id ran before (running it again does nothing)
     * @param sessionId the client's session
     * @param packetMsgId the msg_id of the packet it came in (its container's, if any)
     */
    record Call(long msgId, long pingId, boolean repeat, long sessionId, long packetMsgId) {
    }

    /** Runs and answers every call. */
    static final Script HONEST = Peer::answer;

    final AuthKey key = AuthKey.of(RandomSource.secure().bytes(256));
    final MtprotoCrypto crypto = new MtprotoCrypto(CryptoProviders.defaultProvider());
    private final ServerSocket server;
    private final Thread acceptor;
    private final Map<Long, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final Map<Long, Long> pingOfMsgId = new ConcurrentHashMap<>();
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    /** The last server msg_id (low bits cleared): unique within the DC, as a server's are within a session. */
    private final AtomicLong lastMsgId = new AtomicLong();
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private volatile Script script = HONEST;
    /** Server clock minus local clock, for msg_ids. */
    volatile long skewMillis;

    HostileDc() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "hostile-dc");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void script(Script value) {
        script = value;
    }

    /** How often the call named {@code pingId} ran. */
    int executions(long pingId) {
        AtomicInteger n = executions.get(pingId);
        return n == null ? 0 : n.get();
    }

    int connections() {
        return connections.get();
    }

    /** Client packets the DC could not decrypt or parse (it drops the connection on them). */
    List<String> rejections() {
        return rejections;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Peer peer = new Peer(s, connections.incrementAndGet());
                peers.add(peer);
                Thread t = new Thread(peer::run, "hostile-dc-peer-" + peer.ordinal);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Peer p : peers) {
            p.close();
        }
    }

    /** One client connection. */
    final class Peer {
        final Socket socket;
        final int ordinal;
        private final OutputStream out;
        private FrameCodec codec;
        long sessionId;

        Peer(Socket socket, int ordinal) throws IOException {
            this.socket = socket;
            this.ordinal = ordinal;
            this.out = socket.getOutputStream();
        }

        void run() {
            FramingDetector detector = new FramingDetector(CryptoProviders.defaultProvider(), RandomSource.secure(),
                    FrameCodec.DEFAULT_MAX_FRAME_SIZE);
            byte[] buf = new byte[64 << 10];
            try (socket) {
                InputStream in = socket.getInputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    List<byte[]> packets = new ArrayList<>();
                    if (codec == null) {
                        FramingDetector.Detection d = detector.feed(buf, 0, n);
                        if (d == null) {
                            continue;
                        }
                        codec = d.codec();
                        codec.decode(d.remaining(), 0, d.remaining().length, (p, q) -> packets.add(p));
                    } else {
                        codec.decode(buf, 0, n, (p, q) -> packets.add(p));
                    }
                    for (byte[] p : packets) {
                        onPacket(p);
                    }
                }
            } catch (Exception e) {
                rejections.add(String.valueOf(e));
            }
        }

        private void onPacket(byte[] packet) throws Exception {
            byte[] plain = crypto.decryptMessage(key, packet, 0, packet.length, true);
            ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
            b.getLong();
            sessionId = b.getLong();
            long msgId = b.getLong();
            b.getInt();
            int length = b.getInt();
            onMessage(msgId, msgId, ByteBuffer.wrap(plain, 32, length).slice().order(ByteOrder.LITTLE_ENDIAN));
        }

        private void onMessage(long packetMsgId, long msgId, ByteBuffer body) throws Exception {
            int constructor = body.getInt(0);
            if (constructor == MSG_CONTAINER) {
                int count = body.getInt(4);
                int at = 8;
                for (int i = 0; i < count; i++) {
                    long id = body.getLong(at);
                    int len = body.getInt(at + 12);
                    onMessage(packetMsgId, id, body.duplicate().position(at + 16).limit(at + 16 + len).slice()
                            .order(ByteOrder.LITTLE_ENDIAN));
                    at += 16 + len;
                }
            } else if (constructor == Ping.CONSTRUCTOR_ID) {
                long pingId = body.getLong(4);
                script.onCall(this, new Call(msgId, pingId, pingOfMsgId.containsKey(msgId), sessionId,
                        packetMsgId));
            } else if (constructor == PingDelayDisconnect.CONSTRUCTOR_ID) {
                message(body(new BasePong(msgId, body.getLong(4))), false);
            } else if (constructor == MSGS_STATE_REQ) {
                int count = body.getInt(8);
                byte[] states = new byte[count];
                for (int i = 0; i < count; i++) {
                    states[i] = (byte) (pingOfMsgId.containsKey(body.getLong(12 + 8 * i)) ? 4 | 32 : 2);
                }
                message(body(new BaseMsgsStateInfo(msgId, Bytes.wrap(states))), false);
            }
        }

        /** The next server msg_id: from the DC's clock, odd, increasing across connections. */
        long nextMsgId(boolean answer) {
            long millis = System.currentTimeMillis() + skewMillis;
            long fresh = (Math.floorDiv(millis, 1000L) << 32 | (Math.floorMod(millis, 1000L) << 32) / 1000) & ~3L;
            return lastMsgId.updateAndGet(last -> Math.max(fresh, last + 4)) | (answer ? 1 : 3);
        }

        /** Runs a call, once per msg_id as a real server does, without answering it. */
        void run(Call call) {
            if (pingOfMsgId.putIfAbsent(call.msgId(), call.pingId()) == null) {
                executions.computeIfAbsent(call.pingId(), k -> new AtomicInteger()).incrementAndGet();
            }
        }

        /** Runs a call (unless its msg_id ran) and answers it with rpc_result(pong). */
        void answer(Call call) throws IOException {
            run(call);
            message(rpcResult(call.msgId(), body(new BasePong(call.msgId(), call.pingId()))), true);
        }

        /** Sends one message in this connection's session with a fresh msg_id. */
        void message(byte[] body, boolean contentRelated) throws IOException {
            send(encrypt(sessionId, nextMsgId(true), contentRelated ? 1 : 0, body));
        }

        /** Encrypts a server message with the given header and the smallest valid padding. */
        byte[] encrypt(long session, long msgId, int seqNo, byte[] body) {
            TlWriter w = new TlWriter(64 + body.length);
            w.writeLong(0);
            w.writeLong(session);
            w.writeLong(msgId);
            w.writeInt(seqNo);
            w.writeInt(body.length);
            w.writeRaw(body);
            w.writeRaw(new byte[12 + (16 - (32 + body.length + 12) % 16) % 16]);
            return crypto.encryptMessage(key, w.buffer(), 0, w.size(), false);
        }

        /** Frames and writes one packet. */
        synchronized void send(byte[] packet) throws IOException {
            sendRaw(frame(packet));
        }

        /** Frames one packet without writing it. */
        synchronized byte[] frame(byte[] packet) {
            return codec.encode(packet);
        }

        /** Writes bytes as they are, framing or not. */
        synchronized void sendRaw(byte[] bytes) throws IOException {

            out.write(bytes);
            out.flush();
        }

        /** Writes a transport error code (-404, ...) as its 4-byte packet. */
        synchronized void sendTransportError(int code) throws IOException {
            sendRaw(codec.encodeTransportError(code));
        }

        /** Resets the connection (RST, not FIN). */
        void reset() {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                // closed already
            }
        }

        void close() {
            reset();
        }
    }

    static byte[] body(TlObject o) {
        TlWriter w = new TlWriter();
        o.serialize(w);
        return w.toByteArray();
    }

    static byte[] rpcResult(long reqMsgId, byte[] result) {
        TlWriter w = new TlWriter();
        w.writeInt(RPC_RESULT);
        w.writeLong(reqMsgId);
        w.writeRaw(result);
        return w.toByteArray();
    }

    /** A container of {@code bodies} with the given inner msg_ids and declared lengths. */
    static byte[] container(long[] ids, int[] lengths, byte[]... bodies) {
        TlWriter w = new TlWriter();
        w.writeInt(MSG_CONTAINER);
        w.writeInt(bodies.length);
        for (int i = 0; i < bodies.length; i++) {
            w.writeLong(ids[i]);
            w.writeInt(1);
            w.writeInt(lengths[i]);
            w.writeRaw(bodies[i]);
        }
        return w.toByteArray();
    }
}
