package dev.heliograph.session;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.plugin.DirectModule;
import dev.heliograph.plugin.HeliographPlugin;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Guice module of a {@link SessionStore} plugin: it binds {@link SessionStore} through
 * {@link OptionalBinder#setBinding()}, so the store overrides the core's in-memory default
 * (which the client module declares with {@code setDefault()}), and builds it once, when first
 * injected, so that creating the injector never opens files or connections.
 *
 * <pre>{@code
 * public final class MySessionModule extends SessionStoreModule {
 *     public MySessionModule(MySessionStore.Builder builder) {
 *         super(builder::build);
 *     }
 * }
 * }</pre>
 */
public abstract class SessionStoreModule extends AbstractModule implements DirectModule {

    private final Supplier<? extends SessionStore> factory;

    /**
     * Binds the store {@code factory} builds.
     *
     * @param factory builds the store; called at most once per injector
     */
    protected SessionStoreModule(Supplier<? extends SessionStore> factory) {
        this.factory = Objects.requireNonNull(factory, "factory is null");
    }

    @Override
    public final HeliographPlugin.Kind kind() {
        return HeliographPlugin.Kind.SESSION_STORE;
    }

    /**
     * Builds the store, as the binding would.
     *
     * @param crypto unused
     * @return the store
     */
    @Override
    public final SessionStore create(CryptoProvider crypto) {
        return factory.get();
    }

    @Override
    protected final void configure() {
        Provider<SessionStore> provider = factory::get;
        OptionalBinder.newOptionalBinder(binder(), SessionStore.class).setBinding().toProvider(provider)
                .in(Singleton.class);
    }
}
