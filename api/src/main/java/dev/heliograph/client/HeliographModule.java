package dev.heliograph.client;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.heliograph.client.internal.RealHeliographClient;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.ConfigurationException;
import dev.heliograph.session.SessionStore;
import dev.heliograph.session.impl.InMemorySessionStore;
import dev.heliograph.transport.Transport;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The core Guice module of a client: binds {@link HeliographClient} for a {@link ClientConfig},
 * with defaults that plugin modules override through {@link OptionalBinder}:
 *
 * <ul>
 *   <li>{@link SessionStore}: {@link InMemorySessionStore} unless a store module
 *       ({@code FileSessionModule}, {@code RedisSessionModule}) sets one;</li>
 *   <li>{@link CryptoProvider}: {@link CryptoProviders#defaultProvider()};</li>
 *   <li>{@link Transport}: no default; install a transport module ({@code TcpTransportModule}).</li>
 * </ul>
 *
 * Event listeners may also be contributed by any module with
 * {@code Multibinder.newSetBinder(binder(), ClientEventListener.class)}. Interceptors are ordered,
 * so they are given here as a list, never through a multibinder.
 *
 * @since 0.1
 */
public final class HeliographModule extends AbstractModule {

    private final ClientConfig config;
    private final List<RpcInterceptor> interceptors;
    private final List<ClientEventListener> listeners;
    private final ClientResources resources;

    /**
     * Binds a client without interceptors or listeners.
     *
     * @param config the configuration
     */
    public HeliographModule(ClientConfig config) {
        this(config, List.of(), List.of());
    }

    /**
     * Binds a client.
     *
     * @param config the configuration
     * @param interceptors user interceptors, outermost first
     * @param listeners event listeners
     */
    public HeliographModule(ClientConfig config, List<RpcInterceptor> interceptors,
            List<ClientEventListener> listeners) {
        this(config, interceptors, listeners, ClientResources.shared());
    }

    /**
     * Binds a client running on resources of its own choosing.
     *
     * @param config the configuration
     * @param interceptors user interceptors, outermost first
     * @param listeners event listeners
     * @param resources threads, clocks and randomness (the client never shuts them down)
     */
    public HeliographModule(ClientConfig config, List<RpcInterceptor> interceptors,
            List<ClientEventListener> listeners, ClientResources resources) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.interceptors = List.copyOf(interceptors);
        this.listeners = List.copyOf(listeners);
        this.resources = Objects.requireNonNull(resources, "resources is null");
    }

    @Override
    protected void configure() {
        bind(ClientConfig.class).toInstance(config);
        Provider<SessionStore> memory = InMemorySessionStore::new;
        OptionalBinder.newOptionalBinder(binder(), SessionStore.class).setDefault().toProvider(memory)
                .in(Singleton.class);
        Provider<CryptoProvider> crypto = CryptoProviders::defaultProvider;
        OptionalBinder.newOptionalBinder(binder(), CryptoProvider.class).setDefault().toProvider(crypto)
                .in(Singleton.class);
        OptionalBinder.newOptionalBinder(binder(), Transport.class);
        Multibinder<ClientEventListener> set = Multibinder.newSetBinder(binder(), ClientEventListener.class);
        for (ClientEventListener l : listeners) {
            set.addBinding().toInstance(l);
        }
    }

    @Provides
    @Singleton
    HeliographClient client(ClientConfig cfg, Optional<Transport> transport, SessionStore store,
            CryptoProvider crypto, Set<ClientEventListener> eventListeners) {
        if (transport.isEmpty()) {
            throw new ConfigurationException("no transport: add a transport plugin (heliograph-transport-tcp or"
                    + " heliograph-transport-http) and install its module or name it with builder().transport(id)");
        }
        return new RealHeliographClient(cfg, transport.get(), store, crypto, interceptors, List.copyOf(eventListeners),
                resources);
    }
}
