package dev.heliograph.transport.tcp;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.plugin.DirectModule;
import dev.heliograph.plugin.HeliographPlugin;
import dev.heliograph.transport.Transport;
import java.util.Objects;

/**
 * Binds {@link Transport} to a singleton {@link TcpTransport} with the given settings, overriding
 * any default transport. Obfuscation uses the bound {@link CryptoProvider}.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(coreModule, new TcpTransportModule(
 *         TcpTransportConfig.builder().obfuscation(true).build()));
 * }</pre>
 */
public final class TcpTransportModule extends AbstractModule implements DirectModule {

    private final TcpTransportConfig config;

    /** Uses {@link TcpTransportConfig#DEFAULT}. */
    public TcpTransportModule() {
        this(TcpTransportConfig.DEFAULT);
    }

    /**
     * Uses the given settings.
     *
     * @param config the settings
     */
    public TcpTransportModule(TcpTransportConfig config) {
        this.config = Objects.requireNonNull(config, "config is null");
    }

    @Override
    public HeliographPlugin.Kind kind() {
        return HeliographPlugin.Kind.TRANSPORT;
    }

    /**
     * Builds the transport, as the bindings would.
     *
     * @param crypto the client's crypto provider, for obfuscation
     * @return the transport
     */
    @Override
    public TcpTransport create(CryptoProvider crypto) {
        return new TcpTransport(config, crypto, RandomSource.secure());
    }

    @Override
    protected void configure() {
        bind(TcpTransportConfig.class).toInstance(config);
        OptionalBinder.newOptionalBinder(binder(), CryptoProvider.class);
        bind(TcpTransport.class).in(Singleton.class);
        OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().to(TcpTransport.class);
    }
}
