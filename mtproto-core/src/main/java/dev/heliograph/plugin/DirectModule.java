package dev.heliograph.plugin;

import dev.heliograph.crypto.CryptoProvider;

/**
 * A plugin's Guice module that can also build its one component without an injector.
 * {@code HeliographClient.builder()} assembles a client directly when every module it was given is
 * one of these, because creating a Guice injector costs hundreds of milliseconds in a fresh JVM
 * (most of a first login) and a few milliseconds per client after that. The component must be the
 * one the module's bindings would inject, so that both paths build the same client.
 */
public interface DirectModule {

    /**
     * Returns what the module binds.
     *
     * @return the component's kind
     */
    HeliographPlugin.Kind kind();

    /**
     * Builds the component, as the module's bindings would.
     *
     * @param crypto the crypto provider the client uses (a transport's obfuscation needs it)
     * @return a {@link dev.heliograph.transport.Transport}, {@link dev.heliograph.session.SessionStore}
     *     or {@link CryptoProvider}, as {@link #kind()} says
     */
    Object create(CryptoProvider crypto);
}
