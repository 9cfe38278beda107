package dev.heliograph.transport.http;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
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
public final class HttpTransportModule extends AbstractModule {

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
    protected void configure() {
        bind(HttpTransportConfig.class).toInstance(config);
        bind(HttpTransport.class).in(Singleton.class);
        OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().to(HttpTransport.class);
    }
}
