package dev.heliograph.crypto;

import dev.heliograph.plugin.PluginModule;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Binds {@link CryptoProvider} to a given provider, overriding the core's default (the faster
 * built-in provider). The crypto plugins ({@code "jdk"}, {@code "bouncycastle"}) return this
 * module; Guice users may install it directly.
 *
 * <pre>{@code
 * Guice.createInjector(new HeliographModule(config), new TcpTransportModule(),
 *         new CryptoProviderModule(CryptoProviders.bouncyCastle()));
 * }</pre>
 *
 * @since 0.1
 */
public final class CryptoProviderModule extends PluginModule<CryptoProvider> {

    /**
     * Binds {@code provider}.
     *
     * @param provider the provider (providers are stateless and shared)
     */
    public CryptoProviderModule(CryptoProvider provider) {
        super(CryptoProvider.class, constant(provider));
    }

    private static Supplier<CryptoProvider> constant(CryptoProvider provider) {
        Objects.requireNonNull(provider, "provider is null");
        return () -> provider;
    }
}
