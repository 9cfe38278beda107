package dev.heliograph.transport.tcp;

import java.util.Objects;
import java.util.Optional;

/**
 * A SOCKS5 proxy to reach DCs through, without authentication or with a username and password.
 * The DC's host is passed to the proxy as given (names are resolved by the proxy).
 *
 * @param host the proxy's host name or IP literal
 * @param port the proxy's port
 * @param username the user name, or {@code null} for no authentication
 * @param password the password, or {@code null} for no authentication; never shown by
 *     {@link #toString()}
 */
public record Socks5Proxy(String host, int port, String username, String password) {

    /**
     * Validates the settings.
     *
     * @param host the proxy's host
     * @param port the proxy's port
     * @param username the user name, or {@code null}
     * @param password the password, or {@code null}
     * @throws IllegalArgumentException for a bad port or a username without password (or the reverse)
     */
    public Socks5Proxy {
        Objects.requireNonNull(host, "host is null");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username and password go together");
        }
    }

    /**
     * A proxy without authentication.
     *
     * @param host the proxy host
     * @param port the proxy port
     * @return the proxy
     */
    public static Socks5Proxy of(String host, int port) {
        return new Socks5Proxy(host, port, null, null);
    }

    /**
     * A proxy with username/password authentication (RFC 1929).
     *
     * @param host the proxy host
     * @param port the proxy port
     * @param username the user name
     * @param password the password
     * @return the proxy
     */
    public static Socks5Proxy of(String host, int port, String username, String password) {
        return new Socks5Proxy(host, port, Objects.requireNonNull(username, "username is null"),
                Objects.requireNonNull(password, "password is null"));
    }

    /**
     * Returns the user name if authentication is used.
     *
     * @return the user name
     */
    public Optional<String> user() {
        return Optional.ofNullable(username);
    }

    @Override
    public String toString() {
        return "Socks5Proxy[" + host + ":" + port + (username == null ? "" : ", user=" + username + ", password=***") + "]";
    }
}
