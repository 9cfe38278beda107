package dev.heliograph.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.OptionalBinder;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.impl.CryptoProviders;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CryptoPluginsTest {

    /** What the client module declares: the default a plugin overrides. */
    private static final class Defaults extends AbstractModule {
        @Override
        protected void configure() {
            OptionalBinder.newOptionalBinder(binder(), CryptoProvider.class).setDefault()
                    .toInstance(CryptoProviders.defaultProvider());
        }
    }

    @Test
    void everyServiceEntryOfTheCoreLoadsAndBothCryptoProvidersAreRegistered() {
        Map<String, HeliographPlugin> crypto = new TreeMap<>();
        for (HeliographPlugin plugin : ServiceLoader.load(HeliographPlugin.class)) {
            if (plugin.kind() == HeliographPlugin.Kind.CRYPTO) {
                crypto.put(plugin.id(), plugin);
            }
        }
        assertEquals(Set.of("bouncycastle", "jdk"), crypto.keySet());
    }

    @Test
    void aCryptoPluginOverridesTheDefaultProvider() {
        for (HeliographPlugin plugin : ServiceLoader.load(HeliographPlugin.class)) {
            if (plugin.kind() != HeliographPlugin.Kind.CRYPTO) {
                continue;
            }
            Injector injector = Guice.createInjector(new Defaults(), plugin.module());
            CryptoProvider bound = injector.getInstance(CryptoProvider.class);
            assertEquals(plugin.id(), bound.name());
            assertSame(bound, injector.getInstance(CryptoProvider.class));
        }
        assertEquals("jdk", Guice.createInjector(new Defaults()).getInstance(CryptoProvider.class).name());
    }
}
