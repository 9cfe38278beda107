package dev.heliograph.session.internal;

import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.AuthKeyCreator;
import dev.heliograph.session.AuthKeyLease;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.LeaseAttempt;
import dev.heliograph.session.LeasePolicy;
import dev.heliograph.session.SessionStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The create-once loop behind {@link SessionStore#getOrCreateAuthKey}, written once over the
 * store's three atomic steps (try-acquire, commit, release) so that every store coordinates the
 * same way.
 */
public final class AuthKeyCoordination {

    private AuthKeyCoordination() {
    }

    /**
     * The check every store's {@link SessionStore#commitAuthKey} makes first, so all refuse a key
     * for another DC than the lease's alike: with a failed stage, before touching storage.
     *
     * @param lease the lease the key was created under
     * @param auth the created key
     * @param commit the store's commit, run only when the DCs match
     * @return the commit's stage, or a stage failed with {@link IllegalArgumentException}
     */
    public static CompletionStage<DcAuth> commitForLeaseDc(AuthKeyLease lease, DcAuth auth,
            Supplier<? extends CompletionStage<DcAuth>> commit) {
        if (auth.dcId() != lease.dcId()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "key for DC " + auth.dcId() + " under a lease for DC " + lease.dcId()));
        }
        return commit.get();
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
    public static CompletableFuture<DcAuth> getOrCreate(SessionStore store, String name, int dcId,
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
                            : timeoutAsLeaseTimeout(unwrap(error), lease, policy);
                    return store.releaseAuthKeyLease(lease).toCompletableFuture()
                            .handle((released, releaseError) -> {
                                if (releaseError != null) {
                                    failure.addSuppressed(unwrap(releaseError));
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

    /**
     * Strips the wrappers {@link CompletableFuture} puts around a failure.
     *
     * @param error a failure from a future
     * @return the original failure
     */
    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * Waits for a store operation the way blocking callers (command-line tools, tests) need it:
     * the store's own failure is rethrown as is.
     *
     * @param stage the operation
     * @param <T> its result type
     * @return its result
     */
    public static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
