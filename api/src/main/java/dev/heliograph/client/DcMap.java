package dev.heliograph.client;

import dev.heliograph.error.ConfigurationException;
import dev.heliograph.mtproto.BuiltInDcs;
import dev.heliograph.transport.DcEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the client finds each DC, and which DC a new session starts on. Immutable.
 *
 * <ul>
 *   <li>{@link #production()}: Telegram's five production DCs, starting on DC 2;</li>
 *   <li>{@link #testServers()}: Telegram's three test-server DCs;</li>
 *   <li>{@link #of}: any other map, such as the embedded test DC cluster on loopback.</li>
 * </ul>
 *
 * @since 0.1
 */
public final class DcMap {

    private static final DcMap PRODUCTION = new DcMap(BuiltInDcs.production(), BuiltInDcs.DEFAULT_DC);
    private static final DcMap TEST_SERVERS = new DcMap(BuiltInDcs.testServers(), BuiltInDcs.DEFAULT_DC);

    private final Map<Integer, DcEndpoint> endpoints;
    private final int initialDc;

    private DcMap(List<DcEndpoint> endpoints, int initialDc) {
        Map<Integer, DcEndpoint> byId = new LinkedHashMap<>();
        for (DcEndpoint e : endpoints) {
            Objects.requireNonNull(e, "endpoint is null");
            if (!e.media() && byId.putIfAbsent(e.dcId(), e) != null) {
                throw new ConfigurationException("DC " + e.dcId() + " appears twice in the DC map");
            }
        }
        if (!byId.containsKey(initialDc)) {
            throw new ConfigurationException("the initial DC " + initialDc + " is not in the DC map " + byId.keySet());
        }
        this.endpoints = Map.copyOf(byId);
        this.initialDc = initialDc;
    }

    /**
     * Returns Telegram's production DCs.
     *
     * @return the map
     */
    public static DcMap production() {
        return PRODUCTION;
    }

    /**
     * Returns Telegram's test-server DCs.
     *
     * @return the map
     */
    public static DcMap testServers() {
        return TEST_SERVERS;
    }

    /**
     * Returns a custom map.
     *
     * @param endpoints one (non-media) endpoint per DC
     * @param initialDc the DC a new session starts on
     * @return the map
     * @throws ConfigurationException if a DC appears twice or the initial DC is missing
     */
    public static DcMap of(List<DcEndpoint> endpoints, int initialDc) {
        return new DcMap(List.copyOf(endpoints), initialDc);
    }

    /**
     * Returns a custom map that starts on its first endpoint's DC.
     *
     * @param endpoints one (non-media) endpoint per DC
     * @return the map
     * @throws ConfigurationException if the list is empty or a DC appears twice
     */
    public static DcMap of(List<DcEndpoint> endpoints) {
        if (endpoints.isEmpty()) {
            throw new ConfigurationException("the DC map is empty");
        }
        return of(endpoints, endpoints.get(0).dcId());
    }

    /**
     * Returns the endpoint of a DC.
     *
     * @param dcId the DC
     * @return its endpoint
     * @throws ConfigurationException if the map has no such DC (a server sent a DC id the
     *     configuration does not know)
     */
    public DcEndpoint endpoint(int dcId) {
        DcEndpoint e = endpoints.get(dcId);
        if (e == null) {
            throw new ConfigurationException("the DC map has no DC " + dcId + " (known: " + endpoints.keySet() + ")");
        }
        return e;
    }

    /**
     * Returns the DC a new session starts on.
     *
     * @return the DC id
     */
    public int initialDc() {
        return initialDc;
    }

    /**
     * Returns every endpoint.
     *
     * @return an immutable map from DC id to endpoint
     */
    public Map<Integer, DcEndpoint> endpoints() {
        return endpoints;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DcMap that && initialDc == that.initialDc && endpoints.equals(that.endpoints);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoints, initialDc);
    }

    @Override
    public String toString() {
        return "DcMap[initialDc=" + initialDc + ", dcs=" + endpoints.values() + "]";
    }
}
