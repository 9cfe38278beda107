package dev.heliograph.plugin;

/**
 * A plugin found through {@link java.util.ServiceLoader}: a transport, a session store or a crypto
 * provider, contributed as a Guice module (a {@link DirectModule}). Users who name a plugin by id
 * ("tcp", "http", "file", "redis", "jdk", "bouncycastle") get the module of the plugin with that id and kind installed for them; Guice users can
 * install the module directly instead.
 *
 * <p>Implementations are listed in
 * {@code META-INF/services/dev.heliograph.plugin.HeliographPlugin}, need a public no-argument
 * constructor, and must be cheap to construct (loading the plugin must not open connections).
 */
public interface HeliographPlugin {

    /** What a plugin provides. */
    enum Kind {
        /** A {@link dev.heliograph.transport.Transport}. */
        TRANSPORT,
        /** A {@link dev.heliograph.session.SessionStore}. */
        SESSION_STORE,
        /** A {@link dev.heliograph.crypto.CryptoProvider}. */
        CRYPTO
    }

    /**
     * Returns the id users name the plugin by, unique within its kind.
     *
     * @return the id, such as {@code "tcp"}
     */
    String id();

    /**
     * Returns what the plugin provides.
     *
     * @return the kind
     */
    Kind kind();

    /**
     * Returns a module that binds the plugin's implementation with its default settings.
     *
     * @return a new module
     */
    com.google.inject.Module module();
}
