package dev.heliograph.transport.http.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server front end as a raw HTTP/1.1 client sees it. */
class HttpPacketServerIT {

    private final AtomicInteger handled = new AtomicInteger();
    private HttpPacketServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private HttpPacketServer start(int maxRequestSize) throws IOException {
        server = HttpPacketServer.builder().maxRequestSize(maxRequestSize).handler((packet, reply) -> {
            handled.incrementAndGet();
            if (packet.length == 4 && packet[0] == 'e') {
                reply.replyTransportError(-404);
            } else {
                reply.reply(packet);
            }
        }).start();
        return server;
    }

    /** A response as a client that reads byte by byte sees it. */
    private record Answer(int status, List<String> headers, byte[] body) {
    }

    private static Answer read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII).replace("\r", "");
                line.reset();
                if (text.isEmpty()) {
                    break;
                }
                lines.add(text);
            } else {
                line.write(b);
            }
        }
        int status = Integer.parseInt(lines.get(0).split(" ")[1]);
        int length = 0;
        for (String h : lines) {
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        return new Answer(status, lines.subList(1, lines.size()), in.readNBytes(length));
    }

    private static String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Connection: keep-alive\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private Socket socket() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void answersPipelinedRequestsInOrderWithContentLengthAsTheLastHeader() throws IOException {
        start(1024);
        try (Socket s = socket()) {
            s.getOutputStream().write((post("/api", "abcdefgh") + post("/api", "ijklmnop")).getBytes(StandardCharsets.US_ASCII));
            Answer first = read(s.getInputStream());
            Answer second = read(s.getInputStream());
            assertEquals(200, first.status());
            assertArrayEquals("abcdefgh".getBytes(StandardCharsets.US_ASCII), first.body());
            assertArrayEquals("ijklmnop".getBytes(StandardCharsets.US_ASCII), second.body());
            String last = first.headers().get(first.headers().size() - 1);
            assertTrue(last.toLowerCase(Locale.ROOT).startsWith("content-length: "), first.headers().toString());
        }
    }

    @Test
    void sendsATransportErrorAsStatusAndFourByteCode() throws IOException {
        start(1024);
        try (Socket s = socket()) {
            s.getOutputStream().write(post("/api", "eeee").getBytes(StandardCharsets.US_ASCII));
            Answer answer = read(s.getInputStream());
            assertEquals(404, answer.status());
            assertArrayEquals(new byte[] {0x6c, (byte) 0xfe, (byte) 0xff, (byte) 0xff}, answer.body());
        }
    }

    @Test
    void answersOtherPathsWith404AndOtherMethodsWith405() throws IOException {
        start(1024);
        try (Socket s = socket()) {
            s.getOutputStream().write((post("/other", "abcd")
                    + "GET /api HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(404, read(s.getInputStream()).status());
            assertEquals(405, read(s.getInputStream()).status());
        }
        assertEquals(0, handled.get());
    }

    @Test
    void refusesAnOversizedBodyFromItsContentLengthWithoutWaitingForIt() throws IOException {
        start(1024);
        try (Socket s = socket()) {
            // Only the headers are sent: a server that read the body first would never answer.
            s.getOutputStream().write(("POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertEquals(413, read(s.getInputStream()).status());
        }
        assertEquals(0, handled.get());
    }
}
