package dev.heliograph.session;

import dev.heliograph.error.SessionStoreException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A base for {@link SessionStore} implementations: it makes the checks the contract requires of
 * every store the same way in all of them, so an implementation supplies only its storage.
 *
 * <p>Auth key leases are the {@link KeyPool} transitions, applied through the one atomic step a
 * store supplies, {@link #updateKeyPool}; named leases are the {@link LeaseRecord} transitions,
 * applied through {@link #updateLease}. The store's {@link #clock()} dates both.
 *
 * @since 0.1
 */
public abstract class AbstractSessionStore implements SessionStore {

    /** For subclasses. */
    protected AbstractSessionStore() {
    }

    @Override
    public final CompletionStage<KeyLeaseAttempt> leaseAuthKey(String name, int dcId, String hostId,
            KeyPoolPolicy policy) {
        Objects.requireNonNull(hostId, "hostId is null");
        Objects.requireNonNull(policy, "policy is null");
        return load(name).thenCompose(snapshot -> updateKeyPool(name, dcId, pool -> pool.adopt(snapshot.dc(dcId))
                .lease(name, dcId, hostId, clock().millis(), policy)));
    }

    @Override
    public final CompletionStage<KeyLease> addAuthKey(String name, String hostId, DcAuth auth, KeyPoolPolicy policy) {
        Objects.requireNonNull(hostId, "hostId is null");
        Objects.requireNonNull(auth, "auth is null");
        Objects.requireNonNull(policy, "policy is null");
        return load(name).thenCompose(snapshot -> updateKeyPool(name, auth.dcId(),
                pool -> pool.adopt(snapshot.dc(auth.dcId())).add(name, hostId, auth, clock().millis(), policy)));
    }

    @Override
    public final CompletionStage<KeyLease> renewAuthKeyLease(KeyLease lease, KeyPoolPolicy policy) {
        Objects.requireNonNull(lease, "lease is null");
        Objects.requireNonNull(policy, "policy is null");
        return updateKeyPool(lease.sessionName(), lease.dcId(), pool -> pool.renew(lease, clock().millis(), policy))
                .thenCompose(renewed -> renewed.<CompletionStage<KeyLease>>map(CompletableFuture::completedFuture)
                        .orElseGet(() -> CompletableFuture.failedFuture(new SessionStoreException(
                                SessionStoreException.Kind.LEASE_LOST, "the lease of auth key "
                                + Long.toHexString(lease.authKeyId()) + " (session " + lease.sessionName() + ", DC "
                                + lease.dcId() + ") is no longer held by " + lease.hostId(), null))));
    }

    @Override
    public final CompletionStage<Void> releaseAuthKey(KeyLease lease, boolean revoked) {
        Objects.requireNonNull(lease, "lease is null");
        return updateKeyPool(lease.sessionName(), lease.dcId(), pool -> pool.release(lease, revoked, clock().millis()))
                .thenApply(ignored -> null);
    }

    @Override
    public final CompletionStage<NamedLeaseAttempt> tryLease(String name, String leaseName, String hostId,
            Duration ttl) {
        Objects.requireNonNull(hostId, "hostId is null");
        requirePositive(ttl);
        return named(name, leaseName, record -> record.acquire(name, leaseName, hostId, clock().millis(), ttl));
    }

    @Override
    public final CompletionStage<NamedLease> renewLease(NamedLease lease, Duration ttl) {
        Objects.requireNonNull(lease, "lease is null");
        requirePositive(ttl);
        return named(lease.sessionName(), lease.leaseName(), record -> record.renew(lease, clock().millis(), ttl))
                .thenCompose(renewed -> renewed.<CompletionStage<NamedLease>>map(CompletableFuture::completedFuture)
                        .orElseGet(() -> CompletableFuture.failedFuture(new SessionStoreException(
                                SessionStoreException.Kind.LEASE_LOST, "the lease '" + lease.leaseName()
                                + "' of session " + lease.sessionName() + " is no longer held by " + lease.hostId()
                                + " with token " + lease.fencingToken(), null))));
    }

    @Override
    public final CompletionStage<Void> releaseLease(NamedLease lease) {
        Objects.requireNonNull(lease, "lease is null");
        return named(lease.sessionName(), lease.leaseName(), record -> record.release(lease, clock().millis()))
                .thenApply(ignored -> null);
    }

    @Override
    public final CompletionStage<Optional<NamedLease>> currentLease(String name, String leaseName) {
        return named(name, leaseName, record -> new LeaseRecord.Step<>(record,
                record.heldAt(name, leaseName, clock().millis())));
    }

    private <T> CompletionStage<T> named(String name, String leaseName,
            Function<LeaseRecord, LeaseRecord.Step<T>> transition) {
        try {
            SessionNames.requireValid(name);
            SessionNames.requireValidLeaseName(leaseName);
        } catch (SessionStoreException e) {
            return CompletableFuture.failedFuture(e);
        }
        return updateLease(name, leaseName, transition);
    }

    private static void requirePositive(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl is null");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease time must be positive: " + ttl);
        }
    }

    /**
     * Applies one transition to the stored record of a named lease atomically with respect to every
     * host sharing the store: reads the record ({@link LeaseRecord#absent()} if none; a record that
     * does not decode as {@link LeaseRecord#damaged}), applies {@code transition}, writes the
     * resulting record unless it is the same instance, and answers the result. A store may run the
     * transition more than once (optimistic retries); it is free of side effects. The names are
     * valid when this is called.
     *
     * @param name the session
     * @param leaseName the lease
     * @param transition the change
     * @param <T> the transition's answer
     * @return the answer of the transition whose result was written
     */
    protected abstract <T> CompletionStage<T> updateLease(String name, String leaseName,
            Function<LeaseRecord, LeaseRecord.Step<T>> transition);

    /**
     * Applies one transition to the stored pool of a DC atomically with respect to every host
     * sharing the store: reads the pool ({@link KeyPool#absent()} if none), applies
     * {@code transition}, writes the resulting pool unless it is the same instance, and answers
     * the result. A store may run the transition more than once (optimistic retries); it must be
     * free of side effects.
     *
     * @param name the session
     * @param dcId the DC
     * @param transition the change
     * @param <T> the transition's answer
     * @return the answer of the transition whose result was written
     */
    protected abstract <T> CompletionStage<T> updateKeyPool(String name, int dcId,
            Function<KeyPool, KeyPool.Step<T>> transition);

    /**
     * Returns the clock that dates leases. Hosts sharing a store must have clocks that agree to
     * well within the graces of {@link KeyPoolPolicy}.
     *
     * @return the clock
     */
    protected abstract InstantSource clock();
}
