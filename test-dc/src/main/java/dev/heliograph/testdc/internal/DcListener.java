package dev.heliograph.testdc.internal;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.transport.tcp.codec.Framing;
import dev.heliograph.transport.tcp.server.ServerConnection;
import dev.heliograph.transport.tcp.server.ServerConnectionHandler;
import dev.heliograph.transport.tcp.server.TcpServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts a DC behind a {@link TcpServer}: every framing the transport module recognises (told apart
 * by the client's first bytes) reaches one {@link DcConnection} per TCP connection.
 */
public final class DcListener implements AutoCloseable {

    private final TcpServer server;
    private final Map<ServerConnection, DcConnection> connections = new ConcurrentHashMap<>();

    /**
     * Binds and starts listening.
     *
     * @param dc the DC to serve
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @param crypto for obfuscated framings
     * @param random for obfuscated framings
     */
    public DcListener(DcState dc, String host, int port, CryptoProvider crypto, RandomSource random) {
        this.server = TcpServer.builder().bind(host, port).crypto(crypto).random(random)
                .handler(new ServerConnectionHandler() {
                    @Override
                    public void onOpen(ServerConnection connection) {
                        dc.connectionOpened(connection.framing() + (connection.obfuscated() ? " obfuscated" : ""));
                        connections.put(connection, new DcConnection(dc, new DcConnection.Sink() {
                            @Override
                            public void send(byte[] packet) {
                                connection.send(packet);
                            }

                            @Override
                            public void close() {
                                connection.close();
                            }

                            @Override
                            public String remoteHost() {
                                return connection.remoteAddress().getAddress().getHostAddress();
                            }
                        }, connection.framing() == Framing.PADDED_INTERMEDIATE));
                    }

                    @Override
                    public void onPacket(ServerConnection connection, byte[] packet) {
                        DcConnection c = connections.get(connection);
                        if (c != null) {
                            c.onPacket(packet);
                        }
                    }

                    @Override
                    public void onClosed(ServerConnection connection) {
                        DcConnection c = connections.remove(connection);
                        if (c != null) {
                            c.onClosed();
                        }
                    }
                }).start();
    }

    /**
     * Returns the bound port.
     *
     * @return the port
     */
    public int port() {
        return server.port();
    }

    /**
     * Returns how many clients are connected.
     *
     * @return the count
     */
    public int connectionCount() {
        return server.connectionCount();
    }

    /**
     * Sends a server-initiated message on every connection that carries a session.
     *
     * @param body the serialized TL object
     * @return how many connections it went to
     */
    public int push(byte[] body) {
        int n = 0;
        for (DcConnection c : connections.values()) {
            n += c.push(body) ? 1 : 0;
        }
        return n;
    }

    /** Stops listening and closes every connection; returns once the port refuses connections. */
    @Override
    public void close() {
        server.close();
        connections.clear();
    }
}
