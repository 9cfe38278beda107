package dev.heliograph.transport.http;

import dev.heliograph.plugin.PluginModule;
import dev.heliograph.transport.Transport;
import java.util.Objects;

/**
 * Binds {@link Transport} to a singleton {@link HttpTransport} with the given settings,
 * overriding any default transport (a {@link PluginModule}, like every plugin's module).
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(coreModule, new HttpTransportModule(
 *         HttpTransportConfig.builder().client(sharedOkHttpClient).build()));
 * }</pre>
 */
public final class HttpTransportModule extends PluginModule<Transport> {

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
        super(Transport.class, HttpTransport.class);
        this.config = Objects.requireNonNull(config, "config is null");
    }

    @Override
    protected void configurePlugin() {
        bind(HttpTransportConfig.class).toInstance(config);
    }
}
