package dev.heliograph.session.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.ConfigurationException;
import dev.heliograph.plugin.HeliographPlugin;
import com.google.inject.Guice;
import dev.heliograph.session.SessionStore;
import dev.heliograph.session.SessionStoreModules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Wiring only: the store connects on first use, so no Redis is needed here. */
class RedisSessionModuleTest {

    @Test
    void theModuleOverridesTheCoreDefault() {
        SessionStoreModules.assertOverridesTheInMemoryDefault(
                new RedisSessionModule(RedisSessionStore.builder().uri("redis://127.0.0.1:1")), RedisSessionStore.class);
    }

    @Test
    void theServiceLoaderFindsTheRedisPlugin() {
        HeliographPlugin plugin = ServiceLoader.load(HeliographPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("redis"))
                .findFirst().orElseThrow();
        assertEquals(HeliographPlugin.Kind.SESSION_STORE, plugin.kind());
        String previous = System.getProperty(RedisSessionPlugin.URI_PROPERTY);
        try {
            System.setProperty(RedisSessionPlugin.URI_PROPERTY, "redis://127.0.0.1:1");
            assertInstanceOf(RedisSessionModule.class, plugin.module());
            System.clearProperty(RedisSessionPlugin.URI_PROPERTY);
            if (System.getenv("HELIOGRAPH_REDIS_URI") == null) {
                assertThrows(ConfigurationException.class, plugin::module);
            }
        } finally {
            if (previous != null) {
                System.setProperty(RedisSessionPlugin.URI_PROPERTY, previous);
            }
        }
    }

    @Test
    void aShardCountSettingTurnsTheUpdateFanOutOnAndAMalformedOneIsRefused() {
        String previousUri = System.getProperty(RedisSessionPlugin.URI_PROPERTY);
        try {
            System.setProperty(RedisSessionPlugin.URI_PROPERTY, "redis://127.0.0.1:1");
            System.setProperty(RedisSessionPlugin.FANOUT_PROPERTY, "8");
            try (SessionStore store = Guice.createInjector(new RedisSessionPlugin().module())
                    .getInstance(SessionStore.class)) {
                assertTrue(store.updateQueue("bot", "host-1").isPresent());
            }
            System.setProperty(RedisSessionPlugin.FANOUT_PROPERTY, "many");
            assertThrows(ConfigurationException.class, () -> new RedisSessionPlugin().module());
        } finally {
            System.clearProperty(RedisSessionPlugin.FANOUT_PROPERTY);
            if (previousUri != null) {
                System.setProperty(RedisSessionPlugin.URI_PROPERTY, previousUri);
            } else {
                System.clearProperty(RedisSessionPlugin.URI_PROPERTY);
            }
        }
        try (RedisSessionStore plain = RedisSessionStore.builder().uri("redis://127.0.0.1:1").build()) {
            assertFalse(plain.updateQueue("bot", "host-1").isPresent(), "off unless asked for");
        }
    }

    @Test
    void keysOfOneSessionShareOneHashTag() {
        try (RedisSessionStore store = RedisSessionStore.builder().uri("redis://127.0.0.1:1").keyPrefix("prod:").build()) {
            assertEquals("prod:{bot}:session", store.sessionKey("bot"));
            assertEquals("prod:{bot}:leases", store.leasesKey("bot"));
            assertEquals("prod:{bot}:fanout:lease:3", store.fanoutKey("bot", "lease:3"));
            for (String key : List.of(store.keyPoolKey("bot"), store.floodKey("bot"), store.leasesKey("bot"),
                    store.fanoutKey("bot", "3"), store.fanoutKey("bot", "lease:3"))) {
                assertEquals(io.lettuce.core.cluster.SlotHash.getSlot(store.sessionKey("bot")),
                        io.lettuce.core.cluster.SlotHash.getSlot(key), key);
            }
        }
    }

    @Test
    void aMalformedUriIsRefusedWithoutRepeatingItsPassword() {
        String secret = "hunter2-redis-password";
        for (String uri : List.of("redis://:" + secret + "@redis host:6379", "redis://:" + secret + "@host:port/x",
                "rediss://" + secret + "@[::1:6379", "redis-sentinel://:" + secret + "@h1:26379,h2:x/0")) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> RedisSessionStore.builder().uri(uri));
            assertFalse(trace(e).contains(secret), trace(e));
            String previous = System.getProperty(RedisSessionPlugin.URI_PROPERTY);
            try {
                System.setProperty(RedisSessionPlugin.URI_PROPERTY, uri);
                HeliographPlugin plugin = new RedisSessionPlugin();
                ConfigurationException viaPlugin = assertThrows(ConfigurationException.class, plugin::module);
                assertFalse(trace(viaPlugin).contains(secret), trace(viaPlugin));
            } finally {
                if (previous != null) {
                    System.setProperty(RedisSessionPlugin.URI_PROPERTY, previous);
                } else {
                    System.clearProperty(RedisSessionPlugin.URI_PROPERTY);
                }
            }
        }
    }

    @Test
    void lettucesWireDumpWhichHoldsThePasswordIsKeptOffEvenWhenLoggingAsksForEverything() {
        java.util.logging.Logger encoder = java.util.logging.Logger.getLogger("io.lettuce.core.protocol.CommandEncoder");
        encoder.setLevel(java.util.logging.Level.ALL);
        RedisSessionStore.builder();
        assertFalse(encoder.isLoggable(java.util.logging.Level.FINEST));
        assertTrue(encoder.isLoggable(java.util.logging.Level.FINE), "its DEBUG lines carry no payload and stay");
    }

    private static String trace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aPrefixWithBracesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RedisSessionStore.builder().keyPrefix("a{b}"));
    }
}
