package dev.heliograph.session.impl;

import dev.heliograph.session.AbstractSessionStore;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.KeyPool;
import dev.heliograph.session.LeaseRecord;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionNames;
import dev.heliograph.session.SessionSnapshot;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A store that keeps sessions in this JVM's memory only: the core's default, for tests and for
 * programs that log in afresh on every start. Key leases and named leases work between the callers of one instance.
 */
public final class InMemorySessionStore extends AbstractSessionStore {

    private final InstantSource clock;
    private final Map<String, SessionSnapshot> sessions = new HashMap<>();
    private final Map<String, KeyPool> pools = new HashMap<>();
    private final Map<String, LeaseRecord> namedLeases = new HashMap<>();
    private final Map<String, Map<String, Instant>> floodWaits = new HashMap<>();

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
        pools.keySet().removeIf(slot -> slot.startsWith(name + '/'));
        namedLeases.keySet().removeIf(slot -> slot.startsWith(name + '/'));
        floodWaits.remove(name);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    protected synchronized <T> CompletionStage<T> updateKeyPool(String name, int dcId,
            Function<KeyPool, KeyPool.Step<T>> transition) {
        String slot = SessionNames.requireValid(name) + '/' + dcId;
        KeyPool.Step<T> step = transition.apply(pools.getOrDefault(slot, KeyPool.absent()));
        if (step.pool().exists()) {
            pools.put(slot, step.pool());
        }
        return CompletableFuture.completedFuture(step.result());
    }

    @Override
    protected synchronized <T> CompletionStage<T> updateLease(String name, String leaseName,
            Function<LeaseRecord, LeaseRecord.Step<T>> transition) {
        String slot = name + '/' + leaseName;
        LeaseRecord.Step<T> step = transition.apply(namedLeases.getOrDefault(slot, LeaseRecord.absent()));
        if (step.record().exists()) {
            namedLeases.put(slot, step.record());
        }
        return CompletableFuture.completedFuture(step.result());
    }

    @Override
    public synchronized CompletionStage<List<DcAuth>> pooledAuthKeys(String name) {
        String prefix = SessionNames.requireValid(name) + '/';
        List<DcAuth> keys = new ArrayList<>();
        new TreeMap<>(pools).forEach((slot, pool) -> {
            if (slot.startsWith(prefix)) {
                pool.entries().forEach(e -> keys.add(e.auth()));
            }
        });
        return CompletableFuture.completedFuture(keys);
    }

    @Override
    public synchronized CompletionStage<Void> recordFloodWait(String name, String method, Instant until) {
        Objects.requireNonNull(method, "method is null");
        Objects.requireNonNull(until, "until is null");
        floodWaits.computeIfAbsent(SessionNames.requireValid(name), n -> new HashMap<>())
                .merge(method, until, (a, b) -> a.isAfter(b) ? a : b);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Optional<Instant>> floodWaitUntil(String name, String method) {
        Objects.requireNonNull(method, "method is null");
        return CompletableFuture.completedFuture(Optional.ofNullable(
                floodWaits.getOrDefault(SessionNames.requireValid(name), Map.of()).get(method)));
    }

    @Override
    protected InstantSource clock() {
        return clock;
    }

    /** Nothing to release. */
    @Override
    public void close() {
    }
}
