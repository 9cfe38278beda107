package dev.heliograph.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one way every plugin module binds its implementation: through
 * {@link OptionalBinder#setBinding()}, so it overrides the default the client module declares with
 * {@code setDefault()} (in-memory store, default crypto provider; transports have none), as a
 * singleton built when first injected, so that creating the injector never opens files or
 * connections. Transports, session stores and crypto providers all extend it.
 *
 * @param <T> the SPI the plugin implements
 * @since 0.1
 */
public abstract class PluginModule<T> extends AbstractModule {

    private final Class<T> type;
    private final Supplier<? extends T> factory;
    private final Class<? extends T> implementation;

    /**
     * Binds the implementation {@code factory} builds.
     *
     * @param type the SPI
     * @param factory builds the implementation; called at most once per injector
     */
    protected PluginModule(Class<T> type, Supplier<? extends T> factory) {
        this.type = Objects.requireNonNull(type, "type is null");
        this.factory = Objects.requireNonNull(factory, "factory is null");
        this.implementation = null;
    }

    /**
     * Binds an implementation that Guice constructs, for implementations that take other bindings
     * (the bound crypto provider, their settings) through an injectable constructor.
     *
     * @param type the SPI
     * @param implementation the class Guice constructs once per injector
     */
    protected PluginModule(Class<T> type, Class<? extends T> implementation) {
        this.type = Objects.requireNonNull(type, "type is null");
        this.factory = null;
        this.implementation = Objects.requireNonNull(implementation, "implementation is null");
    }

    @Override
    protected final void configure() {
        OptionalBinder<T> binding = OptionalBinder.newOptionalBinder(binder(), type);
        if (factory != null) {
            Provider<T> provider = factory::get;
            binding.setBinding().toProvider(provider).in(Singleton.class);
        } else {
            bind(implementation).in(Singleton.class);
            binding.setBinding().to(implementation);
        }
        configurePlugin();
    }

    /** Adds the plugin's other bindings (its settings); none by default. */
    protected void configurePlugin() {
    }
}
