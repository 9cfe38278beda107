package dev.heliograph.session.redis;

import dev.heliograph.session.SessionStore;
import dev.heliograph.session.SessionStoreModule;
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
public final class RedisSessionModule extends SessionStoreModule {

    /**
     * Stores sessions as {@code builder} says; the store is built when first injected.
     *
     * @param builder the store's settings
     */
    public RedisSessionModule(RedisSessionStore.Builder builder) {
        super(Objects.requireNonNull(builder, "builder is null")::build);
    }
}
