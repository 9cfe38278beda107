package dev.heliograph.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.TransportException;
import dev.heliograph.testkit.RecordingTransportListener;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.TransportConnection;
import dev.heliograph.transport.tcp.codec.Framing;
import dev.heliograph.transport.tcp.server.TcpServer;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** IPv6, SOCKS5 and the local address. */
class TcpNetworkIT {

    private static byte[] packet(int seed) {
        byte[] p = new byte[48];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (seed + i);
        }
        return p;
    }

    private static void assertEchoes(TcpTransport transport, DcEndpoint endpoint) throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        TransportConnection connection = transport.connect(endpoint, listener).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 10; i++) {
            connection.send(packet(i));
        }
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(packet(i), listener.nextPacket());
        }
        connection.close();
    }

    private static TcpServer echoServer(String host) {
        return TcpServer.builder().bind(host, 0).crypto(CryptoProviders.defaultProvider()).handler(new EchoHandler()).start();
    }

    private static TcpTransport transport(TcpTransportConfig.Builder config) {
        return new TcpTransport(config.build(), CryptoProviders.defaultProvider(), RandomSource.secure());
    }

    @Test
    void worksOverIpv6Loopback() throws Exception {
        TcpServer server;
        try {
            server = echoServer("::1");
        } catch (UncheckedIOException e) {
            Assumptions.abort("::1 is not available: " + e.getMessage());
            return;
        }
        try (server; TcpTransport transport = transport(TcpTransportConfig.builder().obfuscation(true))) {
            assertEchoes(transport, DcEndpoint.of(2, "::1", server.port()));
        }
    }

    @Test
    void connectsFromTheConfiguredLocalAddress() throws Exception {
        EchoHandler handler = new EchoHandler();
        try (TcpServer server = TcpServer.builder().bind("127.0.0.1", 0).crypto(CryptoProviders.defaultProvider())
                .handler(handler).start()) {
            for (String local : new String[] {"127.0.0.2", "127.0.0.3"}) {
                try (TcpTransport transport = transport(TcpTransportConfig.builder()
                        .localAddress(InetAddress.getByName(local)))) {
                    assertEchoes(transport, DcEndpoint.of(2, "127.0.0.1", server.port()));
                    assertEquals(local, handler.opened.poll(5, TimeUnit.SECONDS).remoteAddress().getAddress()
                            .getHostAddress());
                }
            }
        }
    }

    @Test
    void failsToConnectFromAnAddressTheHostDoesNotHave() throws Exception {
        try (TcpServer server = echoServer("127.0.0.1");
                TcpTransport transport = transport(TcpTransportConfig.builder()
                        .localAddress(InetAddress.getByName("192.0.2.1")))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> transport.connect(
                    DcEndpoint.of(2, "127.0.0.1", server.port()), new RecordingTransportListener()).get(10, TimeUnit.SECONDS));
            assertEquals(TransportException.Kind.CONNECT, ((TransportException) e.getCause()).kind());
            assertEquals(TcpTransportConfig.builder().localAddress(InetAddress.getByName("127.0.0.2")).build(),
                    TcpTransportConfig.builder().build().toBuilder().localAddress(InetAddress.getByName("127.0.0.2"))
                            .build(), "toBuilder keeps the other settings and takes the address");
        }
    }

    @Test
    void connectsThroughSocks5WithoutAuthentication() throws Exception {
        try (TcpServer server = echoServer("127.0.0.1");
                Socks5TestServer proxy = new Socks5TestServer(null, null);
                TcpTransport transport = transport(TcpTransportConfig.builder().framing(Framing.ABRIDGED)
                        .proxy(Socks5Proxy.of("127.0.0.1", proxy.port())))) {
            assertEchoes(transport, DcEndpoint.of(2, "127.0.0.1", server.port()));
            assertEquals("127.0.0.1:" + server.port(), proxy.targets.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void connectsThroughSocks5WithPasswordAndPassesHostNames() throws Exception {
        try (TcpServer server = echoServer("127.0.0.1");
                Socks5TestServer proxy = new Socks5TestServer("bot", "s3cret");
                TcpTransport transport = transport(TcpTransportConfig.builder().framing(Framing.FULL)
                        .proxy(Socks5Proxy.of("127.0.0.1", proxy.port(), "bot", "s3cret")))) {
            assertEchoes(transport, DcEndpoint.of(2, "localhost", server.port()));
            assertEquals("localhost:" + server.port(), proxy.targets.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void wrongSocks5PasswordFailsToConnect() throws Exception {
        try (TcpServer server = echoServer("127.0.0.1");
                Socks5TestServer proxy = new Socks5TestServer("bot", "s3cret");
                TcpTransport transport = transport(TcpTransportConfig.builder()
                        .proxy(Socks5Proxy.of("127.0.0.1", proxy.port(), "bot", "wrong")))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> transport.connect(
                    DcEndpoint.of(2, "127.0.0.1", server.port()), new RecordingTransportListener()).get(10, TimeUnit.SECONDS));
            TransportException cause = assertInstanceOf(TransportException.class, e.getCause());
            assertEquals(TransportException.Kind.CONNECT, cause.kind());
        }
    }
}
