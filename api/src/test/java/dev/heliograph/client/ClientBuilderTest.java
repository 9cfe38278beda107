package dev.heliograph.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.heliograph.error.ConfigurationException;
import dev.heliograph.error.FloodWaitException;
import dev.heliograph.session.file.FileSessionModule;
import dev.heliograph.transport.DcEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building clients and configurations: every problem reported at once, no network involved. */
class ClientBuilderTest {

    private static final String HASH = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private static ClientConfig config() {
        return ClientConfig.builder().api(1, HASH).build();
    }

    @Test
    void unknownAndConflictingPluginsAreReportedTogether() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> HeliographClient.builder()
                .config(config()).transport("tcp").transport("carrier-pigeon").sessionStore("floppy").build());
        String m = e.getMessage();
        assertTrue(m.contains("conflicting transport plugins named: [tcp, carrier-pigeon]"), m);
        assertTrue(m.contains("no transport plugin 'carrier-pigeon' on the class path (available: [http, tcp])"), m);
        assertTrue(m.contains("no session store plugin 'floppy' on the class path (available: [file, redis])"), m);
    }

    @Test
    void missingConfigurationIsReportedWithThePluginProblems() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> HeliographClient.builder().crypto("quantum").build());
        assertTrue(e.getMessage().contains("no configuration"), e.getMessage());
        assertTrue(e.getMessage().contains("no crypto provider plugin 'quantum'"), e.getMessage());
    }

    @Test
    void bothBuiltInCryptoProvidersAreNamedByIdAndTheUnknownOneListsThem() {
        for (String id : List.of("jdk", "bouncycastle")) {
            HeliographClient.builder().config(config()).transport("tcp").crypto(id).build().close();
        }
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> HeliographClient.builder().config(config()).transport("tcp").crypto("quantum").build());
        assertTrue(e.getMessage().contains("(available: [bouncycastle, jdk])"), e.getMessage());
    }

    @Test
    void modulesWithoutATransportAreReportedClearly() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> HeliographClient.builder()
                .config(config()).module(new FileSessionModule(dir)).build());
        assertTrue(e.getMessage().contains("no transport: add a transport plugin"), e.getMessage());
    }

    @Test
    void guiceUsersGetTheSameMessageForAMissingTransport() {
        CreationException e = assertThrows(CreationException.class,
                () -> Guice.createInjector(Stage.PRODUCTION, new HeliographModule(config())));
        assertTrue(e.getMessage().contains("no transport"), e.getMessage());
    }

    @Test
    void severalTransportsOnTheClassPathMustBeNamed() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> HeliographClient.builder().config(config()).build());
        assertTrue(e.getMessage().contains("several transport plugins on the class path [http, tcp]"), e.getMessage());
        try (HeliographClient client = HeliographClient.builder().config(config()).transport("http").build()) {
            assertEquals(config().apiId(), client.config().apiId());
        }
    }

    @Test
    void everyConfigurationProblemIsListedAtOnce() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ClientConfig.builder()
                .requestTimeout(Duration.ZERO).device("", "x", "y").sessionName("../etc").build());
        String m = e.getMessage();
        assertTrue(m.contains("api_id must be positive"), m);
        assertTrue(m.contains("api_hash is missing"), m);
        assertTrue(m.contains("requestTimeout must be positive"), m);
        assertTrue(m.contains("deviceModel must not be empty"), m);
        assertTrue(m.lines().count() >= 6, m);
    }

    @Test
    void pfsIsOnByDefaultAndItsKeyLifetimeIsChecked() {
        ClientConfig c = config();
        assertTrue(c.pfs());
        assertEquals(Duration.ofHours(24), c.tempKeyLifetime());
        assertFalse(c.toBuilder().pfs(false).build().pfs());
        for (Duration bad : new Duration[] {null, Duration.ofSeconds(1), Duration.ofSeconds(1L << 31)}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> c.toBuilder().tempKeyLifetime(bad).build());
            assertTrue(e.getMessage().contains("tempKeyLifetime"), e.getMessage());
        }
        assertEquals(Duration.ofSeconds(2), c.toBuilder().tempKeyLifetime(Duration.ofSeconds(2)).build().tempKeyLifetime());
    }

    @Test
    void configurationNeverShowsTheApiHash() {
        ClientConfig c = config();
        assertFalse(c.toString().contains(HASH), c.toString());
        assertEquals(c.toString(), c.toBuilder().build().toString());
    }

    @Test
    void dcMapRejectsDuplicateDcsAndAMissingInitialDc() {
        DcEndpoint one = DcEndpoint.of(1, "127.0.0.1", 1000);
        assertThrows(ConfigurationException.class, () -> DcMap.of(List.of(one, DcEndpoint.of(1, "127.0.0.1", 1001))));
        assertThrows(ConfigurationException.class, () -> DcMap.of(List.of(one), 2));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> DcMap.of(List.of(one)).endpoint(7));
        assertTrue(e.getMessage().contains("no DC 7"), e.getMessage());
        assertEquals(2, DcMap.production().initialDc());
        assertEquals(5, DcMap.production().endpoints().size());
    }

    @Test
    void autoSleepRetriesShortWaitsUpToItsLimit() {
        RetryPolicy policy = RetryPolicy.autoSleep(Duration.ofSeconds(10), 2);
        FloodWaitException five = new FloodWaitException(420, "FLOOD_WAIT_5");
        assertEquals(Optional.of(Duration.ofSeconds(5)), policy.shouldRetry(new RetryContext(1, Duration.ZERO, five)));
        assertEquals(Optional.of(Duration.ofSeconds(5)), policy.shouldRetry(new RetryContext(2, Duration.ofSeconds(5), five)));
        assertEquals(Optional.empty(), policy.shouldRetry(new RetryContext(3, Duration.ofSeconds(10), five)));
        FloodWaitException long11 = new FloodWaitException(420, "FLOOD_WAIT_11");
        assertEquals(Optional.empty(), policy.shouldRetry(new RetryContext(1, Duration.ZERO, long11)));
        assertEquals(Optional.empty(), RetryPolicy.none().shouldRetry(new RetryContext(1, Duration.ZERO, five)));
    }

    @Test
    void theDefaultPolicyWaitsOutOneFloodWaitOfAMinute() {
        FloodWaitException minute = new FloodWaitException(420, "FLOOD_WAIT_60");
        assertEquals(Optional.of(Duration.ofSeconds(60)),
                RetryPolicy.DEFAULT.shouldRetry(new RetryContext(1, Duration.ZERO, minute)));
        assertEquals(Optional.empty(), RetryPolicy.DEFAULT.shouldRetry(new RetryContext(2, Duration.ofSeconds(60), minute)));
    }
}
