package dev.heliograph.transport.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A one-shot HTTP peer on a real socket for answers no well-behaved server gives: it reads one
 * request, writes the scripted bytes, then closes the socket or leaves it open.
 */
final class RawHttpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread thread;
    private volatile Socket accepted;

    RawHttpServer(byte[] response, boolean closeAfterWriting) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(response, closeAfterWriting), "raw-http");
        thread.setDaemon(true);
        thread.start();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve(byte[] response, boolean closeAfterWriting) {
        try {
            Socket s = socket.accept();
            accepted = s;
            readRequest(s.getInputStream());
            s.getOutputStream().write(response);
            s.getOutputStream().flush();
            if (closeAfterWriting) {
                s.close();
            }
        } catch (IOException e) {
            // The test closed the server.
        }
    }

    /** Reads the request line, headers and a Content-Length body. */
    static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return headers;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        Socket s = accepted;
        if (s != null) {
            s.close();
        }
    }
}
