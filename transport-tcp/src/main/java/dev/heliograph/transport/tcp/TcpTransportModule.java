package dev.heliograph.transport.tcp;

import com.google.inject.multibindings.OptionalBinder;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.plugin.PluginModule;
import dev.heliograph.transport.Transport;
import java.util.Objects;

/**
 * Binds {@link Transport} to a singleton {@link TcpTransport} with the given settings, overriding
 * any default transport (a {@link PluginModule}, like every plugin's module). Obfuscation uses the bound {@link CryptoProvider}.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(coreModule, new TcpTransportModule(
 *         TcpTransportConfig.builder().obfuscation(true).build()));
 * }</pre>
 */
public final class TcpTransportModule extends PluginModule<Transport> {

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
        super(Transport.class, TcpTransport.class);
        this.config = Objects.requireNonNull(config, "config is null");
    }

    @Override
    protected void configurePlugin() {
        bind(TcpTransportConfig.class).toInstance(config);
        OptionalBinder.newOptionalBinder(binder(), CryptoProvider.class);
    }
}
