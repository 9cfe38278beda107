package dev.heliograph.session.redis.internal;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisHashAsyncCommands;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

/**
 * The commands the store uses, over either a standalone/Sentinel or a Cluster connection (both
 * command interfaces implement these).
 *
 * @param hash hash commands
 * @param scripting Lua scripts
 * @param strings string commands
 * @param keys key commands
 * @param streams stream commands (the update fan-out)
 * @param connection the connection, closed with the store
 */
public record RedisCommands(RedisHashAsyncCommands<String, byte[]> hash,
        RedisScriptingAsyncCommands<String, byte[]> scripting, RedisStringAsyncCommands<String, byte[]> strings,
        RedisKeyAsyncCommands<String, byte[]> keys, RedisStreamAsyncCommands<String, byte[]> streams,
        AutoCloseable connection) {

    /**
     * Wraps a standalone or Sentinel connection.
     *
     * @param connection the connection
     * @return the commands
     */
    public static RedisCommands of(StatefulRedisConnection<String, byte[]> connection) {
        var async = connection.async();
        return new RedisCommands(async, async, async, async, async, connection);
    }

    /**
     * Wraps a Cluster connection.
     *
     * @param connection the connection
     * @return the commands
     */
    public static RedisCommands of(StatefulRedisClusterConnection<String, byte[]> connection) {
        var async = connection.async();
        return new RedisCommands(async, async, async, async, async, connection);
    }
}
