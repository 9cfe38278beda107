package dev.heliograph.session.redis;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.heliograph.session.SessionStore;
import java.util.Objects;

/**
 * Binds {@link SessionStore} to a {@link RedisSessionStore}, overriding the core's in-memory
 * default.
 *
 * <pre>{@code
 * Guice.createInjector(..., new RedisSessionModule(
 *         RedisSessionStore.builder().uri("redis://redis.internal:6379").keyPrefix("bots-prod:")));
 * }</pre>
 */
public final class RedisSessionModule extends AbstractModule {

    private final RedisSessionStore.Builder builder;

    /**
     * Stores sessions as {@code builder} says; the store is built when first injected.
     *
     * @param builder the store's settings
     */
    public RedisSessionModule(RedisSessionStore.Builder builder) {
        this.builder = Objects.requireNonNull(builder, "builder is null");
    }

    @Override
    protected void configure() {
        Provider<SessionStore> provider = builder::build;
        OptionalBinder.newOptionalBinder(binder(), SessionStore.class).setBinding().toProvider(provider)
                .in(Singleton.class);
    }
}
