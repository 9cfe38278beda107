package dev.heliograph.session;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A base for {@link SessionStore} implementations: it makes the checks the contract requires of
 * every store the same way in all of them, so an implementation supplies only its storage.
 *
 * <p>{@link #commitAuthKey} refuses a key for another DC than the lease's with a failed stage,
 * before touching storage, and otherwise calls {@link #commitLeasedAuthKey}. The create-once loop
 * ({@link SessionStore#getOrCreateAuthKey}) is inherited from the interface.
 *
 * @since 0.1
 */
public abstract class AbstractSessionStore implements SessionStore {

    /** For subclasses. */
    protected AbstractSessionStore() {
    }

    @Override
    public final CompletionStage<DcAuth> commitAuthKey(AuthKeyLease lease, DcAuth auth) {
        Objects.requireNonNull(lease, "lease is null");
        Objects.requireNonNull(auth, "auth is null");
        if (auth.dcId() != lease.dcId()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "key for DC " + auth.dcId() + " under a lease for DC " + lease.dcId()));
        }
        return commitLeasedAuthKey(lease, auth);
    }

    /**
     * Stores a key created under a lease, as {@link SessionStore#commitAuthKey} defines; the key
     * is for the lease's DC.
     *
     * @param lease the lease the key was created under
     * @param auth the created key, for {@code lease.dcId()}
     * @return the DC's key after the commit: {@code auth}, or the key that was there first
     */
    protected abstract CompletionStage<DcAuth> commitLeasedAuthKey(AuthKeyLease lease, DcAuth auth);
}
