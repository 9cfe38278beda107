package dev.heliograph.session.redis;

import com.google.inject.Module;
import dev.heliograph.error.ConfigurationException;
import dev.heliograph.plugin.HeliographPlugin;
import dev.heliograph.session.impl.AuthKeyEncryption;
import java.util.Base64;

/**
 * The "redis" plugin, for {@link java.util.ServiceLoader}. Settings come from system properties,
 * else environment variables:
 * <ul>
 *   <li>{@value #URI_PROPERTY} / {@code HELIOGRAPH_REDIS_URI}: the Redis URI (required);</li>
 *   <li>{@value #CLUSTER_PROPERTY} / {@code HELIOGRAPH_REDIS_CLUSTER}: {@code true} for Cluster;</li>
 *   <li>{@value #PREFIX_PROPERTY} / {@code HELIOGRAPH_REDIS_PREFIX}: the key prefix;</li>
 *   <li>{@value #FANOUT_PROPERTY} / {@code HELIOGRAPH_REDIS_FANOUT_SHARDS}: a shard count turns the
 *       update fan-out on ({@link StreamFanout}, default settings otherwise);</li>
 *   <li>{@value #ENCRYPTION_KEY_ENV} (environment only, so it stays out of process listings):
 *       a base64 32-byte key to seal auth keys with.</li>
 * </ul>
 */
public final class RedisSessionPlugin implements HeliographPlugin {

    /** The system property with the Redis URI. */
    public static final String URI_PROPERTY = "heliograph.redis.uri";
    /** The system property that selects Cluster mode. */
    public static final String CLUSTER_PROPERTY = "heliograph.redis.cluster";
    /** The system property with the key prefix. */
    public static final String PREFIX_PROPERTY = "heliograph.redis.prefix";
    /** The system property with the update fan-out's shard count (unset: no fan-out). */
    public static final String FANOUT_PROPERTY = "heliograph.redis.fanout.shards";
    /** The environment variable with the base64 encryption key for auth keys. */
    public static final String ENCRYPTION_KEY_ENV = "HELIOGRAPH_REDIS_ENCRYPTION_KEY";

    /** Creates the plugin (ServiceLoader calls this). */
    public RedisSessionPlugin() {
    }

    @Override
    public String id() {
        return "redis";
    }

    @Override
    public Kind kind() {
        return Kind.SESSION_STORE;
    }

    /**
     * Returns the module, configured from system properties and the environment.
     *
     * @return the module
     * @throws ConfigurationException if no URI is configured, or the encryption key or the shard
     *     count is malformed
     */
    @Override
    public Module module() {
        String uri = setting(URI_PROPERTY, "HELIOGRAPH_REDIS_URI");
        if (uri == null) {
            throw new ConfigurationException("the redis session plugin needs -D" + URI_PROPERTY
                    + " or HELIOGRAPH_REDIS_URI");
        }
        RedisSessionStore.Builder builder = RedisSessionStore.builder().uri(uri)
                .cluster(Boolean.parseBoolean(setting(CLUSTER_PROPERTY, "HELIOGRAPH_REDIS_CLUSTER")));
        String prefix = setting(PREFIX_PROPERTY, "HELIOGRAPH_REDIS_PREFIX");
        if (prefix != null) {
            builder.keyPrefix(prefix);
        }
        String shards = setting(FANOUT_PROPERTY, "HELIOGRAPH_REDIS_FANOUT_SHARDS");
        if (shards != null) {
            try {
                builder.updateFanout(StreamFanout.builder().shards(Integer.parseInt(shards.trim())).build());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(FANOUT_PROPERTY + " must be a shard count from 1 to 1024, not "
                        + shards);
            }
        }
        String key = System.getenv(ENCRYPTION_KEY_ENV);
        if (key != null && !key.isBlank()) {
            try {
                builder.encryption(AuthKeyEncryption.aesGcm(Base64.getDecoder().decode(key.trim())));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(ENCRYPTION_KEY_ENV + " must be 32 bytes in base64");
            }
        }
        return new RedisSessionModule(builder);
    }

    private static String setting(String property, String env) {
        String value = System.getProperty(property, System.getenv(env));
        return value == null || value.isBlank() ? null : value;
    }
}
