package dev.heliograph.session;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import dev.heliograph.session.impl.InMemorySessionStore;

/** Checks a store plugin's Guice module against the core's in-memory default, as the client binds it. */
public final class SessionStoreModules {

    private SessionStoreModules() {
    }

    /**
     * Asserts that {@code module} wins over an in-memory default and binds one store per injector.
     * The store is closed afterwards.
     *
     * @param module the plugin's module
     * @param expected the store type it binds
     */
    public static void assertOverridesTheInMemoryDefault(Module module, Class<? extends SessionStore> expected) {
        Injector injector = Guice.createInjector(new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), SessionStore.class).setDefault()
                        .to(InMemorySessionStore.class);
            }
        }, module);
        SessionStore bound = injector.getInstance(SessionStore.class);
        try {
            assertInstanceOf(expected, bound);
            assertSame(bound, injector.getInstance(SessionStore.class));
        } finally {
            bound.close();
        }
    }
}
