package dev.heliograph.mtproto;

import dev.heliograph.error.ConfigurationException;
import dev.heliograph.transport.DcEndpoint;

import java.util.List;

/**
 * The DC addresses a client uses before it has a {@code config}: the same bootstrap tables the
 * official clients hard-code. After {@code help.getConfig} a client should prefer the
 * {@code dc_options} it received (and persist them).
 */
public final class BuiltInDcs {

    private static final int PORT = 443;

    private static final List<DcEndpoint> PRODUCTION = List.of(
            DcEndpoint.of(1, "149.154.175.50", PORT),
            DcEndpoint.of(2, "149.154.167.51", PORT),
            DcEndpoint.of(3, "149.154.175.100", PORT),
            DcEndpoint.of(4, "149.154.167.91", PORT),
            DcEndpoint.of(5, "149.154.171.5", PORT));

    private static final List<DcEndpoint> TEST_SERVERS = List.of(
            new DcEndpoint(1, "149.154.175.10", PORT, false, true),
            new DcEndpoint(2, "149.154.167.40", PORT, false, true),
            new DcEndpoint(3, "149.154.175.117", PORT, false, true));

    /** The DC new sessions start on when nothing is known yet (as Telethon does). */
    public static final int DEFAULT_DC = 2;

    private BuiltInDcs() {
    }

    /**
     * Returns the IPv4 bootstrap endpoints of the five production DCs.
     *
     * @return DCs 1..5 in order
     */
    public static List<DcEndpoint> production() {
        return PRODUCTION;
    }

    /**
     * Returns the IPv4 bootstrap endpoints of Telegram's three test-server DCs.
     *
     * @return test DCs 1..3 in order
     */
    public static List<DcEndpoint> testServers() {
        return TEST_SERVERS;
    }

    /**
     * Returns the bootstrap endpoint of one DC.
     *
     * @param dcId the DC id
     * @param testServers whether to look in the test-server table
     * @return the endpoint
     * @throws ConfigurationException if the table has no such DC
     */
    public static DcEndpoint endpoint(int dcId, boolean testServers) {
        for (DcEndpoint e : testServers ? TEST_SERVERS : PRODUCTION) {
            if (e.dcId() == dcId) {
                return e;
            }
        }
        throw new ConfigurationException("no built-in address for " + (testServers ? "test " : "") + "DC " + dcId);
    }
}
