package dev.heliograph.transport.testsuite;

import dev.heliograph.testdc.TestDc;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.Transport;
import dev.heliograph.transport.http.HttpTransport;
import dev.heliograph.transport.http.HttpTransportConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The transport contract over MTProto's HTTP transport. A malformed frame is a request or
 * response body that cannot be an MTProto packet (5 or 6 bytes).
 */
class HttpIT extends AbstractTransportContract {

    @Override
    protected Transport newTransport() {
        return new HttpTransport(HttpTransportConfig.DEFAULT);
    }

    @Override
    protected DcEndpoint endpoint(TestDc dc) {
        return dc.httpEndpoint();
    }

    @Override
    protected void sendMalformedFrame(DcEndpoint endpoint) throws IOException {
        try (Socket socket = new Socket(endpoint.host(), endpoint.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            String request = "POST /api HTTP/1.1\r\nHost: " + endpoint.host() + ":" + endpoint.port()
                    + "\r\nContent-Length: 5\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {1, 2, 3, 4, 5});
            out.flush();
            // The DC drops the request unanswered, as it drops a TCP connection.
            drain(socket.getInputStream());
        }
    }

    @Override
    protected void answerWithMalformedFrame(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(length);
        OutputStream out = client.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {1, 2, 3, 4, 5, 6});
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed in the middle of its request");
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && (matched % 2 == 0) == (b == '\r') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
