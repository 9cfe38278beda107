package dev.heliograph.client.internal.updates;

import dev.heliograph.client.ClientResources;
import dev.heliograph.client.UpdateSettings;
import dev.heliograph.session.KnownPeer;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.UpdateState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Saves the update state and the learned peers in the session: coalesced, one write in flight at a
 * time, at most one per {@link UpdateSettings#saveInterval()} (at-least-once), or awaited before
 * handling (at-most-once). Peers are written before the state that may need them.
 */
final class StateSaver {

    private final long intervalNanos;
    private final Function<SessionChange, CompletableFuture<Void>> persist;
    private final PeerCache peers;
    private final ClientResources resources;

    // Guarded by `this`.
    private UpdateState saved;
    private UpdateState wanted;
    private boolean writing;
    private boolean scheduled;
    private long lastWrite;
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    StateSaver(UpdateSettings settings, Function<SessionChange, CompletableFuture<Void>> persist, PeerCache peers,
            ClientResources resources) {
        this.intervalNanos = settings.saveInterval().toNanos();
        this.persist = persist;
        this.peers = peers;
        this.resources = resources;
    }

    /**
     * Sets what the store holds.
     *
     * @param state the stored state, or {@code null}
     */
    synchronized void loaded(UpdateState state) {
        saved = state;
        wanted = state;
    }

    /**
     * At-least-once: handlers finished with everything up to {@code state}; save it soon.
     *
     * @param state the state
     */
    void handled(UpdateState state) {
        long delay;
        synchronized (this) {
            wanted = state;
            if (writing || scheduled || Objects.equals(state, saved)) {
                return;
            }
            long since = resources.ticker().getAsLong() - lastWrite;
            if (since >= intervalNanos) {
                write();
                return;
            }
            scheduled = true;
            delay = intervalNanos - since;
        }
        resources.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(() -> {
            synchronized (this) {
                scheduled = false;
                if (!writing && !Objects.equals(wanted, saved)) {
                    write();
                }
            }
        });
    }

    /**
     * At-most-once: returns once {@code state} (or a later one) is durable.
     *
     * @param state the state the next handlers will reach
     */
    void saveBefore(UpdateState state) {
        CompletableFuture<Void> done = saveNow(state);
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // The store failed: its error reached the client's listener through the write; the
            // handler still runs (losing the update instead would not be at-most-once either).
        }
    }

    /**
     * Saves a state now (after any write in flight).
     *
     * @param state the state
     * @return completes when durable
     */
    CompletableFuture<Void> saveNow(UpdateState state) {
        synchronized (this) {
            wanted = state;
            if (Objects.equals(state, saved) && !writing) {
                return CompletableFuture.completedFuture(null);
            }
            if (!writing) {
                return write();
            }
            return inFlight.handle((x, e) -> null).thenCompose(x -> saveNow(state));
        }
    }

    /** Starts one write of the wanted state (under the lock). */
    private CompletableFuture<Void> write() {
        UpdateState state = wanted;
        List<KnownPeer> learned = peers.takeLearned();
        writing = true;
        lastWrite = resources.ticker().getAsLong();
        CompletableFuture<Void> peersWritten = learned.isEmpty() ? CompletableFuture.completedFuture(null)
                : persist.apply(new SessionChange.PeersLearned(learned));
        CompletableFuture<Void> write = peersWritten.thenCompose(x -> persist.apply(
                new SessionChange.UpdateStateChanged(state)));
        inFlight = write;
        write.whenComplete((x, e) -> {
            synchronized (this) {
                writing = false;
                if (e == null) {
                    saved = state;
                }
                if (!Objects.equals(wanted, saved) && !scheduled) {
                    handledAgain();
                }
            }
        });
        return write;
    }

    /** A newer state arrived while writing: go through the interval logic again. */
    private void handledAgain() {
        UpdateState next = wanted;
        CompletableFuture.runAsync(() -> handled(next), resources.executor());
    }

    /**
     * Writes the last wanted state and waits (bounded), at close.
     *
     * @param wait the bound
     */
    void flush(Duration wait) {
        CompletableFuture<Void> last;
        synchronized (this) {
            last = wanted == null || Objects.equals(wanted, saved) && !writing ? inFlight : null;
        }
        if (last == null) {
            last = saveNow(wantedState());
        }
        try {
            last.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The failure reached the client's write chain; closing goes on.
        }
    }

    /**
     * Returns the newest state the handlers reached (or the loaded one).
     *
     * @return the state, or {@code null}
     */
    synchronized UpdateState wantedState() {
        return wanted;
    }
}
