package dev.heliograph.plugin;

import com.google.inject.Module;

/**
 * A plugin that {@link java.util.ServiceLoader} finds when the user names it by id (for example
 * "tcp", "http", "file", "redis"). Each plugin artifact registers its implementation in
 * {@code META-INF/services/dev.heliograph.plugin.HeliographPlugin}.
 *
 * <p>Implementations need a public no-argument constructor; settings come from the module the
 * plugin returns (which may read system properties or the environment).
 */
public interface HeliographPlugin {

    /** What a plugin provides. */
    enum Kind {
        /** A {@link dev.heliograph.transport.Transport}. */
        TRANSPORT,
        /** A {@link dev.heliograph.session.SessionStore}. */
        SESSION_STORE
    }

    /**
     * Returns the id users name the plugin by.
     *
     * @return a short lower-case id, unique among plugins
     */
    String id();

    /**
     * Returns what the plugin provides.
     *
     * @return the kind
     */
    Kind kind();

    /**
     * Returns the Guice module that binds the plugin's implementation.
     *
     * @return the module
     */
    Module module();
}
