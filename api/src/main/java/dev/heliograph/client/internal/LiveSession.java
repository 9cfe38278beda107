package dev.heliograph.client.internal;

import dev.heliograph.error.RequestCancelledException;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.SessionStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The client's session in memory (hot reads never touch the store) and its ordered writes to the
 * store: loaded once, changed in place, each change written after the ones before it.
 */
final class LiveSession {

    private final SessionStore store;
    private final String name;
    private final int initialDc;
    private final Consumer<SessionSnapshot> loaded;

    private final Object lock = new Object();
    private CompletableFuture<SessionSnapshot> loading;
    private SessionSnapshot session = SessionSnapshot.empty();
    private int homeDc;
    private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
    /** Changes waiting for the write in flight, and when they will be durable; null when none wait. */
    private List<SessionChange> unwritten;
    private CompletableFuture<Void> unwrittenDone;
    /** The waiting changes were {@linkplain #stage staged} and no write takes them yet. */
    private boolean staged;
    private boolean closed;

    /**
     * Creates the session; nothing is read before the first {@link #load()}.
     *
     * @param store where the session lives
     * @param name the session's name in the store
     * @param initialDc the home DC before the first login
     * @param loaded told the snapshot once it is read from the store
     */
    LiveSession(SessionStore store, String name, int initialDc, Consumer<SessionSnapshot> loaded) {
        this.store = store;
        this.name = name;
        this.initialDc = initialDc;
        this.loaded = loaded;
    }

    /**
     * Returns the live session, reading it from the store on first use (and again after a failed read).
     *
     * @return the session as it is now; fails with {@link RequestCancelledException} once closed
     */
    CompletableFuture<SessionSnapshot> load() {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new RequestCancelledException("the client is closed"));
            }
            if (loading == null || loading.isCompletedExceptionally()) {
                loading = store.load(name).toCompletableFuture().thenApply(read -> {
                    synchronized (lock) {
                        session = read;
                        homeDc = read.homeDc().orElse(0);
                    }
                    loaded.accept(read);
                    return read;
                });
            }
            return loading.thenApply(x -> {
                synchronized (lock) {
                    return session;
                }
            });
        }
    }

    /**
     * Returns the session's home DC, or the map's initial DC before the first login.
     *
     * @return the DC id
     */
    int home() {
        synchronized (lock) {
            return homeDc != 0 ? homeDc : initialDc;
        }
    }

    /**
     * Addresses home-DC calls to a DC without recording it: the login records it once it succeeds there.
     *
     * @param dc the DC
     */
    void aimHome(int dc) {
        synchronized (lock) {
            homeDc = dc;
        }
    }

    /**
     * Records a home DC given by a {@code *_MIGRATE_X} error.
     *
     * @param dc the new home DC
     */
    void homeDcMoved(int dc) {
        synchronized (lock) {
            homeDc = dc;
        }
        change(new SessionChange.HomeDcChanged(dc));
    }

    /**
     * Returns the stored key of a DC as the live session knows it.
     *
     * @param dc the DC
     * @return the key, if any
     */
    Optional<DcAuth> dc(int dc) {
        synchronized (lock) {
            return session.dc(dc);
        }
    }

    /**
     * Applies a change the store already has (a key the store handed out) to the live session only.
     *
     * @param change the change
     */
    void applyStored(SessionChange change) {
        synchronized (lock) {
            session = session.apply(change);
        }
    }

    /**
     * Makes the writes queued from now on wait for another write to the store first (a new key
     * the pool takes meanwhile), so that whoever waits for them waits for it too.
     *
     * @param write the other write; its failure is not theirs
     */
    void awaitBeforeWrites(CompletableFuture<?> write) {
        synchronized (lock) {
            writes = CompletableFuture.allOf(writes.handle((x, e) -> null), write.handle((x, e) -> null));
        }
    }

    /**
     * Returns when every change queued so far is written (or failed to be).
     *
     * @return completes when the write chain reaches here; never fails
     */
    CompletableFuture<Void> written() {
        synchronized (lock) {
            return writes.handle((x, e) -> null);
        }
    }

    /**
     * Applies changes to the live session and queues their write; writes reach the store in order.
     * Changes made while a write is in flight, or {@linkplain #stage staged}, wait for it together
     * and go to the store as one write (for the file store, one pair of fsyncs instead of one per
     * change). With no changes, it starts the write of the staged ones.
     *
     * @param changes the changes, in order
     * @return completes when these changes (and those written with them) are durable
     */
    CompletableFuture<Void> change(SessionChange... changes) {
        synchronized (lock) {
            if (changes.length == 0 && unwritten == null) {
                return writes;
            }
            CompletableFuture<Void> done = stage(changes);
            if (staged) {
                staged = false;
                startWrite();
            }
            return done;
        }
    }

    /**
     * Applies changes to the live session and adds them to the next write without starting it:
     * the next {@link #change} (or {@link #close()}) starts it.
     *
     * @param changes the changes, in order
     * @return completes when the write that takes them is durable
     */
    CompletableFuture<Void> stage(SessionChange... changes) {
        synchronized (lock) {
            for (SessionChange c : changes) {
                session = session.apply(c);
            }
            if (unwritten != null) {
                Collections.addAll(unwritten, changes);
                return unwrittenDone;
            }
            unwritten = new ArrayList<>(Arrays.asList(changes));
            unwrittenDone = new CompletableFuture<>();
            staged = true;
            return unwrittenDone;
        }
    }

    /** Queues the write of the waiting batch behind the write in flight; called holding the lock. */
    private void startWrite() {
        List<SessionChange> batch = unwritten;
        CompletableFuture<Void> done = unwrittenDone;
        CompletableFuture<Void> previous = writes;
        writes = done;
        previous.handle((x, e) -> null).thenCompose(x -> {
            synchronized (lock) {
                // From here on the batch is the store's: later changes start the next one.
                unwritten = null;
                unwrittenDone = null;
            }
            return store.persistAll(name, batch);
        }).whenComplete((x, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(null);
            }
        });
    }

    /**
     * Refuses further loads; changes already queued are still written.
     *
     * @return completes when they are written (or failed to be), or null if already closed
     */
    CompletableFuture<Void> close() {
        synchronized (lock) {
            if (closed) {
                return null;
            }
            closed = true;
            if (staged) {
                staged = false;
                startWrite();
            }
            return writes.handle((x, e) -> null);
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    boolean closed() {
        synchronized (lock) {
            return closed;
        }
    }
}
