package dev.heliograph.session;

import dev.heliograph.plugin.PluginModule;
import java.util.function.Supplier;

/**
 * The Guice module of a {@link SessionStore} plugin: a {@link PluginModule} that overrides the
 * core's in-memory default and builds the store once, when first injected.
 *
 * <pre>{@code
 * public final class MySessionModule extends SessionStoreModule {
 *     public MySessionModule(MySessionStore.Builder builder) {
 *         super(builder::build);
 *     }
 * }
 * }</pre>
 */
public abstract class SessionStoreModule extends PluginModule<SessionStore> {

    /**
     * Binds the store {@code factory} builds.
     *
     * @param factory builds the store; called at most once per injector
     */
    protected SessionStoreModule(Supplier<? extends SessionStore> factory) {
        super(SessionStore.class, factory);
    }
}
