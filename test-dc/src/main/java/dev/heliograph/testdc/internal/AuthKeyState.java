package dev.heliograph.testdc.internal;

import dev.heliograph.crypto.AuthKey;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a DC knows about one auth key: the key, its current salt, its expiry (temporary keys), the
 * user bound to it, the last layer declared with it, and its sessions.
 */
final class AuthKeyState {

    final AuthKey key;
    final long id;
    /** 0 for a permanent key; otherwise the DC time in millis when it stops being valid. */
    final long expiresAtMillis;
    final Map<Long, SessionState> sessions = new ConcurrentHashMap<>(2);
    volatile long salt;
    volatile long userId;
    volatile int layer;
    /**
     * The connection updates go to: the last one that made an API call not wrapped in
     * {@code invokeWithoutUpdates}.
     */
    volatile DcConnection updatesConnection;
    /**
     * The open connections that sent packets with this key (duplicate-key rule; each holds the
     * time of its last one). Usually one; guarded by this object's monitor.
     */
    DcConnection[] liveConnections = NO_CONNECTIONS;
    /** The connections still owed their {@code 406 AUTH_KEY_DUPLICATED}; set before {@link #duplicated}. */
    volatile Set<DcConnection> owedDuplicateError;
    /** Set once the key was used from two addresses at once; it is then revoked. */
    volatile boolean duplicated;

    private static final DcConnection[] NO_CONNECTIONS = {};

    AuthKeyState(AuthKey key, long salt, long expiresAtMillis) {
        this.key = key;
        this.id = key.id();
        this.salt = salt;
        this.expiresAtMillis = expiresAtMillis;
    }

    boolean expired(long nowMillis) {
        return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }
}
