package dev.heliograph.session;

import dev.heliograph.error.Failures;
import dev.heliograph.error.SessionStoreException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The create-once loop behind {@link SessionStore#getOrCreateAuthKey}, written once over the
 * store's three atomic steps (try-acquire, commit, release) so that every store coordinates the
 * same way.
 */
final class AuthKeyCreateOnce {

    private AuthKeyCreateOnce() {
    }

    /**
     * Runs the loop.
     *
     * @param store the store
     * @param name the session
     * @param dcId the DC
     * @param creator runs the key exchange when this caller wins the lease
     * @param policy lease and waiting limits
     * @return the DC's key
     */
    static CompletableFuture<DcAuth> getOrCreate(SessionStore store, String name, int dcId,
            AuthKeyCreator creator, LeasePolicy policy) {
        long deadline = System.nanoTime() + policy.waitTimeout().toNanos();
        return attempt(store, name, dcId, creator, policy, deadline);
    }

    private static CompletableFuture<DcAuth> attempt(SessionStore store, String name, int dcId,
            AuthKeyCreator creator, LeasePolicy policy, long deadline) {
        return store.tryAcquireAuthKeyLease(name, dcId, policy.leaseTtl()).toCompletableFuture()
                .thenCompose(result -> {
                    if (result instanceof LeaseAttempt.Existing existing) {
                        return CompletableFuture.completedFuture(existing.auth());
                    }
                    if (result instanceof LeaseAttempt.Acquired acquired) {
                        return create(store, acquired.lease(), creator, policy);
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return CompletableFuture.failedFuture(new SessionStoreException(
                                SessionStoreException.Kind.LEASE_TIMEOUT,
                                "another host held the auth key lease of session " + name + " DC " + dcId
                                        + " longer than " + policy.waitTimeout(), null));
                    }
                    long pause = Math.min(remaining, policy.pollInterval().toNanos());
                    return CompletableFuture.runAsync(() -> { },
                                    CompletableFuture.delayedExecutor(pause, TimeUnit.NANOSECONDS))
                            .thenCompose(ignored -> attempt(store, name, dcId, creator, policy, deadline));
                });
    }

    private static CompletableFuture<DcAuth> create(SessionStore store, AuthKeyLease lease, AuthKeyCreator creator,
            LeasePolicy policy) {
        CompletableFuture<DcAuth> created;
        try {
            created = creator.create(lease).toCompletableFuture();
        } catch (RuntimeException e) {
            created = CompletableFuture.failedFuture(e);
        }
        return created.orTimeout(policy.leaseTtl().toMillis(), TimeUnit.MILLISECONDS)
                .handle((auth, error) -> {
                    if (error == null && auth != null && auth.dcId() == lease.dcId()) {
                        return store.commitAuthKey(lease, auth).toCompletableFuture();
                    }
                    Throwable failure = error == null
                            ? new IllegalStateException("the auth key creator returned "
                                    + (auth == null ? "null" : "a key for DC " + auth.dcId())
                                    + " instead of a key for DC " + lease.dcId())
                            : timeoutAsLeaseTimeout(Failures.unwrap(error), lease, policy);
                    return store.releaseAuthKeyLease(lease).toCompletableFuture()
                            .handle((released, releaseError) -> {
                                if (releaseError != null) {
                                    failure.addSuppressed(Failures.unwrap(releaseError));
                                }
                                return CompletableFuture.<DcAuth>failedFuture(failure);
                            })
                            .thenCompose(f -> f);
                })
                .thenCompose(f -> f);
    }

    private static Throwable timeoutAsLeaseTimeout(Throwable error, AuthKeyLease lease, LeasePolicy policy) {
        if (error instanceof TimeoutException) {
            return new SessionStoreException(SessionStoreException.Kind.LEASE_TIMEOUT,
                    "creating the auth key of session " + lease.sessionName() + " DC " + lease.dcId()
                            + " took longer than its lease of " + policy.leaseTtl(), error);
        }
        return error;
    }
}
