package dev.heliograph.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where sessions live between runs: the persistence SPI.
 *
 * <h2>Use</h2>
 * The client {@link #load loads} a session once at start, keeps the live state in memory (hot
 * reads never touch the store) and {@link #persist persists} each change as it happens. Hosts
 * sharing the store never share an auth key (Telegram revokes a key used from two places at once):
 * each {@link #leaseAuthKey leases} a key of its own from the session's pool. A role that one host
 * at a time plays, such as receiving the session's updates, is a {@link #tryLease named lease}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Every operation completes within a bounded time: it fails with a
 *       {@link dev.heliograph.error.SessionStoreException} of kind {@code UNAVAILABLE} when the
 *       backend does not answer, {@code CORRUPT} / {@code UNSUPPORTED_VERSION} when stored data
 *       cannot be trusted, {@code INVALID} for bad names or unsafe settings, and
 *       {@code LEASE_LOST} when a lease this host held was granted again since.</li>
 *   <li>A write is atomic: it happens entirely or not at all. Changes from many hosts are not
 *       lost (every change is applied to the latest stored state); changes from one store
 *       instance to one session are applied in the order they were persisted.</li>
 *   <li>Implementations are thread-safe. They never log or print an auth key.</li>
 * </ul>
 * The abstract test suite {@code SessionStoreContract} (test-jar of mtproto-core) checks all of
 * this; every store passes it. Implementations extend {@link AbstractSessionStore}, which makes the
 * checks every store shares.
 *
 * <p>Session names follow {@link SessionNames}.
 */
public interface SessionStore extends AutoCloseable {

    /**
     * Loads a session.
     *
     * @param name the session
     * @return its snapshot ({@link SessionSnapshot#empty()} if it was never stored)
     */
    CompletionStage<SessionSnapshot> load(String name);

    /**
     * Applies one change to the stored session (creating it if needed), as
     * {@link SessionSnapshot#apply} defines.
     *
     * @param name the session
     * @param change the change
     * @return completes once the change is durable
     */
    CompletionStage<Void> persist(String name, SessionChange change);

    /**
     * Applies several changes, in order, as {@link #persist} would one by one. Stores override it
     * to write them at once (one fsync, one round trip), which is what the default does not do.
     *
     * @param name the session
     * @param changes the changes, oldest first
     * @return completes once every change is durable
     */
    default CompletionStage<Void> persistAll(String name, List<SessionChange> changes) {
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        for (SessionChange change : changes) {
            done = done.thenCompose(x -> persist(name, change));
        }
        return done;
    }

    /**
     * Replaces a stored session entirely (import, migration between stores).
     *
     * @param name the session
     * @param snapshot the new content
     * @return completes once written
     */
    CompletionStage<Void> replace(String name, SessionSnapshot snapshot);

    /**
     * Deletes a stored session. Deleting a session that does not exist succeeds.
     *
     * @param name the session
     * @return completes once deleted
     */
    CompletionStage<Void> delete(String name);

    /**
     * Leases a free auth key of the DC's pool to {@code hostId}, exclusively until the lease
     * expires (see {@link KeyPool} for the rules). A session stored before key pools existed has
     * its one key of the DC moved into the pool as the first entry. Entries that cannot be trusted
     * are set aside and listed in the answer.
     *
     * @param name the session
     * @param dcId the DC
     * @param hostId this host, the same across its restarts and unique among running hosts
     * @param policy lease duration and graces
     * @return {@link KeyLeaseAttempt.Leased} or {@link KeyLeaseAttempt.NoFreeKey}
     */
    CompletionStage<KeyLeaseAttempt> leaseAuthKey(String name, int dcId, String hostId, KeyPoolPolicy policy);

    /**
     * Adds a key this host created (after {@link KeyLeaseAttempt.NoFreeKey}) to the DC's pool,
     * leased to it.
     *
     * @param name the session
     * @param hostId the creator
     * @param auth the new key
     * @param policy lease duration and graces
     * @return the creator's lease of the key
     */
    CompletionStage<KeyLease> addAuthKey(String name, String hostId, DcAuth auth, KeyPoolPolicy policy);

    /**
     * Extends a lease for another {@code policy.leaseTtl()} from now.
     *
     * @param lease the current lease
     * @param policy lease duration and graces
     * @return the extended lease, or a failure of kind
     *     {@link dev.heliograph.error.SessionStoreException.Kind#LEASE_LOST} when another host has
     *     leased the key since (the caller must stop using the key at once)
     */
    CompletionStage<KeyLease> renewAuthKeyLease(KeyLease lease, KeyPoolPolicy policy);

    /**
     * Gives a lease back once this host stopped using the key: the key rests for the release
     * grace, then another host may lease it. Releasing a lease that is no longer current does
     * nothing.
     *
     * @param lease the lease
     * @param revoked true if the server no longer knows the key: it leaves the pool
     * @return completes once released
     */
    CompletionStage<Void> releaseAuthKey(KeyLease lease, boolean revoked);

    /**
     * Takes a named lease of the session for {@code hostId}, exclusively until it expires, unless
     * another host holds it: the role it names (such as {@code updates}, the one host that receives
     * the session's updates) then belongs to the caller. The holder may take its own lease again at
     * once (a host restarted with the same id); that fences its older grant off. A stored lease
     * that cannot be trusted (damaged, or held by a host id it never granted) is replaced and listed
     * in the answer. See {@link LeaseRecord} for the rules.
     *
     * @param name the session
     * @param leaseName the lease, by {@link SessionNames#requireValidLeaseName}
     * @param hostId the caller, the same across its restarts and unique among running hosts
     * @param ttl how long the lease lasts unless renewed
     * @return {@link NamedLeaseAttempt.Acquired} or {@link NamedLeaseAttempt.Busy}
     * @since 0.3
     */
    CompletionStage<NamedLeaseAttempt> tryLease(String name, String leaseName, String hostId, Duration ttl);

    /**
     * Extends a named lease for another {@code ttl} from now.
     *
     * @param lease the current grant
     * @param ttl how long from now it lasts
     * @return the extended lease, or a failure of kind
     *     {@link dev.heliograph.error.SessionStoreException.Kind#LEASE_LOST} when the lease was
     *     granted again since (to another host, or to this host afresh): stop acting in its role
     * @since 0.3
     */
    CompletionStage<NamedLease> renewLease(NamedLease lease, Duration ttl);

    /**
     * Gives a named lease back: any host may take it at once. Releasing a grant that is no longer
     * current does nothing.
     *
     * @param lease the grant
     * @return completes once released
     * @since 0.3
     */
    CompletionStage<Void> releaseLease(NamedLease lease);

    /**
     * Tells who holds a named lease now.
     *
     * @param name the session
     * @param leaseName the lease
     * @return the current grant, or empty if no host holds it
     * @since 0.3
     */
    CompletionStage<Optional<NamedLease>> currentLease(String name, String leaseName);

    /**
     * Returns the keys of the session's auth key pools, every DC's in pool order (to copy a
     * session to another store).
     *
     * @param name the session
     * @return the keys; empty if the session has no pool
     */
    CompletionStage<List<DcAuth>> pooledAuthKeys(String name);

    /**
     * Records that the server asked this session to wait before calling {@code method} again
     * ({@code 420 FLOOD_WAIT_X}), so that every host sharing the store waits too. A later time
     * already stored is kept.
     *
     * @param name the session
     * @param method the TL name of the method, such as {@code auth.importBotAuthorization}
     * @param until when calling it is allowed again
     * @return completes once stored
     */
    CompletionStage<Void> recordFloodWait(String name, String method, Instant until);

    /**
     * Tells until when {@code method} is blocked by a flood wait some host of the session got.
     *
     * @param name the session
     * @param method the TL name of the method
     * @return the stored time (possibly past), or empty if none is stored
     */
    CompletionStage<Optional<Instant>> floodWaitUntil(String name, String method);

    /**
     * Returns a queue that spreads the session's updates over the hosts sharing it (see
     * {@link UpdateQueue}), if this store offers one and it is turned on. The client asks once; with
     * a queue, the host that receives updates appends them to it and every host consumes them.
     *
     * @param name the session
     * @param hostId this host, unique among running hosts (the same as for {@link #leaseAuthKey})
     * @return the queue (the caller closes it before the store), or empty: each host handles the
     *     updates it receives itself (the default)
     */
    default Optional<UpdateQueue> updateQueue(String name, String hostId) {
        return Optional.empty();
    }

    /** Releases the store's resources (not those the user passed in). Idempotent. */
    @Override
    void close();
}
