package dev.heliograph.transport.tcp.internal;

import dev.heliograph.error.TransportException;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The client side of a SOCKS5 CONNECT (RFC 1928) with "no authentication" or username/password
 * (RFC 1929), as a byte-in, byte-out state machine. The target host goes to the proxy as given:
 * IP literals as addresses, names as names (resolved by the proxy).
 */
public final class Socks5Handshake {

    private enum Phase { METHOD, AUTH, CONNECT, DONE }

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final byte[] buffer = new byte[4 + 1 + 255 + 2];
    private int filled;
    private Phase phase = Phase.METHOD;
    private byte[] leftover = new byte[0];

    /**
     * Creates a handshake.
     *
     * @param host the target host (name or IP literal)
     * @param port the target port
     * @param username the user name, or {@code null} for no authentication
     * @param password the password (with a user name)
     */
    public Socks5Handshake(String host, int port, String username, String password) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /**
     * Returns the greeting that opens the handshake.
     *
     * @return the bytes to send first
     */
    public byte[] greeting() {
        return username == null ? new byte[] {5, 1, 0} : new byte[] {5, 2, 0, 2};
    }

    /**
     * Tells whether the proxy has connected to the target.
     *
     * @return {@code true} when done
     */
    public boolean done() {
        return phase == Phase.DONE;
    }

    /**
     * Returns bytes that arrived after the proxy's final reply (they belong to the tunnel).
     *
     * @return the bytes, possibly empty
     */
    public byte[] leftover() {
        return leftover;
    }

    /**
     * Consumes proxy bytes.
     *
     * @param data the buffer
     * @param offset where they start
     * @param length how many
     * @return the bytes to send next, possibly empty
     * @throws TransportException {@code CONNECT} if the proxy refuses or answers nonsense
     */
    public byte[] onBytes(byte[] data, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int end = offset + length;
        while (offset < end && phase != Phase.DONE) {
            int need = needed();
            int n = Math.min(need - filled, end - offset);
            System.arraycopy(data, offset, buffer, filled, n);
            filled += n;
            offset += n;
            if (filled == needed()) {
                out.writeBytes(advance());
            }
        }
        if (offset < end) {
            leftover = Arrays.copyOfRange(data, offset, end);
        }
        return out.toByteArray();
    }

    /** How many reply bytes the current phase needs (a CONNECT reply's length depends on its 5th byte). */
    private int needed() {
        if (phase != Phase.CONNECT) {
            return 2;
        }
        if (filled < 5) {
            return 5;
        }
        return switch (buffer[3]) {
            case 1 -> 4 + 4 + 2;
            case 4 -> 4 + 16 + 2;
            case 3 -> 4 + 1 + (buffer[4] & 0xff) + 2;
            default -> throw failure("proxy replied with address type " + buffer[3]);
        };
    }

    private byte[] advance() {
        filled = 0;
        switch (phase) {
            case METHOD -> {
                if (buffer[0] != 5) {
                    throw failure("not a SOCKS5 proxy");
                }
                if (buffer[1] == 0) {
                    phase = Phase.CONNECT;
                    return connectRequest();
                }
                if (buffer[1] == 2 && username != null) {
                    phase = Phase.AUTH;
                    return authRequest();
                }
                throw failure("proxy accepts none of the offered authentication methods");
            }
            case AUTH -> {
                if (buffer[1] != 0) {
                    throw failure("proxy rejected the username or password");
                }
                phase = Phase.CONNECT;
                return connectRequest();
            }
            case CONNECT -> {
                if (buffer[0] != 5 || buffer[1] != 0) {
                    throw failure("proxy could not connect to the target (reply " + buffer[1] + ")");
                }
                phase = Phase.DONE;
                return new byte[0];
            }
            default -> throw new IllegalStateException(phase.name());
        }
    }

    private byte[] authRequest() {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        byte[] pass = password.getBytes(StandardCharsets.UTF_8);
        if (user.length > 255 || pass.length > 255) {
            throw failure("SOCKS5 username and password are limited to 255 bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(user.length);
        out.writeBytes(user);
        out.write(pass.length);
        out.writeBytes(pass);
        return out.toByteArray();
    }

    private byte[] connectRequest() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(5);
        out.write(1);
        out.write(0);
        byte[] literal = ipLiteral(host);
        if (literal != null) {
            out.write(literal.length == 4 ? 1 : 4);
            out.writeBytes(literal);
        } else {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            if (name.length > 255) {
                throw failure("host name too long for SOCKS5");
            }
            out.write(3);
            out.write(name.length);
            out.writeBytes(name);
        }
        out.write(port >>> 8);
        out.write(port & 0xff);
        return out.toByteArray();
    }

    /** The address bytes if the host is an IPv4 or IPv6 literal, without any name lookup. */
    private static byte[] ipLiteral(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!h.contains(":") && !h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(h).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static TransportException failure(String message) {
        return new TransportException(TransportException.Kind.CONNECT, "SOCKS5: " + message, null);
    }
}
