package dev.heliograph.session.redis.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The connection one or more stores send their commands on. Lettuce connections are thread-safe
 * and meant to be shared, and its client resources (event loops, timers) are meant to be one per
 * application; so stores that the builder sets up for the same Redis share one link, counted:
 * closing a store releases its reference, and only the last one closes the connection and shuts
 * the client down, {@link #LINGER_MILLIS} later, so that a client replaced within that time (a
 * restart inside the JVM, a client per request) reuses the connection instead of paying for new
 * event loops and a new connection (milliseconds per login). After a failure that may mean a dead connection, the next command connects
 * afresh, for every store on the link.
 */
public final class RedisLink {

    /** The shared links, by what makes two stores' clients interchangeable. */
    private static final Map<Object, RedisLink> SHARED = new HashMap<>();
    /** How long a shared link outlives its last store. */
    static final long LINGER_MILLIS = 1000;

    private final Object key;
    private final Supplier<CompletableFuture<RedisCommands>> connector;
    private final Runnable shutdown;
    private final Object lock = new Object();
    /** Guarded by {@link #SHARED}. */
    private int users = 1;
    /** Guarded by {@link #SHARED}: counts the times the link fell idle, so a stale linger does nothing. */
    private long idleSpells;
    private CompletableFuture<RedisCommands> connection;
    private long generation;
    private boolean released;

    private RedisLink(Object key, Supplier<CompletableFuture<RedisCommands>> connector, Runnable shutdown) {
        this.key = key;
        this.connector = connector;
        this.shutdown = shutdown;
    }

    /**
     * Returns a link of its own for one store (a client the caller gave, which the store never
     * shuts down, or one it must not share).
     *
     * @param connector opens a connection
     * @param shutdown runs when the store closes, after the connection is closed
     * @return the link, with one user
     */
    public static RedisLink own(Supplier<CompletableFuture<RedisCommands>> connector, Runnable shutdown) {
        return new RedisLink(null, connector, shutdown);
    }

    /**
     * Returns the shared link for {@code key}, creating it with {@code create} if no store holds
     * one, and counts one more user.
     *
     * @param key equal for stores that may share a client and a connection
     * @param create creates the client, only when no store holds a link for the key
     * @return the link
     */
    public static RedisLink shared(Object key, Supplier<Shared> create) {
        synchronized (SHARED) {
            RedisLink link = SHARED.get(key);
            if (link != null) {
                if (link.users++ == 0) {
                    link.idleSpells++;
                }
                return link;
            }
            Shared created = create.get();
            link = new RedisLink(key, created.connector(), created.shutdown());
            SHARED.put(key, link);
            return link;
        }
    }

    /**
     * What a shared link is made of.
     *
     * @param connector opens a connection
     * @param shutdown shuts the client and its resources down
     */
    public record Shared(Supplier<CompletableFuture<RedisCommands>> connector, Runnable shutdown) {
    }

    /**
     * Returns the connection, connecting if there is none or the last attempt failed.
     *
     * @return the connection, or a failed future once released
     */
    public CompletableFuture<RedisCommands> commands() {
        synchronized (lock) {
            if (released) {
                return CompletableFuture.failedFuture(new IllegalStateException("the Redis link is closed"));
            }
            if (connection == null || connection.isCompletedExceptionally()) {
                connection = connector.get();
                generation++;
            }
            return connection;
        }
    }

    /**
     * Opens a connection of its own on the link's client, for commands that block it (such as
     * {@code XREADGROUP ... BLOCK}) and so must not hold up the shared one. The caller closes it,
     * before the link is released.
     *
     * @return the new connection
     */
    public CompletableFuture<RedisCommands> openDedicated() {
        synchronized (lock) {
            if (released) {
                return CompletableFuture.failedFuture(new IllegalStateException("the Redis link is closed"));
            }
        }
        return connector.get();
    }

    /**
     * Connects if needed, and tells which connection the operation about to start will use.
     *
     * @return the connection's generation, for {@link #discard}
     */
    public long generation() {
        synchronized (lock) {
            commands();
            return generation;
        }
    }

    /**
     * Drops the connection an operation used, unless a newer one has replaced it already.
     *
     * @param usedGeneration what {@link #generation()} said before the operation
     */
    public void discard(long usedGeneration) {
        CompletableFuture<RedisCommands> dropped;
        synchronized (lock) {
            if (generation != usedGeneration || connection == null) {
                return;
            }
            dropped = connection;
            connection = null;
        }
        dropped.thenAccept(RedisLink::closeQuietly);
    }

    /** Releases one user's reference; the last one closes the connection and shuts the client down. */
    public void release() {
        synchronized (SHARED) {
            if (--users > 0) {
                return;
            }
            if (key != null) {
                long spell = ++idleSpells;
                CompletableFuture.delayedExecutor(LINGER_MILLIS, TimeUnit.MILLISECONDS)
                        .execute(() -> closeIfStillIdle(spell));
                return;
            }
        }
        closeNow();
    }

    private void closeIfStillIdle(long spell) {
        synchronized (SHARED) {
            if (users > 0 || idleSpells != spell) {
                return;
            }
            SHARED.remove(key);
        }
        closeNow();
    }

    private void closeNow() {
        CompletableFuture<RedisCommands> current;
        synchronized (lock) {
            released = true;
            current = connection;
            connection = null;
        }
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            closeQuietly(current.join());
        }
        shutdown.run();
    }

    /**
     * Closes a connection, ignoring failures (it may be broken already).
     *
     * @param redis the connection
     */
    public static void closeQuietly(RedisCommands redis) {
        try {
            redis.connection().close();
        } catch (Exception e) {
            // closing a broken connection: nothing left to release
        }
    }
}
