package dev.heliograph.transport;

import java.util.Objects;

/**
 * Where a DC listens.
 *
 * @param dcId the DC id (1..5 in production)
 * @param host a host name or IP literal (IPv4 or IPv6)
 * @param port the TCP port
 * @param media whether this endpoint serves media only
 * @param testServers whether this DC belongs to Telegram's test servers (obfuscation adds 10000 to
 *     the DC id it sends)
 */
public record DcEndpoint(int dcId, String host, int port, boolean media, boolean testServers) {

    /** What a test server's DC id carries on top of its number wherever the protocol sends one. */
    public static final int TEST_SERVER_OFFSET = 10_000;

    /**
     * Validates the endpoint.
     *
     * @throws IllegalArgumentException if the port is out of range or the DC id is not positive
     */
    public DcEndpoint {
        Objects.requireNonNull(host, "host is null");
        checkPort(port);
        if (dcId <= 0) {
            throw new IllegalArgumentException("DC id must be positive: " + dcId);
        }
    }

    /**
     * Checks a TCP port number, so that endpoints and the servers that listen on them reject the
     * same values with the same message.
     *
     * @param port the port; 0 (any free port) is allowed
     * @return {@code port}
     * @throws IllegalArgumentException if the port is outside 0..65535
     */
    public static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port;
    }

    /**
     * A plain (not media, not test) endpoint.
     *
     * @param dcId the DC id
     * @param host the host
     * @param port the port
     * @return the endpoint
     */
    public static DcEndpoint of(int dcId, String host, int port) {
        return new DcEndpoint(dcId, host, port, false, false);
    }

    /**
     * Returns the DC id as the protocol carries it (in {@code p_q_inner_data_dc} and in the
     * obfuscation header): the DC number, plus {@value #TEST_SERVER_OFFSET} on test servers,
     * negated for media DCs.
     *
     * @return the signed id
     */
    public int protocolDcId() {
        int id = testServers ? TEST_SERVER_OFFSET + dcId : dcId;
        return media ? -id : id;
    }
}
