package dev.heliograph.mtproto.hostile;

import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.error.HeliographException;
import dev.heliograph.error.ProtocolException;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.error.TransportException;
import dev.heliograph.mtproto.DcAuthState;
import dev.heliograph.mtproto.DcSender;
import dev.heliograph.mtproto.DcSenderConfig;
import dev.heliograph.mtproto.DcSenderListener;
import dev.heliograph.mtproto.hostile.HostileDc.Call;
import dev.heliograph.mtproto.hostile.HostileDc.Peer;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.mtproto.BadServerSalt;
import dev.heliograph.tl.mtproto.BaseMsgsAck;
import dev.heliograph.tl.mtproto.BasePong;
import dev.heliograph.tl.mtproto.BaseRpcError;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import dev.heliograph.tl.mtproto.NewSessionCreated;
import dev.heliograph.tl.mtproto.Pong;
import dev.heliograph.tl.mtproto.functions.Ping;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.tcp.TcpTransport;
import dev.heliograph.transport.tcp.TcpTransportConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sender against a {@link HostileDc} over real sockets and the real TCP framing. Every case
 * checks the same four things: the client stays up (an honest call works afterwards on the same
 * sender), the heap stays bounded (the peak is measured and printed), no call is lost or run twice
 * (against the DC's execution log), and whatever the client drops the connection for is a typed
 * {@link HeliographException}.
 */
class HostileServerIT {

    /** Far above what one connection may hold (an 8 MiB frame, a 16 MiB inflate budget). */
    private static final long HEAP_BOUND = 256L << 20;
    private static final byte[] POISON_RATIO = gzipPacked(gzip(new byte[64 << 20]));

    private static TcpTransport transport;
    private HostileDc dc;
    private DcSender sender;
    private final List<HeliographException> drops = new CopyOnWriteArrayList<>();
    private final List<TlObject> updates = new CopyOnWriteArrayList<>();
    private final List<HeliographException> closed = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextPing = new AtomicInteger(1);
    private String name;

    @BeforeAll
    static void startTransport() {
        transport = new TcpTransport(TcpTransportConfig.DEFAULT, CryptoProviders.defaultProvider(), RandomSource.secure());
    }

    @AfterAll
    static void stopTransport() {
        transport.close();
    }

    @BeforeEach
    void start(TestInfo info) throws IOException {
        name = info.getDisplayName();
        dc = new HostileDc();
        sender = DcSender.create(DcSenderConfig.builder(DcEndpoint.of(2, "127.0.0.1", dc.port()), transport)
                .registry(MtprotoSchema.registry())
                .authState(new DcAuthState(2, dc.key, 1L, 0))
                // The hostile DC shares its key with the client and runs no key exchange: no temporary keys.
                .pfs(false)
                .requestTimeout(Duration.ofSeconds(15))
                .keepAliveInterval(Duration.ofSeconds(1))
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
                .listener(new DcSenderListener() {
                    @Override
                    public void reconnecting(int dcId, int attempt, long delayMillis, HeliographException cause) {
                        drops.add(cause);
                    }

                    @Override
                    public void update(int dcId, TlObject update) {
                        updates.add(update);
                    }

                    @Override
                    public void closed(int dcId, HeliographException cause) {
                        closed.add(cause);
                    }
                })
                .build());
        resetHeapPeak();
    }

    @AfterEach
    void stop() throws IOException {
        System.out.printf("hostile DC, %s: peak heap %d MiB, %d connections, drops %s%n", name, heapPeak() >> 20,
                dc.connections(), drops.stream().map(e -> e.getClass().getSimpleName()).distinct().toList());
        sender.close();
        dc.close();
    }

    // ---- the cases ----

    @ParameterizedTest
    @ValueSource(strings = {"nested", "trailing bytes", "ratio above 1000"})
    void aGzipBombInAnAnswerIsRefusedAndTheCallAnsweredOnceAfterTheReconnect(String kind) throws Exception {
        byte[] pong = HostileDc.body(new BasePong(1, 1));
        byte[] bomb = switch (kind) {
            case "nested" -> gzipPacked(gzip(gzipPacked(gzip(pong))));
            case "trailing bytes" -> gzipPacked(concat(gzip(pong), new byte[16]));
            default -> POISON_RATIO;
        };
        badFirstAnswer((peer, call) -> peer.message(HostileDc.rpcResult(call.msgId(), bomb), true));
        assertSurvived(SecurityCheckException.class);
    }

    @Test
    void aGzipBombSpreadOverAContainerIsRefused() throws Exception {
        byte[] half = gzipPacked(gzip(new byte[9 << 20]));
        badFirstAnswer((peer, call) -> peer.message(HostileDc.container(new long[] {peer.nextMsgId(false),
                peer.nextMsgId(false)}, new int[] {half.length, half.length}, half, half), false));
        assertSurvived(SecurityCheckException.class);
    }

    @Test
    void vectorCountsLargerThanThePacketAreRefused() throws Exception {
        TlWriter acks = new TlWriter();
        acks.writeInt(BaseMsgsAck.CONSTRUCTOR_ID);
        acks.writeInt(0x1cb5c415);
        acks.writeInt(1_000_000);
        acks.writeLong(1);
        TlWriter container = new TlWriter();
        container.writeInt(HostileDc.MSG_CONTAINER);
        container.writeInt(100_000);
        badFirstAnswer((peer, call) -> {
            peer.message(acks.toByteArray(), false);
            peer.message(container.toByteArray(), false);
        });
        assertSurvived(SecurityCheckException.class);
    }

    @Test
    void anEvenMsgIdIsRefused() throws Exception {
        badFirstAnswer((peer, call) -> peer.send(peer.encrypt(call.sessionId(), peer.nextMsgId(true) - 1, 1,
                HostileDc.rpcResult(call.msgId(), HostileDc.body(new BasePong(call.msgId(), call.pingId()))))));
        assertSurvived(SecurityCheckException.class);
    }

    @Test
    void messagesOutsideTheTimeWindowAreDroppedWithoutHarm() throws Exception {
        dc.script((peer, call) -> {
            long now = peer.nextMsgId(false);
            long tenMinutes = 600L << 32;
            peer.send(peer.encrypt(call.sessionId(), now - tenMinutes, 1, HostileDc.body(new BaseRpcError(1, "PAST"))));
            peer.send(peer.encrypt(call.sessionId(), now + tenMinutes, 1, HostileDc.body(new BaseRpcError(2, "FUTURE"))));
            peer.message(HostileDc.body(new BaseRpcError(3, "NOW")), true);
            peer.answer(call);
        });
        long id = call();
        assertEquals(1, dc.executions(id));
        assertEquals(List.of(new BaseRpcError(3, "NOW")), updates);
        assertSurvived(null);
    }

    @Test
    void aMsgIdFromTheNearFutureMovesTheClockInsteadOfBeingDropped() throws Exception {
        dc.skewMillis = 120_000;
        long id = call();
        assertEquals(1, dc.executions(id));
        assertTrue(sender.authState().orElseThrow().timeOffsetMillis() >= 119_000);
        assertSurvived(null);
    }

    @Test
    void aRepeatedMsgIdIsHandledOnce() throws Exception {
        dc.script((peer, call) -> {
            peer.run(call);
            long update = peer.nextMsgId(false);
            long answer = peer.nextMsgId(true);
            byte[] result = HostileDc.rpcResult(call.msgId(), HostileDc.body(new BasePong(call.msgId(), call.pingId())));
            for (int i = 0; i < 3; i++) {
                peer.send(peer.encrypt(call.sessionId(), update, 1, HostileDc.body(new BaseRpcError(4, "ONCE"))));
                peer.send(peer.encrypt(call.sessionId(), answer, 1, result));
            }
        });
        long id = call();
        assertEquals(1, dc.executions(id));
        assertEquals(List.of(new BaseRpcError(4, "ONCE")), updates);
        assertSurvived(null);
    }

    @Test
    void aWrongMsgKeyIsRefused() throws Exception {
        badFirstAnswer((peer, call) -> {
            byte[] packet = peer.encrypt(call.sessionId(), peer.nextMsgId(true), 1,
                    HostileDc.rpcResult(call.msgId(), HostileDc.body(new BasePong(call.msgId(), call.pingId()))));
            packet[8] ^= 1;
            peer.send(packet);
        });
        assertSurvived(SecurityCheckException.class);
    }

    @Test
    void aWrongSessionIdIsRefused() throws Exception {
        badFirstAnswer((peer, call) -> peer.send(peer.encrypt(call.sessionId() + 1, peer.nextMsgId(true), 1,
                HostileDc.rpcResult(call.msgId(), HostileDc.body(new BasePong(call.msgId(), call.pingId()))))));
        assertSurvived(SecurityCheckException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000_000, 6, -4})
    void aContainerWithABadInnerLengthStillDeliversTheAnswerBeforeIt(int badLength) throws Exception {
        dc.script((peer, call) -> {
            if (call.repeat()) {
                peer.answer(call);
                return;
            }
            peer.run(call);
            byte[] answer = HostileDc.rpcResult(call.msgId(), HostileDc.body(new BasePong(call.msgId(), call.pingId())));
            byte[] bad = HostileDc.body(new BaseRpcError(5, "BAD"));
            peer.message(HostileDc.container(new long[] {peer.nextMsgId(true), peer.nextMsgId(false)},
                    new int[] {answer.length, badLength}, answer, bad), false);
        });
        long id = call();
        assertEquals(1, dc.executions(id));
        assertSurvived(SecurityCheckException.class);
    }

    @Test
    void aNestedContainerIsRefused() throws Exception {
        badFirstAnswer((peer, call) -> {
            byte[] answer = HostileDc.rpcResult(call.msgId(), HostileDc.body(new BasePong(call.msgId(), call.pingId())));
            byte[] inner = HostileDc.container(new long[] {peer.nextMsgId(true)}, new int[] {answer.length}, answer);
            peer.message(HostileDc.container(new long[] {peer.nextMsgId(false)}, new int[] {inner.length}, inner), false);
        });
        assertSurvived(SecurityCheckException.class);
    }

    @Test
    void anRpcResultForAnUnknownOrAnsweredIdIsIgnored() throws Exception {
        dc.script((peer, call) -> {
            peer.message(HostileDc.rpcResult(0x1234_5678L << 2, HostileDc.body(new BasePong(1, 1))), true);
            peer.answer(call);
            peer.message(HostileDc.rpcResult(call.msgId(), HostileDc.body(new BasePong(call.msgId(), -1))), true);
        });
        long first = nextPing.getAndIncrement();
        Pong pong = sender.invoke(new Ping(first)).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(first, ((BasePong) pong).pingId(), "the first answer counts, the later one is dropped");
        assertEquals(1, dc.executions(first));
        assertSurvived(null);
    }

    @Test
    void aBadServerSaltStormFailsTheCallWithATypedErrorWithoutRunningIt() throws Exception {
        dc.script((peer, call) -> peer.message(HostileDc.body(new BadServerSalt(call.packetMsgId(), 1, 48,
                RandomSource.secure().nextLong())), false));
        long id = nextPing.getAndIncrement();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> sender.invoke(new Ping(id)).toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertEquals(48, assertInstanceOf(ProtocolException.class, e.getCause()).code());
        assertEquals(0, dc.executions(id));
        assertSurvived(null);
    }

    @Test
    void aRepeatedNewSessionCreatedDoesNotMakeACallRunTwice() throws Exception {
        dc.script((peer, call) -> {
            peer.run(call);
            peer.message(HostileDc.body(new NewSessionCreated(call.msgId(), 1, 1L)), true);
            for (int i = 0; i < 4; i++) {
                // lies: says the call was before the session, hence lost
                peer.message(HostileDc.body(new NewSessionCreated(call.msgId() + 4, 2 + i, 1L)), true);
            }
            Thread.sleep(200);
            peer.answer(call);
        });
        long id = call();
        assertEquals(1, dc.executions(id));
        assertSurvived(null);
    }

    @Test
    void aSixteenMebibyteFrameIsRefusedBeforeItIsRead() throws Exception {
        badFirstAnswer((peer, call) -> {
            byte[] header = {0, 0, 0, 1};
            peer.sendRaw(header);
            peer.sendRaw(new byte[1 << 20]);
        });
        assertSurvived(TransportException.class);
    }

    @Test
    void aSlowlorisFrameIsCutOffByTheKeepAlive() throws Exception {
        badFirstAnswer((peer, call) -> {
            byte[] frame = peer.frame(peer.encrypt(call.sessionId(), peer.nextMsgId(true), 1,
                    HostileDc.rpcResult(call.msgId(), HostileDc.body(new BasePong(call.msgId(), call.pingId())))));
            Thread slow = new Thread(() -> {
                // one byte a second, holding the connection so nothing else (pongs) goes out
                synchronized (peer) {
                    try {
                        for (byte b : frame) {
                            peer.sendRaw(new byte[] {b});
                            Thread.sleep(1000);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the client hung up, as it should
                    }
                }
            });
            slow.setDaemon(true);
            slow.start();
        });
        assertSurvived(TransportException.class);
    }

    @Test
    void aSingleMinus404DoesNotDropTheKey() throws Exception {
        dc.script((peer, call) -> {
            if (peer.ordinal == 1) {
                peer.sendTransportError(-404);
                peer.reset();
            } else {
                peer.answer(call);
            }
        });
        long id = call();
        assertEquals(1, dc.executions(id));
        assertTrue(closed.isEmpty());
        assertSurvived(TransportException.class);
    }

    @Test
    void aMinus404RepeatedOnAFreshConnectionClosesTheSender() {
        dc.script((peer, call) -> {
            peer.sendTransportError(-404);
            peer.reset();
        });
        long id = nextPing.getAndIncrement();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> sender.invoke(new Ping(id)).toCompletableFuture().get(20, TimeUnit.SECONDS));
        TransportException t = assertInstanceOf(TransportException.class, e.getCause());
        assertEquals(-404, t.status().orElseThrow());
        assertEquals(1, closed.size());
        assertEquals(2, dc.connections());
        assertTrue(heapPeak() < HEAP_BOUND);
    }

    // ---- helpers ----

    /** A script that runs the call and sends something bad on the first connection, honest after. */
    private void badFirstAnswer(Bad bad) {
        dc.script((peer, call) -> {
            if (call.repeat()) {
                peer.answer(call);
            } else {
                peer.run(call);
                bad.send(peer, call);
            }
        });
        long id = call();
        assertEquals(1, dc.executions(id), "run once: repeated under its msg_id after the reconnect");
    }

    /** What a hostile script sends. */
    private interface Bad {
        void send(Peer peer, Call call) throws Exception;
    }

    /** Makes one call and returns its ping_id once it is answered. */
    private long call() {
        long id = nextPing.getAndIncrement();
        try {
            Pong pong = sender.invoke(new Ping(id)).toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertEquals(id, ((BasePong) pong).pingId());
        } catch (ExecutionException e) {
            throw new AssertionError("call " + id + " failed", e.getCause());
        } catch (Exception e) {
            throw new AssertionError("call " + id + " got no answer", e);
        }
        return id;
    }

    /**
     * The client is still up and well: an honest call works, nothing ran twice, every drop had a
     * typed cause of the expected kind, the heap stayed bounded.
     */
    private void assertSurvived(Class<? extends HeliographException> dropCause) {
        dc.script(HostileDc.HONEST);
        long id = call();
        assertEquals(1, dc.executions(id));
        assertTrue(closed.isEmpty(), "the sender is still open: " + closed);
        if (dropCause != null) {
            assertFalse(drops.isEmpty(), "the connection was dropped");
            assertInstanceOf(dropCause, drops.get(0), String.valueOf(drops.get(0)));
        }
        for (HeliographException e : drops) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a typed error says what happened");
        }
        long peak = heapPeak();
        assertTrue(peak < HEAP_BOUND, "peak heap " + (peak >> 20) + " MiB");
    }

    private static void resetHeapPeak() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks since the reset: an upper bound of the heap's peak. */
    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gzipPacked(byte[] gz) {
        TlWriter w = new TlWriter();
        w.writeInt(HostileDc.GZIP_PACKED);
        w.writeBytes(gz, 0, gz.length);
        return w.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
