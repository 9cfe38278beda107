package dev.heliograph.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.TransportException;
import dev.heliograph.testkit.RecordingTransportListener;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.TransportConnection;
import dev.heliograph.transport.tcp.codec.Framing;
import dev.heliograph.transport.tcp.server.ServerConnection;
import dev.heliograph.transport.tcp.server.TcpServer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Client TcpTransport against TcpServer over loopback, for every framing with and without obfuscation. */
class TcpEchoIT {

    private static final EchoHandler HANDLER = new EchoHandler();
    private static TcpServer server;

    @BeforeAll
    static void startServer() {
        server = TcpServer.builder().bind("127.0.0.1", 0).crypto(CryptoProviders.defaultProvider()).maxFrameSize(2 << 20)
                .handler(HANDLER).start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static void assertEcho(Framing framing, byte[] expected, byte[] actual) {
        if (framing == Framing.PADDED_INTERMEDIATE) {
            // Padded twice: the server echoes the client's padding and adds its own.
            assertTrue(actual.length >= expected.length && actual.length <= expected.length + 30);
            assertArrayEquals(expected, Arrays.copyOf(actual, expected.length));
        } else {
            assertArrayEquals(expected, actual);
        }
    }

    @ParameterizedTest(name = "{0} obfuscated={1}")
    @MethodSource("dev.heliograph.transport.tcp.codec.FramingCases#all")
    void echoesPacketsLargeAndPipelined(Framing framing, boolean obfuscated) throws Exception {
        TcpTransportConfig config = TcpTransportConfig.builder().framing(framing).obfuscation(obfuscated)
                .requestQuickAcks(framing.supportsQuickAck()).maxFrameSize(2 << 20).build();
        HANDLER.opened.clear();
        HANDLER.closed.clear();
        try (TcpTransport transport = new TcpTransport(config, CryptoProviders.defaultProvider(), RandomSource.secure())) {
            RecordingTransportListener listener = new RecordingTransportListener();
            TransportConnection connection = transport.connect(
                    new DcEndpoint(4, "127.0.0.1", server.port(), true, true), listener).get(10, TimeUnit.SECONDS);
            Random random = new Random(framing.ordinal());
            List<byte[]> sent = new ArrayList<>();
            for (int size : new int[] {24, 508, 512, 4096, 1 << 20, 65_536}) {
                byte[] p = new byte[size];
                random.nextBytes(p);
                p[3] &= 0x7f;
                sent.add(p);
            }
            for (int i = 0; i < 2_000; i++) {
                byte[] p = new byte[32];
                random.nextBytes(p);
                p[3] &= 0x7f;
                sent.add(p);
            }
            for (byte[] p : sent) {
                connection.send(p.clone());
            }
            for (byte[] p : sent) {
                assertEcho(framing, p, listener.nextPacket());
            }
            ServerConnection serverSide = HANDLER.opened.poll(5, TimeUnit.SECONDS);
            assertEquals(framing, serverSide.framing());
            assertEquals(obfuscated, serverSide.obfuscated());
            assertEquals(obfuscated ? OptionalInt.of(-10004) : OptionalInt.empty(), serverSide.dcId());
            if (framing.supportsQuickAck()) {
                for (byte[] p : sent) {
                    Integer token = listener.quickAcks.poll(5, TimeUnit.SECONDS);
                    assertEquals(EchoHandler.firstInt(p), token);
                }
            }
            connection.close();
            assertEquals(Optional.empty(), listener.awaitClosed());
            TransportException serverCause = (TransportException) HANDLER.closed.poll(5, TimeUnit.SECONDS);
            assertEquals(TransportException.Kind.CLOSED, serverCause.kind());
        }
    }

    @Test
    void manyConnectionsShareTheEventLoopThreads() throws Exception {
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        List<TransportConnection> connections = new ArrayList<>();
        List<RecordingTransportListener> listeners = new ArrayList<>();
        try (TcpTransport transport = new TcpTransport(TcpTransportConfig.builder().obfuscation(true).build(),
                CryptoProviders.defaultProvider(), RandomSource.secure())) {
            for (int i = 0; i < 300; i++) {
                RecordingTransportListener listener = new RecordingTransportListener();
                listeners.add(listener);
                connections.add(transport.connect(DcEndpoint.of(2, "127.0.0.1", server.port()), listener)
                        .get(10, TimeUnit.SECONDS));
            }
            for (TransportConnection c : connections) {
                c.send(new byte[32]);
            }
            for (RecordingTransportListener listener : listeners) {
                assertEquals(32, listener.nextPacket().length);
            }
            long loopThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("heliograph-tcp")).count();
            assertEquals(Math.min(2, Runtime.getRuntime().availableProcessors()), loopThreads);
            assertTrue(ManagementFactory.getThreadMXBean().getThreadCount() <= before + 1,
                    "threads grew from " + before + " to " + ManagementFactory.getThreadMXBean().getThreadCount());
        }
    }
}
