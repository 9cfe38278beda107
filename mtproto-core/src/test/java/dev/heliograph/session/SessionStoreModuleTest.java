package dev.heliograph.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.OptionalBinder;
import dev.heliograph.session.impl.InMemorySessionStore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionStoreModuleTest {

    private static final class PluginModule extends SessionStoreModule {
        PluginModule(AtomicInteger builds, SessionStore store) {
            super(() -> {
                builds.incrementAndGet();
                return store;
            });
        }
    }

    @Test
    void aPluginModuleOverridesTheDefaultAndBuildsItsStoreOnceWhenFirstInjected() {
        AtomicInteger builds = new AtomicInteger();
        try (InMemorySessionStore plugin = new InMemorySessionStore()) {
            Injector injector = Guice.createInjector(new AbstractModule() {
                @Override
                protected void configure() {
                    OptionalBinder.newOptionalBinder(binder(), SessionStore.class).setDefault()
                            .to(InMemorySessionStore.class);
                }
            }, new PluginModule(builds, plugin));
            assertEquals(0, builds.get());
            assertSame(plugin, injector.getInstance(SessionStore.class));
            assertSame(plugin, injector.getInstance(SessionStore.class));
            assertEquals(1, builds.get());
        }
    }
}
