package dev.heliograph.crypto;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import dev.heliograph.plugin.DirectModule;
import dev.heliograph.plugin.HeliographPlugin;
import java.util.Objects;

/**
 * Binds {@link CryptoProvider} to a given provider through {@link OptionalBinder#setBinding()},
 * overriding the core's default (the faster built-in provider), as the store and transport modules
 * override theirs. The crypto plugins ({@code "jdk"}, {@code "bouncycastle"}) return this module;
 * Guice users may install it directly.
 *
 * <pre>{@code
 * Guice.createInjector(new HeliographModule(config), new TcpTransportModule(),
 *         new CryptoProviderModule(CryptoProviders.bouncyCastle()));
 * }</pre>
 *
 * @since 0.1
 */
public final class CryptoProviderModule extends AbstractModule implements DirectModule {

    private final CryptoProvider provider;

    /**
     * Binds {@code provider}.
     *
     * @param provider the provider (providers are stateless and shared)
     */
    public CryptoProviderModule(CryptoProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider is null");
    }

    @Override
    public HeliographPlugin.Kind kind() {
        return HeliographPlugin.Kind.CRYPTO;
    }

    /**
     * Returns the provider, as the binding would.
     *
     * @param crypto unused
     * @return the provider
     */
    @Override
    public CryptoProvider create(CryptoProvider crypto) {
        return provider;
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), CryptoProvider.class).setBinding().toInstance(provider);
    }
}
