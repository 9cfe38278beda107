package dev.heliograph.transport.http;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.plugin.DirectModule;
import dev.heliograph.plugin.HeliographPlugin;
import dev.heliograph.transport.Transport;
import java.util.Objects;

/**
 * Binds {@link Transport} to a singleton {@link HttpTransport} with the given settings,
 * overriding any default transport.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(coreModule, new HttpTransportModule(
 *         HttpTransportConfig.builder().client(sharedOkHttpClient).build()));
 * }</pre>
 */
public final class HttpTransportModule extends AbstractModule implements DirectModule {

    private final HttpTransportConfig config;

    /** Uses {@link HttpTransportConfig#DEFAULT}. */
    public HttpTransportModule() {
        this(HttpTransportConfig.DEFAULT);
    }

    /**
     * Uses the given settings.
     *
     * @param config the settings
     */
    public HttpTransportModule(HttpTransportConfig config) {
        this.config = Objects.requireNonNull(config, "config is null");
    }

    @Override
    public HeliographPlugin.Kind kind() {
        return HeliographPlugin.Kind.TRANSPORT;
    }

    /**
     * Builds the transport, as the bindings would.
     *
     * @param crypto unused: HTTP has no obfuscation
     * @return the transport
     */
    @Override
    public HttpTransport create(CryptoProvider crypto) {
        return new HttpTransport(config);
    }

    @Override
    protected void configure() {
        bind(HttpTransportConfig.class).toInstance(config);
        bind(HttpTransport.class).in(Singleton.class);
        OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().to(HttpTransport.class);
    }
}
