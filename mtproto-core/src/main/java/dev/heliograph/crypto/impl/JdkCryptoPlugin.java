package dev.heliograph.crypto.impl;

import com.google.inject.Module;
import dev.heliograph.crypto.CryptoProviderModule;
import dev.heliograph.plugin.HeliographPlugin;

/**
 * Registers the JDK's own (JCA) provider, the default with {@link java.util.ServiceLoader} under the id {@code "jdk"}, so
 * {@code HeliographClient.builder().crypto("jdk")} selects it.
 */
public final class JdkCryptoPlugin implements HeliographPlugin {

    /** Creates the plugin (ServiceLoader calls this). */
    public JdkCryptoPlugin() {
    }

    @Override
    public String id() {
        return "jdk";
    }

    @Override
    public Kind kind() {
        return Kind.CRYPTO;
    }

    /**
     * Returns a {@link CryptoProviderModule} binding {@link CryptoProviders#jdk()}.
     *
     * @return the module
     */
    @Override
    public Module module() {
        return new CryptoProviderModule(CryptoProviders.jdk());
    }
}
