package dev.heliograph.transport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Socks5HandshakeTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] feed(Socks5Handshake handshake, String hex) {
        byte[] b = HEX.parseHex(hex);
        return handshake.onBytes(b, 0, b.length);
    }

    @Test
    void noAuthenticationConnectsToAnIpv4Literal() {
        Socks5Handshake h = new Socks5Handshake("149.154.167.50", 443, null, null);
        assertEquals("050100", HEX.formatHex(h.greeting()));
        assertEquals("05010001" + "959aa732" + "01bb", HEX.formatHex(feed(h, "0500")));
        assertFalse(h.done());
        assertEquals(0, feed(h, "05000001" + "7f000001" + "1f90").length);
        assertTrue(h.done());
        assertEquals(0, h.leftover().length);
    }

    @Test
    void passwordAuthenticationAndHostNameTarget() {
        Socks5Handshake h = new Socks5Handshake("dc.example", 80, "bot", "pw");
        assertEquals("05020002", HEX.formatHex(h.greeting()));
        assertEquals("0103" + "626f74" + "02" + "7077", HEX.formatHex(feed(h, "0502")));
        assertEquals("05010003" + "0a" + HEX.formatHex("dc.example".getBytes(StandardCharsets.US_ASCII))
                + "0050", HEX.formatHex(feed(h, "0100")));
    }

    @Test
    void ipv6TargetUsesAddressType4() {
        Socks5Handshake h = new Socks5Handshake("::1", 443, null, null);
        assertEquals("05010004" + "00".repeat(15) + "01" + "01bb", HEX.formatHex(feed(h, "0500")));
    }

    @Test
    void replyArrivingByteByByteWithTunnelBytesAfterIt() {
        Socks5Handshake h = new Socks5Handshake("10.0.0.1", 443, null, null);
        feed(h, "0500");
        byte[] reply = HEX.parseHex("0500000306" + HEX.formatHex("proxy1".getBytes(StandardCharsets.US_ASCII))
                + "01bb" + "abcd");
        for (int i = 0; i < reply.length - 2; i++) {
            assertFalse(h.done());
            h.onBytes(reply, i, 1);
        }
        assertTrue(h.done());
        h = new Socks5Handshake("10.0.0.1", 443, null, null);
        feed(h, "0500");
        h.onBytes(reply, 0, reply.length);
        assertArrayEquals(HEX.parseHex("abcd"), h.leftover());
    }

    @Test
    void refusalsAreConnectErrors() {
        assertEquals(TransportException.Kind.CONNECT, assertThrows(TransportException.class,
                () -> feed(new Socks5Handshake("h", 1, null, null), "05ff")).kind());
        Socks5Handshake auth = new Socks5Handshake("h", 1, "u", "p");
        feed(auth, "0502");
        assertThrows(TransportException.class, () -> feed(auth, "0101"));
        Socks5Handshake refused = new Socks5Handshake("h", 1, null, null);
        feed(refused, "0500");
        assertThrows(TransportException.class, () -> feed(refused, "0505000100000000" + "0000"));
        assertThrows(TransportException.class, () -> feed(new Socks5Handshake("h", 1, null, null), "0400"));
    }
}
