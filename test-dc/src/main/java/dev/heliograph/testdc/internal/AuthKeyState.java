package dev.heliograph.testdc.internal;

import dev.heliograph.crypto.AuthKey;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a DC knows about one auth key: the key, its current salt, its expiry (temporary keys), the
 * user bound to it, the last layer declared with it, and its sessions. A temporary key bound to a
 * permanent one ({@link #boundTo}) has no user or layer of its own: calls under it use the
 * permanent key's ({@link #account()}).
 */
final class AuthKeyState {

    final AuthKey key;
    final long id;
    /** 0 for a permanent key; otherwise the DC time in millis when it stops being valid. */
    volatile long expiresAtMillis;
    /** A temporary key: the permanent key it is bound to, or null. */
    volatile AuthKeyState boundTo;
    /** A permanent key: the one temporary key bound to it, or null. */
    volatile AuthKeyState boundTemp;
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

    boolean temporary() {
        return expiresAtMillis != 0;
    }

    /** The key that holds the authorization: the permanent key a temporary key is bound to, else this one. */
    AuthKeyState account() {
        AuthKeyState perm = boundTo;
        return perm != null ? perm : this;
    }

    boolean expired(long nowMillis) {
        return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }
}
