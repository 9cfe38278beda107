package dev.heliograph.bench.fuzz;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.error.HeliographException;
import dev.heliograph.mtproto.internal.engine.Inbound;
import dev.heliograph.mtproto.internal.engine.MtpEngine;
import dev.heliograph.mtproto.internal.engine.OutMessage;
import dev.heliograph.tl.Bytes;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.api.BaseNearestDc;
import dev.heliograph.tl.mtproto.BadServerSalt;
import dev.heliograph.tl.mtproto.BaseBadMsgNotification;
import dev.heliograph.tl.mtproto.BaseFutureSalt;
import dev.heliograph.tl.mtproto.BaseFutureSalts;
import dev.heliograph.tl.mtproto.BaseMsgDetailedInfo;
import dev.heliograph.tl.mtproto.BaseMsgResendReq;
import dev.heliograph.tl.mtproto.BaseMsgsAck;
import dev.heliograph.tl.mtproto.BaseMsgsStateInfo;
import dev.heliograph.tl.mtproto.BaseMsgsStateReq;
import dev.heliograph.tl.mtproto.BasePong;
import dev.heliograph.tl.mtproto.BaseRpcError;
import dev.heliograph.tl.mtproto.NewSessionCreated;
import dev.heliograph.tl.mtproto.functions.Ping;
import dev.heliograph.tlapi.TlApi;
import dev.heliograph.transport.tcp.codec.FrameCodec;
import dev.heliograph.transport.tcp.codec.Framing;
import dev.heliograph.transport.tcp.codec.FramingDetector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

/**
 * Fuzzes the client's whole receive path with mutated server packets: TCP framing (transport-tcp's
 * client {@link FrameCodec}, intermediate, padded intermediate and abridged, bytes fed in random
 * chunks), the encrypted envelope ({@link MtpEngine#receive}: msg_key, lengths, padding, session,
 * msg_ids, containers, gzip, every service message) and TL decoding of what comes out (results
 * and updates read with the full API registry). Packets start valid and are mutated at one of
 * three layers: the message body before encryption (so it passes msg_key and reaches the parsers),
 * the plaintext header before encryption, or the framed bytes on the wire.
 *
 * <p>The property: every packet is either accepted or rejected with a typed
 * {@link HeliographException}; anything else (an index, argument, state, arithmetic or
 * out-of-memory error) is a failure, and so is a packet that takes more than
 * {@value #HANG_MILLIS} ms. {@code PacketFuzzTest} runs 10^5 packets in the build; the full run
 * is a command, not part of CI:
 *
 * <pre>
 * mvn -B -q -pl bench -am package -Pbenchmarks -DskipTests
 * java -cp bench/target/benchmarks.jar dev.heliograph.bench.fuzz.PacketFuzz 10000000 [seed]
 * </pre>
 *
 * It prints progress every million packets and one {@code RESULT} line; it exits 1 on a failure.
 */
public final class PacketFuzz {

    /** A packet that takes longer than this to handle counts as a hang. */
    static final long HANG_MILLIS = 10_000;
    private static final long NOW = 1_783_001_185_000L;
    /** Packets per engine: an engine's state (clock, received ids, sent set) lives this long. */
    private static final int PACKETS_PER_ENGINE = 256;
    private static final int[] INTERESTING = {0, 1, -1, 3, 4, 6, 0x7fffffff, Integer.MIN_VALUE, 0xfe, 0xff, 0xfffffe,
        1_000_000, 16 << 20, 0x1cb5c415, 0x3072cfa1, 0x73f1f8dc, 0xf35c6d01};

    /**
     * What a run found.
     *
     * @param packets packets fed
     * @param accepted packets handled without an error
     * @param typed packets rejected with a typed error
     * @param untyped packets that raised anything else (must be 0)
     * @param hangs packets that took longer than {@value #HANG_MILLIS} ms (must be 0)
     * @param firstFailure the first untyped error or hang with its input, or {@code null}
     * @param millis wall time
     */
    public record Report(long packets, long accepted, long typed, long untyped, long hangs, String firstFailure,
                         long millis) {
        /**
         * Tells whether the property held.
         *
         * @return {@code true} if there was no untyped error and no hang
         */
        public boolean passed() {
            return untyped == 0 && hangs == 0;
        }
    }

    /** The packet being handled, printed only when it fails. */
    private record Input(Framing framing, int layer, byte[] wire) {
        @Override
        public String toString() {
            return framing + ", mutated at layer " + layer + ", wire bytes " + Bytes.wrap(wire).toHex();
        }
    }

    private final CryptoProvider provider = CryptoProviders.defaultProvider();
    private final MtprotoCrypto crypto = new MtprotoCrypto(provider);
    private final AuthKey key = AuthKey.of(RandomSource.secure().bytes(256));
    private final SplittableRandom random;
    private final List<Long> pending = new ArrayList<>();
    private MtpEngine engine;
    private long serverMsgId;

    private PacketFuzz(long seed) {
        random = new SplittableRandom(seed);
    }

    /**
     * Runs the fuzzer.
     *
     * @param args the packet count (default 10^7) and the seed (default fixed)
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        long packets = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 0x48656c696f67L;
        Report r = run(packets, seed, true);
        System.out.printf("RESULT packet fuzz: %d packets (seed %d), %d accepted, %d rejected with typed errors,"
                        + " %d untyped errors, %d hangs, %.1f s%n", r.packets(), seed, r.accepted(), r.typed(),
                r.untyped(), r.hangs(), r.millis() / 1000.0);
        if (!r.passed()) {
            System.out.println("first failure: " + r.firstFailure());
            System.exit(1);
        }
    }

    /**
     * Feeds {@code packets} mutated packets through framing, envelope and TL decode on a worker
     * thread, watched for hangs.
     *
     * @param packets how many
     * @param seed the mutation seed
     * @param progress whether to print progress
     * @return the report
     * @throws InterruptedException if interrupted
     */
    public static Report run(long packets, long seed, boolean progress) throws InterruptedException {
        PacketFuzz fuzz = new PacketFuzz(seed);
        AtomicLong done = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong typed = new AtomicLong();
        AtomicLong untyped = new AtomicLong();
        AtomicReference<String> first = new AtomicReference<>();
        AtomicReference<Input> current = new AtomicReference<>();
        long start = System.currentTimeMillis();
        Thread worker = new Thread(() -> {
            for (long i = 0; i < packets; i++) {
                try {
                    if (fuzz.one(current)) {
                        accepted.incrementAndGet();
                    } else {
                        typed.incrementAndGet();
                    }
                } catch (Throwable t) {
                    untyped.incrementAndGet();
                    first.compareAndSet(null, "packet " + i + ": " + t + " for " + current.get());
                    fuzz.engine = null;
                }
                done.incrementAndGet();
            }
        }, "packet-fuzz");
        worker.setDaemon(true);
        worker.start();
        long hangs = 0;
        long lastDone = -1;
        long lastChange = System.currentTimeMillis();
        long nextReport = 1_000_000;
        while (worker.isAlive()) {
            worker.join(200);
            long d = done.get();
            long now = System.currentTimeMillis();
            if (d != lastDone) {
                lastDone = d;
                lastChange = now;
            } else if (now - lastChange > HANG_MILLIS) {
                hangs = 1;
                first.compareAndSet(null, "hang at packet " + d + " for " + current.get());
                break;
            }
            if (progress && d >= nextReport) {
                System.out.printf("%d packets, %d untyped errors, %.0f s%n", d, untyped.get(), (now - start) / 1000.0);
                nextReport += 1_000_000;
            }
        }
        return new Report(done.get(), accepted.get(), typed.get(), untyped.get(), hangs, first.get(),
                System.currentTimeMillis() - start);
    }

    /** Builds, mutates and feeds one packet; true if accepted, false if rejected with a typed error. */
    private boolean one(AtomicReference<Input> current) {
        if (engine == null || random.nextInt(PACKETS_PER_ENGINE) == 0) {
            newEngine();
        }
        byte[] body = body();
        long msgId = serverMsgId += 4 + 4L * random.nextInt(4);
        int seqNo = random.nextInt(4);
        int layer = random.nextInt(10);
        if (layer < 6) {
            body = mutate(body, 1 + random.nextInt(3));
        }
        byte[] header = header(msgId, seqNo, body.length);
        if (layer == 6 || layer == 7) {
            header = mutateHeader(header);
        }
        byte[] packet = encrypt(header, body, layer == 7 ? random.nextInt(1100) : -1);
        Framing framing = switch (random.nextInt(3)) {
            case 0 -> Framing.INTERMEDIATE;
            case 1 -> Framing.PADDED_INTERMEDIATE;
            default -> Framing.ABRIDGED;
        };
        byte[] wire = frame(framing, packet);
        if (layer >= 8) {
            wire = mutate(wire, 1 + random.nextInt(2));
        }
        current.set(new Input(framing, layer, wire));
        return receive(framing, wire);
    }

    private void newEngine() {
        engine = new MtpEngine(crypto, RandomSource.secure(), key, 1L, 0, TlApi.registry());
        serverMsgId = msgIdAt(NOW) | 1;
        pending.clear();
        for (int i = 0; i < 4; i++) {
            OutMessage m = engine.enqueue(body(new Ping(i)), true, "call " + i);
            engine.pack(NOW);
            pending.add(m.msgId());
        }
    }

    /** Feeds the wire bytes in random chunks; decodes every result and update. */
    private boolean receive(Framing framing, byte[] wire) {
        FrameCodec codec = FrameCodec.client(framing).build();
        List<byte[]> packets = new ArrayList<>();
        List<Inbound> events = new ArrayList<>();
        boolean ok = true;
        try {
            // the client's own first frame carries the framing tag; the server's bytes follow
            int at = 0;
            while (at < wire.length) {
                int n = Math.min(wire.length - at, 1 + random.nextInt(wire.length));
                codec.decode(wire, at, n, (p, q) -> packets.add(p));
                at += n;
            }
            for (byte[] p : packets) {
                engine.receive(p, NOW, events);
            }
        } catch (HeliographException e) {
            ok = false;
        }
        for (Inbound in : events) {
            TlReader reader = in instanceof Inbound.Result r ? r.reader()
                    : in instanceof Inbound.Update u ? u.reader() : null;
            if (reader != null) {
                try {
                    reader.readObject();
                } catch (HeliographException e) {
                    ok = false;
                }
            }
        }
        if (random.nextInt(8) == 0) {
            // drain acks and resends as the sender does, so the engine's queues stay as in real use
            while (engine.pack(NOW) != null) {
                // packed
            }
            engine.maintain(NOW);
        }
        return ok;
    }

    private byte[] frame(Framing framing, byte[] packet) {
        FrameCodec client = FrameCodec.client(framing).build();
        byte[] tag = client.encode(new byte[16]);
        FramingDetector.Detection d = new FramingDetector(provider, RandomSource.secure(),
                FrameCodec.DEFAULT_MAX_FRAME_SIZE).feed(tag, 0, tag.length);
        return d.codec().encode(packet);
    }

    private byte[] header(long msgId, int seqNo, int length) {
        TlWriter w = new TlWriter(32);
        w.writeLong(1L);
        w.writeLong(engine.sessionId());
        w.writeLong(msgId);
        w.writeInt(seqNo);
        w.writeInt(length);
        return w.toByteArray();
    }

    private byte[] mutateHeader(byte[] header) {
        byte[] h = header.clone();
        int field = random.nextInt(4);
        int at = new int[] {8, 16, 24, 28}[field];
        if (field == 1 && random.nextBoolean()) {
            h[at] ^= 1;
        } else {
            int v = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : random.nextInt();
            for (int i = 0; i < 4; i++) {
                h[at + i] = (byte) (v >>> (8 * i));
            }
        }
        return h;
    }

    /** Encrypts header and body with the given padding, or the smallest valid one when negative. */
    private byte[] encrypt(byte[] header, byte[] body, int padding) {
        int unpadded = header.length + body.length;
        int pad = padding >= 0 ? padding : 12 + (16 - (unpadded + 12) % 16) % 16 + 16 * random.nextInt(4);
        pad += (16 - (unpadded + pad) % 16) % 16;
        byte[] plain = Arrays.copyOf(header, unpadded + pad);
        System.arraycopy(body, 0, plain, header.length, body.length);
        return crypto.encryptMessage(key, plain, 0, plain.length, false);
    }

    /** One valid server message body, of a kind picked at random. */
    private byte[] body() {
        long req = pendingId();
        return switch (random.nextInt(14)) {
            case 0 -> rpcResult(req, body(new BasePong(req, 7)));
            case 1 -> rpcResult(req, gzipPacked(body(new BaseNearestDc("NL", 2, 4))));
            case 2 -> rpcResult(req, body(new BaseRpcError(420, "FLOOD_WAIT_3")));
            case 3 -> container(rpcResult(req, body(new BaseNearestDc("DE", 2, 2))),
                    body(new BaseMsgsAck(List.of(req))), body(new NewSessionCreated(req, 9, 3L)));
            case 4 -> body(new BadServerSalt(req, 1, 48, random.nextLong()));
            case 5 -> body(new BaseBadMsgNotification(req, 1, new int[] {16, 17, 18, 19, 20, 32, 33, 64}[random.nextInt(8)]));
            case 6 -> body(new BaseMsgsStateInfo(req, Bytes.wrap(new byte[] {(byte) random.nextInt(8)})));
            case 7 -> body(new BaseMsgsStateReq(List.of(req, serverMsgId)));
            case 8 -> body(new BaseMsgDetailedInfo(req, serverMsgId - 4, 16, 0));
            case 9 -> body(new BaseFutureSalts(req, (int) (NOW / 1000), List.of(new BaseFutureSalt((int) (NOW / 1000),
                    (int) (NOW / 1000) + 3600, 5L))));
            case 10 -> body(new BaseMsgResendReq(List.of(req)));
            case 11 -> gzipPacked(body(new BaseNearestDc("US", 1, 3)));
            case 12 -> container(gzipPacked(rpcResult(req, body(new BasePong(req, 1)))), body(new BaseNearestDc("FR", 2, 1)));
            default -> body(new BaseNearestDc("GB", 4, 4));
        };
    }

    private long pendingId() {
        return pending.get(random.nextInt(pending.size()));
    }

    private byte[] container(byte[]... bodies) {
        TlWriter w = new TlWriter();
        w.writeInt(0x73f1f8dc);
        w.writeInt(bodies.length);
        for (byte[] b : bodies) {
            w.writeLong(serverMsgId += 4);
            w.writeInt(random.nextInt(2));
            w.writeInt(b.length);
            w.writeRaw(b);
        }
        return w.toByteArray();
    }

    private byte[] mutate(byte[] in, int times) {
        byte[] b = in;
        for (int t = 0; t < times; t++) {
            if (b.length == 0) {
                return new byte[] {(byte) random.nextInt()};
            }
            b = b.clone();
            switch (random.nextInt(6)) {
                case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
                case 2 -> {
                    int at = random.nextInt(b.length + 1);
                    byte[] out = new byte[b.length + 4];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at, out, at + 4, b.length - at);
                    for (int i = 0; i < 4; i++) {
                        out[at + i] = (byte) random.nextInt();
                    }
                    b = out;
                }
                case 3, 4 -> {
                    // a length, count or constructor field: a 4-aligned int
                    int at = random.nextInt((b.length + 3) / 4) * 4;
                    int v = INTERESTING[random.nextInt(INTERESTING.length)];
                    for (int i = 0; i < 4 && at + i < b.length; i++) {
                        b[at + i] = (byte) (v >>> (8 * i));
                    }
                }
                default -> {
                    int from = random.nextInt(b.length);
                    int len = Math.min(b.length - from, 4 + random.nextInt(32));
                    byte[] out = Arrays.copyOf(b, b.length + len);
                    System.arraycopy(b, from, out, b.length, len);
                    b = out;
                }
            }
        }
        return b;
    }

    private static long msgIdAt(long millis) {
        return (Math.floorDiv(millis, 1000L) << 32 | (Math.floorMod(millis, 1000L) << 32) / 1000) & ~3L;
    }

    private static byte[] body(TlObject o) {
        TlWriter w = new TlWriter();
        o.serialize(w);
        return w.toByteArray();
    }

    private static byte[] rpcResult(long reqMsgId, byte[] result) {
        TlWriter w = new TlWriter();
        w.writeInt(0xf35c6d01);
        w.writeLong(reqMsgId);
        w.writeRaw(result);
        return w.toByteArray();
    }

    private static byte[] gzipPacked(byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TlWriter w = new TlWriter();
        w.writeInt(0x3072cfa1);
        w.writeBytes(out.toByteArray(), 0, out.size());
        return w.toByteArray();
    }
}
