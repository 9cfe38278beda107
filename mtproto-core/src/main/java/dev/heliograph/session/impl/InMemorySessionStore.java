package dev.heliograph.session.impl;

import dev.heliograph.session.AbstractSessionStore;
import dev.heliograph.session.AuthKeyLease;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.LeaseAttempt;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionNames;
import dev.heliograph.session.SessionSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A store that keeps sessions in this JVM's memory only: the core's default, for tests and for
 * programs that log in afresh on every start. Coordination of auth key creation works between the
 * callers of one instance.
 */
public final class InMemorySessionStore extends AbstractSessionStore {

    private record Lease(String token, Instant expiresAt) {
    }

    private final InstantSource clock;
    private final Map<String, SessionSnapshot> sessions = new HashMap<>();
    private final Map<String, Lease> leases = new HashMap<>();

    /** Creates an empty store on the system clock. */
    public InMemorySessionStore() {
        this(InstantSource.system());
    }

    /**
     * Creates an empty store.
     *
     * @param clock the clock leases expire by
     */
    public InMemorySessionStore(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    @Override
    public synchronized CompletionStage<SessionSnapshot> load(String name) {
        return CompletableFuture.completedFuture(
                sessions.getOrDefault(SessionNames.requireValid(name), SessionSnapshot.empty()));
    }

    @Override
    public synchronized CompletionStage<Void> persist(String name, SessionChange change) {
        Objects.requireNonNull(change, "change is null");
        sessions.put(SessionNames.requireValid(name),
                sessions.getOrDefault(name, SessionSnapshot.empty()).apply(change));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> replace(String name, SessionSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot is null");
        sessions.put(SessionNames.requireValid(name), snapshot);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> delete(String name) {
        sessions.remove(SessionNames.requireValid(name));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<LeaseAttempt> tryAcquireAuthKeyLease(String name, int dcId, Duration ttl) {
        SessionSnapshot snapshot = sessions.getOrDefault(SessionNames.requireValid(name), SessionSnapshot.empty());
        DcAuth existing = snapshot.dc(dcId).orElse(null);
        if (existing != null) {
            return CompletableFuture.completedFuture(new LeaseAttempt.Existing(existing));
        }
        String slot = name + '/' + dcId;
        Instant now = clock.instant();
        Lease held = leases.get(slot);
        if (held != null && held.expiresAt().isAfter(now)) {
            return CompletableFuture.completedFuture(new LeaseAttempt.Busy(held.expiresAt()));
        }
        Lease lease = new Lease(UUID.randomUUID().toString(), now.plus(ttl));
        leases.put(slot, lease);
        return CompletableFuture.completedFuture(new LeaseAttempt.Acquired(
                new AuthKeyLease(name, dcId, lease.token(), lease.expiresAt())));
    }

    @Override
    protected synchronized CompletionStage<DcAuth> commitLeasedAuthKey(AuthKeyLease lease, DcAuth auth) {
        String name = SessionNames.requireValid(lease.sessionName());
        SessionSnapshot snapshot = sessions.getOrDefault(name, SessionSnapshot.empty());
        DcAuth winner = snapshot.dc(lease.dcId()).orElse(null);
        if (winner == null) {
            sessions.put(name, snapshot.apply(new SessionChange.AuthKeyCreated(auth)));
            winner = auth;
        }
        releaseIfHeld(lease);
        return CompletableFuture.completedFuture(winner);
    }

    @Override
    public synchronized CompletionStage<Void> releaseAuthKeyLease(AuthKeyLease lease) {
        releaseIfHeld(lease);
        return CompletableFuture.completedFuture(null);
    }

    private void releaseIfHeld(AuthKeyLease lease) {
        String slot = lease.sessionName() + '/' + lease.dcId();
        Lease held = leases.get(slot);
        if (held != null && held.token().equals(lease.token())) {
            leases.remove(slot);
        }
    }

    /** Nothing to release. */
    @Override
    public void close() {
    }
}
