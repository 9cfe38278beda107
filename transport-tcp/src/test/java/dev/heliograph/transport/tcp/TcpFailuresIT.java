package dev.heliograph.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.TransportException;
import dev.heliograph.testkit.RecordingTransportListener;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.TransportConnection;
import dev.heliograph.transport.tcp.codec.Framing;
import dev.heliograph.transport.tcp.server.TcpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TcpFailuresIT {

    private static final HexFormat HEX = HexFormat.of();

    private static TcpTransport transport(Framing framing) {
        return new TcpTransport(TcpTransportConfig.builder().framing(framing).maxFrameSize(1 << 20).build(),
                CryptoProviders.defaultProvider(), RandomSource.secure());
    }

    private static TransportConnection connect(TcpTransport transport, int port, RecordingTransportListener listener) throws Exception {
        return transport.connect(DcEndpoint.of(2, "127.0.0.1", port), listener).get(10, TimeUnit.SECONDS);
    }

    private static TransportException connectFailure(TcpTransport transport, DcEndpoint endpoint) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> transport.connect(endpoint, new RecordingTransportListener()).get(10, TimeUnit.SECONDS));
        return assertInstanceOf(TransportException.class, e.getCause());
    }

    private static TransportException.Kind closeKind(RecordingTransportListener listener) throws Exception {
        Optional<TransportException> cause = listener.awaitClosed();
        assertTrue(cause.isPresent(), "closed without a cause");
        return cause.get().kind();
    }

    @Test
    void peerClosingMidFrameIsReportedAsClosed() throws Exception {
        try (RawServer server = new RawServer(socket -> {
                    RawServer.readExactly(socket, 4 + 4 + 24);
                    OutputStream out = socket.getOutputStream();
                    out.write(HEX.parseHex("40000000" + "0102030405"));
                    out.flush();
                });
                TcpTransport transport = transport(Framing.INTERMEDIATE)) {
            RecordingTransportListener listener = new RecordingTransportListener();
            connect(transport, server.port(), listener).send(new byte[24]);
            assertEquals(TransportException.Kind.CLOSED, closeKind(listener));
            assertTrue(listener.packets.isEmpty());
            assertEquals(1, listener.closeCalls.get());
        }
    }

    @Test
    void badCrcFromServerIsAFramingError() throws Exception {
        try (RawServer server = new RawServer(socket -> {
                    RawServer.readExactly(socket, 12 + 24);
                    socket.getOutputStream().write(HEX.parseHex("0F00000000000000616263" + "00000000"));
                    socket.getInputStream().read();
                });
                TcpTransport transport = transport(Framing.FULL)) {
            RecordingTransportListener listener = new RecordingTransportListener();
            TransportConnection connection = connect(transport, server.port(), listener);
            connection.send(new byte[24]);
            assertEquals(TransportException.Kind.FRAMING, closeKind(listener));
            assertFalse(connection.isOpen());
        }
    }

    @Test
    void oversizedFrameFromServerIsRejected() throws Exception {
        try (RawServer server = new RawServer(socket -> {
                    RawServer.readExactly(socket, 1 + 1 + 24);
                    socket.getOutputStream().write(HEX.parseHex("7FFFFFFF"));
                    socket.getInputStream().read();
                });
                TcpTransport transport = transport(Framing.ABRIDGED)) {
            RecordingTransportListener listener = new RecordingTransportListener();
            connect(transport, server.port(), listener).send(new byte[24]);
            assertEquals(TransportException.Kind.FRAME_TOO_LARGE, closeKind(listener));
        }
    }

    @Test
    void transportErrorCodeFromServerReachesTheListener() throws Exception {
        EchoHandler handler = new EchoHandler();
        try (TcpServer server = TcpServer.builder().crypto(CryptoProviders.defaultProvider()).handler(handler).start();
                TcpTransport transport = transport(Framing.PADDED_INTERMEDIATE)) {
            RecordingTransportListener listener = new RecordingTransportListener();
            // The echo handler answers a packet starting with a negative int with that error code.
            connect(transport, server.port(), listener).send(HEX.parseHex("6CFEFFFF" + "00".repeat(20)));
            Optional<TransportException> cause = listener.awaitClosed();
            assertEquals(TransportException.Kind.SERVER_CODE, cause.orElseThrow().kind());
            assertEquals(OptionalInt.of(-404), cause.orElseThrow().status());
        }
    }

    @Test
    void serverDropsClientSendingOversizedFrame() throws Exception {
        EchoHandler handler = new EchoHandler();
        try (TcpServer server = TcpServer.builder().crypto(CryptoProviders.defaultProvider()).maxFrameSize(1024).handler(handler).start();
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.getOutputStream().write(HEX.parseHex("EEEEEEEE" + "00100000"));
            socket.setSoTimeout(10_000);
            assertEquals(-1, socket.getInputStream().read());
            Object cause = handler.closed.poll(10, TimeUnit.SECONDS);
            assertEquals(TransportException.Kind.FRAME_TOO_LARGE, ((TransportException) cause).kind());
            assertEquals(0, server.connectionCount());
        }
    }

    @Test
    void serverDropsClientWithBadCrc() throws Exception {
        EchoHandler handler = new EchoHandler();
        try (TcpServer server = TcpServer.builder().crypto(CryptoProviders.defaultProvider()).handler(handler).start();
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.getOutputStream().write(HEX.parseHex("0F00000000000000616263" + "4ED66D95"));
            socket.setSoTimeout(10_000);
            assertEquals(-1, socket.getInputStream().read());
            assertEquals(TransportException.Kind.FRAMING, ((TransportException) handler.closed.poll(10, TimeUnit.SECONDS)).kind());
        }
    }

    @Test
    void closeWithPendingSendsReportsOnceAndDropsLaterSends() throws Exception {
        try (RawServer server = new RawServer(socket -> {
                    InputStream in = socket.getInputStream();
                    byte[] sink = new byte[64 * 1024];
                    while (in.read(sink) >= 0) {
                        // Drain until the client goes away.
                    }
                });
                TcpTransport transport = transport(Framing.INTERMEDIATE)) {
            RecordingTransportListener listener = new RecordingTransportListener();
            TransportConnection connection = connect(transport, server.port(), listener);
            for (int i = 0; i < 200; i++) {
                connection.send(new byte[64 * 1024]);
            }
            connection.close();
            connection.send(new byte[64]);
            assertEquals(Optional.empty(), listener.awaitClosed());
            assertFalse(connection.isOpen());
            server.done.get(10, TimeUnit.SECONDS);
            assertEquals(1, listener.closeCalls.get());
        }
    }

    @Test
    void peerThatStopsReadingGetsTheConnectionClosed() throws Exception {
        CountDownLatch testOver = new CountDownLatch(1);
        try (RawServer server = new RawServer(socket -> {
                    socket.getInputStream().readNBytes(1);
                    testOver.await(20, TimeUnit.SECONDS);
                });
                TcpTransport transport = new TcpTransport(TcpTransportConfig.builder().maxFrameSize(256 * 1024)
                        .maxQueuedBytes(1 << 20).build(), CryptoProviders.defaultProvider(), RandomSource.secure())) {
            RecordingTransportListener listener = new RecordingTransportListener();
            TransportConnection connection = connect(transport, server.port(), listener);
            for (int i = 0; i < 2_000 && connection.isOpen(); i++) {
                connection.send(new byte[256 * 1024]);
                Thread.sleep(1);
            }
            assertEquals(TransportException.Kind.IO, closeKind(listener));
        } finally {
            testOver.countDown();
        }
    }

    @Test
    void refusedConnectionFailsWithConnect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (TcpTransport transport = transport(Framing.INTERMEDIATE)) {
            assertEquals(TransportException.Kind.CONNECT, connectFailure(transport, DcEndpoint.of(2, "127.0.0.1", port)).kind());
        }
    }

    @Test
    void connectTimesOutWhenTheBacklogIsFull() throws Exception {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            boolean full = false;
            for (int i = 0; i < 16 && !full; i++) {
                Socket filler = new Socket();
                fillers.add(filler);
                try {
                    filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()), 300);
                } catch (SocketTimeoutException e) {
                    full = true;
                }
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(full, "the OS accepted every connection into the backlog");
            try (TcpTransport transport = new TcpTransport(TcpTransportConfig.builder()
                    .connectTimeout(Duration.ofMillis(300)).build(), CryptoProviders.defaultProvider(), RandomSource.secure())) {
                TransportException e = connectFailure(transport, DcEndpoint.of(2, "127.0.0.1", s.getLocalPort()));
                assertEquals(TransportException.Kind.CONNECT, e.kind());
                assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            }
        } finally {
            for (Socket filler : fillers) {
                filler.close();
            }
        }
    }

    @Test
    void closedTransportRefusesNewConnections() throws Exception {
        TcpTransport transport = transport(Framing.INTERMEDIATE);
        transport.close();
        assertEquals(TransportException.Kind.CLOSED, connectFailure(transport, DcEndpoint.of(2, "127.0.0.1", 1)).kind());
    }

    @Test
    void closedServerRefusesConnectionsWhenCloseReturns() throws Exception {
        EchoHandler handler = new EchoHandler();
        TcpServer server = TcpServer.builder().crypto(CryptoProviders.defaultProvider()).handler(handler).start();
        try (TcpTransport transport = transport(Framing.INTERMEDIATE)) {
            RecordingTransportListener listener = new RecordingTransportListener();
            connect(transport, server.port(), listener).send(new byte[24]);
            listener.nextPacket();
            server.close();
            assertEquals(0, server.connectionCount());
            assertEquals("closed", handler.closed.poll().toString());
            assertThrows(ConnectException.class,
                    () -> new Socket(InetAddress.getLoopbackAddress(), server.port()).close());
            assertEquals(TransportException.Kind.CLOSED, closeKind(listener));
        }
    }

    @Test
    void closingTheTransportClosesItsConnectionsBeforeReturning() throws Exception {
        try (TcpServer server = TcpServer.builder().crypto(CryptoProviders.defaultProvider()).handler(new EchoHandler()).start()) {
            TcpTransport transport = transport(Framing.ABRIDGED);
            List<RecordingTransportListener> listeners = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                RecordingTransportListener listener = new RecordingTransportListener();
                listeners.add(listener);
                connect(transport, server.port(), listener);
            }
            transport.close();
            for (RecordingTransportListener listener : listeners) {
                assertEquals(1, listener.closeCalls.get());
                assertEquals(Optional.empty(), listener.awaitClosed());
            }
        }
    }
}
