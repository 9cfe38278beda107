package dev.heliograph.transport.tcp;

import dev.heliograph.error.TransportException;
import dev.heliograph.transport.tcp.server.ServerConnection;
import dev.heliograph.transport.tcp.server.ServerConnectionHandler;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Echoes every packet; answers quick-ack requests with the packet's first 4 bytes as token; a
 * packet whose first int32 is negative is answered with that transport error code.
 */
final class EchoHandler implements ServerConnectionHandler {

    final BlockingQueue<ServerConnection> opened = new LinkedBlockingQueue<>();
    final BlockingQueue<Object> closed = new LinkedBlockingQueue<>();

    static int firstInt(byte[] p) {
        return (p[0] & 0xff) | (p[1] & 0xff) << 8 | (p[2] & 0xff) << 16 | (p[3] & 0xff) << 24;
    }

    @Override
    public void onOpen(ServerConnection connection) {
        opened.add(connection);
    }

    @Override
    public void onPacket(ServerConnection connection, byte[] packet) {
        onPacket(connection, packet, false);
    }

    @Override
    public void onPacket(ServerConnection connection, byte[] packet, boolean quickAckRequested) {
        if (quickAckRequested) {
            connection.sendQuickAck(firstInt(packet) & 0x7fffffff);
        }
        if (firstInt(packet) < 0) {
            connection.sendTransportError(firstInt(packet));
            connection.close();
            return;
        }
        connection.send(packet);
    }

    @Override
    public void onClosed(ServerConnection connection) {
        closed.add("closed");
    }

    @Override
    public void onClosed(ServerConnection connection, TransportException cause) {
        closed.add(cause == null ? "closed" : cause);
    }
}
