package dev.heliograph.transport.http;

import static dev.heliograph.transport.http.RawHttpServer.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.TransportException;
import dev.heliograph.testkit.RecordingTransportListener;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.TransportConnection;
import dev.heliograph.transport.http.server.HttpExchangeReply;
import dev.heliograph.transport.http.server.HttpPacketHandler;
import dev.heliograph.transport.http.server.HttpPacketServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client transport against {@link HttpPacketServer} and scripted raw peers, over loopback sockets. */
class HttpTransportIT {

    private static final HttpPacketHandler ECHO = (packet, reply) -> reply.reply(packet);

    private HttpPacketServer server;
    private HttpTransport transport;

    @AfterEach
    void tearDown() {
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static byte[] packet(int index, int size) {
        byte[] p = new byte[size];
        new Random(index).nextBytes(p);
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(0, index);
        return p;
    }

    private static int index(byte[] packet) {
        return ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    private TransportConnection connect(HttpPacketHandler handler, HttpTransportConfig config, RecordingTransportListener listener)
            throws Exception {
        server = HttpPacketServer.builder().handler(handler).maxRequestSize(4 << 20).start();
        return connect(server.port(), config, listener);
    }

    private TransportConnection connect(int port, HttpTransportConfig config, RecordingTransportListener listener) throws Exception {
        transport = new HttpTransport(config);
        return transport.connect(DcEndpoint.of(2, "127.0.0.1", port), listener).get(5, TimeUnit.SECONDS);
    }

    @Test
    void echoesAPacketAndAsksForALongPollOnceNothingIsInFlight() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        TransportConnection connection = connect(ECHO, HttpTransportConfig.DEFAULT, listener);
        assertTrue(connection.requiresLongPoll());
        byte[] sent = packet(1, 64);
        connection.send(sent.clone());
        assertArrayEquals(sent, listener.nextPacket());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (listener.longPollsNeeded.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, listener.longPollsNeeded.get());
        assertTrue(connection.isOpen());
    }

    @Test
    void carriesAOneMebibyteRequestAndReply() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        TransportConnection connection = connect(ECHO, HttpTransportConfig.DEFAULT, listener);
        byte[] big = packet(7, 1 << 20);
        connection.send(big.clone());
        assertArrayEquals(big, listener.nextPacket());
    }

    @Test
    void answersAThousandPipelinedRequestsWithoutOverlappingCallbacks() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        HttpPacketHandler counting = (packet, reply) -> {
            peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            reply.reply(packet);
            concurrent.decrementAndGet();
        };
        TransportConnection connection = connect(counting, HttpTransportConfig.builder().maxConcurrentRequests(8).build(), listener);
        for (int i = 0; i < 1000; i++) {
            connection.send(packet(i, 32));
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            byte[] p = listener.nextPacket();
            assertArrayEquals(packet(index(p), 32), p);
            seen.add(index(p));
        }
        assertEquals(1000, seen.size());
        assertFalse(listener.overlapped.get());
        assertTrue(peak.get() <= 8, "peak " + peak.get());
    }

    @Test
    void deliversAServerInitiatedPacketThroughAHeldLongPoll() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        BlockingQueue<HttpExchangeReply> held = new LinkedBlockingQueue<>();
        TransportConnection connection = connect((packet, reply) -> held.add(reply), HttpTransportConfig.DEFAULT, listener);
        connection.send(packet(1, 16));
        HttpExchangeReply poll = held.poll(5, TimeUnit.SECONDS);
        Thread.sleep(100);
        assertTrue(listener.packets.isEmpty());
        byte[] push = packet(99, 40);
        assertTrue(poll.reply(push.clone()));
        assertArrayEquals(push, listener.nextPacket());
        assertFalse(poll.replyEmpty());
    }

    @Test
    void answersAHeldRequestEmptyWhenItsHoldEnds() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        server = HttpPacketServer.builder().maxHold(Duration.ofMillis(200)).handler((packet, reply) -> { }).start();
        TransportConnection connection = connect(server.port(), HttpTransportConfig.DEFAULT, listener);
        connection.send(packet(1, 16));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (listener.longPollsNeeded.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, listener.longPollsNeeded.get());
        assertTrue(listener.packets.isEmpty());
        assertTrue(connection.isOpen());
    }

    @Test
    void reportsAServerTransportErrorWithItsCode() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        TransportConnection connection = connect((packet, reply) -> reply.replyTransportError(-404), HttpTransportConfig.DEFAULT, listener);
        connection.send(packet(1, 16));
        TransportException e = listener.awaitFailure();
        assertEquals(TransportException.Kind.SERVER_CODE, e.kind());
        assertEquals(OptionalInt.of(-404), e.status());
        assertFalse(connection.isOpen());
    }

    @Test
    void mapsAnHttpErrorStatusWithoutACodeToTheNegatedStatus() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        try (RawHttpServer raw = new RawHttpServer(ascii("HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n"), false)) {
            TransportConnection connection = connect(raw.port(), HttpTransportConfig.DEFAULT, listener);
            connection.send(packet(1, 16));
            assertEquals(OptionalInt.of(-429), listener.awaitFailure().status());
        }
    }

    @Test
    void takesABare404ForAnIoFailureNotAnUnknownAuthKey() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        try (RawHttpServer raw = new RawHttpServer(ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"), false)) {
            TransportConnection connection = connect(raw.port(), HttpTransportConfig.DEFAULT, listener);
            connection.send(packet(1, 16));
            TransportException e = listener.awaitFailure();
            assertEquals(TransportException.Kind.IO, e.kind());
            assertEquals(OptionalInt.empty(), e.status());
        }
    }

    @Test
    void refusesAReplyAboveTheLimit() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        TransportConnection connection = connect((packet, reply) -> reply.reply(new byte[2048]),
                HttpTransportConfig.builder().maxResponseSize(1024).build(), listener);
        connection.send(packet(1, 16));
        assertEquals(TransportException.Kind.FRAME_TOO_LARGE, listener.awaitFailure().kind());
    }

    @Test
    void refusesAnHugeContentLengthBeforeReadingTheBody() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        // The body never comes: reading it would wait for the read timeout instead of failing at once.
        try (RawHttpServer raw = new RawHttpServer(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2000000000\r\n\r\n"), false)) {
            TransportConnection connection = connect(raw.port(),
                    HttpTransportConfig.builder().readTimeout(Duration.ofSeconds(60)).build(), listener);
            connection.send(packet(1, 16));
            assertEquals(TransportException.Kind.FRAME_TOO_LARGE, listener.awaitFailure().kind());
        }
    }

    @Test
    void refusesAChunkedReplyOnceItGrowsPastTheLimit() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        String chunk = "400\r\n" + "x".repeat(1024) + "\r\n";
        try (RawHttpServer raw = new RawHttpServer(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk.repeat(3)), false)) {
            TransportConnection connection = connect(raw.port(),
                    HttpTransportConfig.builder().maxResponseSize(2048).build(), listener);
            connection.send(packet(1, 16));
            assertEquals(TransportException.Kind.FRAME_TOO_LARGE, listener.awaitFailure().kind());
        }
    }

    @Test
    void reportsAConnectionDroppedMidReplyAsClosed() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        try (RawHttpServer raw = new RawHttpServer(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789"), true)) {
            TransportConnection connection = connect(raw.port(), HttpTransportConfig.DEFAULT, listener);
            connection.send(packet(1, 16));
            assertEquals(TransportException.Kind.CLOSED, listener.awaitFailure().kind());
        }
    }

    @Test
    void reportsARequestTheServerAbortsAsClosed() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        AtomicInteger attempts = new AtomicInteger();
        TransportConnection connection = connect((packet, reply) -> {
            attempts.incrementAndGet();
            reply.abort();
        }, HttpTransportConfig.DEFAULT, listener);
        connection.send(packet(1, 16));
        TransportException e = listener.awaitFailure();
        assertEquals(TransportException.Kind.CLOSED, e.kind(), () -> String.valueOf(e.getCause()));
        Thread.sleep(100);
        assertEquals(1, attempts.get(), "the packet was posted once, not repeated by OkHttp");
    }

    @Test
    void rejectsAMalformedReplyAsAFramingError() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        TransportConnection connection = connect((packet, reply) -> reply.reply(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}),
                HttpTransportConfig.DEFAULT, listener);
        connection.send(packet(1, 16));
        assertEquals(TransportException.Kind.FRAMING, listener.awaitFailure().kind());
    }

    @Test
    void reportsARefusedConnectionAsAConnectFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RecordingTransportListener listener = new RecordingTransportListener();
        TransportConnection connection = connect(port, HttpTransportConfig.DEFAULT, listener);
        connection.send(packet(1, 16));
        assertEquals(TransportException.Kind.CONNECT, listener.awaitFailure().kind());
    }

    @Test
    void closingWithPendingRequestsCancelsThemAndReportsClosedOnce() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        BlockingQueue<HttpExchangeReply> held = new LinkedBlockingQueue<>();
        TransportConnection connection = connect((packet, reply) -> held.add(reply), HttpTransportConfig.DEFAULT, listener);
        for (int i = 0; i < 5; i++) {
            connection.send(packet(i, 16));
        }
        for (int i = 0; i < 5; i++) {
            assertTrue(held.poll(5, TimeUnit.SECONDS) != null, "request " + i + " reached the server");
        }
        connection.close();
        assertTrue(listener.closed.get(5, TimeUnit.SECONDS).isEmpty());
        assertFalse(connection.isOpen());
        connection.send(packet(9, 16));
        connection.close();
        Thread.sleep(200);
        assertEquals(1, listener.closeCalls.get());
        assertEquals(0, listener.eventsAfterClose.get());
        assertNull(listener.packets.poll());
    }

    @Test
    void closingTheTransportClosesItsConnections() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        TransportConnection connection = connect((packet, reply) -> { }, HttpTransportConfig.DEFAULT, listener);
        connection.send(packet(1, 16));
        transport.close();
        assertTrue(listener.closed.get(5, TimeUnit.SECONDS).isEmpty());
        assertFalse(connection.isOpen());
    }

    @Test
    void postsThroughTheCallersOkHttpClientAndLeavesItRunning() throws Exception {
        AtomicInteger intercepted = new AtomicInteger();
        OkHttpClient own = new OkHttpClient.Builder().addInterceptor(chain -> {
            intercepted.incrementAndGet();
            return chain.proceed(chain.request().newBuilder().header("X-Heliograph-Test", "1").build());
        }).build();
        RecordingTransportListener listener = new RecordingTransportListener();
        TransportConnection connection = connect(ECHO, HttpTransportConfig.builder().client(own).build(), listener);
        for (int i = 0; i < 3; i++) {
            connection.send(packet(i, 16));
        }
        for (int i = 0; i < 3; i++) {
            listener.nextPacket();
        }
        assertEquals(3, intercepted.get());
        transport.close();
        assertFalse(own.dispatcher().executorService().isShutdown());
        own.dispatcher().executorService().shutdown();
    }
}
