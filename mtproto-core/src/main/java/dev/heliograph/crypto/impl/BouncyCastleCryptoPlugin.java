package dev.heliograph.crypto.impl;

import com.google.inject.Module;
import dev.heliograph.crypto.CryptoProviderModule;
import dev.heliograph.plugin.HeliographPlugin;

/**
 * Registers the Bouncy Castle provider with {@link java.util.ServiceLoader} under the id {@code "bouncycastle"}, so
 * {@code HeliographClient.builder().crypto("bouncycastle")} selects it.
 */
public final class BouncyCastleCryptoPlugin implements HeliographPlugin {

    /** Creates the plugin (ServiceLoader calls this). */
    public BouncyCastleCryptoPlugin() {
    }

    @Override
    public String id() {
        return "bouncycastle";
    }

    @Override
    public Kind kind() {
        return Kind.CRYPTO;
    }

    /**
     * Returns a {@link CryptoProviderModule} binding {@link CryptoProviders#bouncyCastle()}.
     *
     * @return the module
     */
    @Override
    public Module module() {
        return new CryptoProviderModule(CryptoProviders.bouncyCastle());
    }
}
