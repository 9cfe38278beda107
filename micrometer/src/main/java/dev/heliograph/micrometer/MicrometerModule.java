package dev.heliograph.micrometer;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.heliograph.client.ClientEventListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Adds a {@link MicrometerEventListener} to the client's listeners, for Guice users:
 * {@code Guice.createInjector(new HeliographModule(config), new TcpTransportModule(),
 * new MicrometerModule(registry))}.
 *
 * @since 0.1
 */
public final class MicrometerModule extends AbstractModule {

    private final MeterRegistry registry;

    /**
     * Records into {@code registry}.
     *
     * @param registry the registry
     */
    public MicrometerModule(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry is null");
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), ClientEventListener.class).addBinding()
                .toInstance(new MicrometerEventListener(registry));
    }
}
