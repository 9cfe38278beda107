package dev.heliograph.testdc.internal;

import dev.heliograph.transport.tcp.codec.FrameCodec;
import dev.heliograph.transport.tcp.codec.Framing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/** A blocking TCP connection for the raw test client, framed with the transport module's codecs. */
final class TcpRawConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameCodec codec;
    private final Queue<byte[]> received = new ArrayDeque<>();
    private final byte[] buffer = new byte[1 << 16];

    TcpRawConnection(String host, int port, Framing framing) {
        try {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        codec = FrameCodec.client(framing).build();
    }

    void send(byte[] packet) {
        try {
            out.write(codec.encode(packet));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the next packet, or null if the server closed the connection or said nothing for 5 s.
     * A transport error code from the server is thrown as the codec's TransportException.
     */
    byte[] receive() {
        try {
            while (received.isEmpty()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return null;
                }
                codec.decode(buffer, 0, n, (packet, quickAck) -> received.add(packet));
            }
            return received.poll();
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Sends a packet and waits for one answer packet. */
    List<byte[]> exchange(byte[] packet) {
        send(packet);
        byte[] answer = receive();
        return answer == null ? List.of() : List.of(answer);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
