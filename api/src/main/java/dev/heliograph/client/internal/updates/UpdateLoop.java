package dev.heliograph.client.internal.updates;

import dev.heliograph.client.ClientEventListener;
import dev.heliograph.client.ClientResources;
import dev.heliograph.client.HandlerRegistration;
import dev.heliograph.client.MessageHandler;
import dev.heliograph.client.UpdateHandler;
import dev.heliograph.client.UpdateProblem;
import dev.heliograph.client.UpdateSettings;
import dev.heliograph.error.Failures;
import dev.heliograph.session.KnownPeer;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.UpdateQueue;
import dev.heliograph.session.UpdateState;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.api.BaseInputChannel;
import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.ChannelMessagesFilterEmpty;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.UpdateNewChannelMessage;
import dev.heliograph.tl.api.UpdateNewMessage;
import dev.heliograph.tl.api.Updates;
import dev.heliograph.tl.api.updates.BaseState;
import dev.heliograph.tl.api.functions.updates.GetChannelDifference;
import dev.heliograph.tl.api.functions.updates.GetDifference;
import dev.heliograph.tl.api.functions.updates.GetState;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs an {@link UpdateBox} for a client: feeds it pushes and call results, runs the fetches it
 * asks for, wakes it at its deadlines, and hands its batches to user handlers through a bounded
 * queue on the handler executor; saves the handled state and the learned peers in the session.
 *
 * <pre>
 *  network push ──► admit (queue not full) ──┐
 *  call result ──────────────────────────────┼─► UpdateBox ─► batches ─► queue ─► handler executor
 *  fetch answer ◄── getDifference/State ◄────┘      (lock)                       (one at a time)
 *                                                                              └─► save state
 * </pre>
 *
 * <p>The box is guarded by one lock (its work is short: no I/O); handlers never run under it.
 */
public final class UpdateLoop implements AutoCloseable {

    /** What the loop needs from the client. */
    public interface Client {
        /**
         * Runs a call through the client's chain to the home DC (its result is not fed back to
         * the loop: the loop does that itself where needed).
         *
         * @param method the call
         * @param <R> its result
         * @return the result
         */
        <R> CompletableFuture<R> call(TlMethod<R> method);

        /**
         * Persists a session change, in order with the client's other changes.
         *
         * @param change the change
         * @return completes when durable
         */
        CompletableFuture<Void> persist(SessionChange change);

        /**
         * This host stopped being the update receiver: its connection to the home DC must be
         * replaced, since the server keeps pushing to a connection once it received a call without
         * {@code invokeWithoutUpdates}.
         */
        default void stoppedReceiving() {
        }
    }

    private static final long IDLE_NANOS = Duration.ofMinutes(15).toNanos();
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int MAX_FAILURES = 5;
    private static final int MAX_STALLED_SLICES = 3;
    private static final int MAX_SLICES = 100_000;
    private static final int CHANNEL_DIFFERENCE_LIMIT = 100;
    /** Batches one drain task handles before giving the executor back (fairness). */
    private static final int DRAIN_BATCHES = 64;

    private final UpdateSettings settings;
    private final Client client;
    private final ClientEventListener listener;
    private final ClientResources resources;
    /** The resources' monotonic clock, in nanoseconds. */
    private final LongSupplier clock;
    private final PeerCache peers = new PeerCache();
    private final Messenger messenger;

    private final List<UpdateHandler> updateHandlers = new CopyOnWriteArrayList<>();
    private final List<MessageHandler> messageHandlers = new CopyOnWriteArrayList<>();
    private final SubmissionPublisher<Update> publisher = new SubmissionPublisher<>();

    // Guarded by `this`: the box and the loop's lifecycle.
    private UpdateBox box;
    private long selfId;
    private boolean loggedIn;
    private boolean closed;
    private boolean consuming;
    private UpdateState stored;
    private long wakeAt = UpdateBox.NEVER;
    /** Completes when the box has a starting point: the stored state, or the first getState answer. */
    private CompletableFuture<Void> ready = new CompletableFuture<>();

    // Guarded by `queue`.
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private int queued;
    private boolean draining;
    private boolean overflowed;
    private boolean fetchesDeferred;
    private Executor executor;
    private ExecutorService ownExecutor;

    private final StateSaver saver;
    private final ReceiverElection election;
    /** The session's update queue, if the store spreads updates over hosts; set before login. */
    private volatile FanOut fanOut;

    /**
     * Creates a loop; nothing runs until {@link #loggedIn} and a handler.
     *
     * @param settings the update settings
     * @param client the client's calls and persistence
     * @param listener where problems and handler failures go
     * @param resources the timer and the monotonic clock
     */
    public UpdateLoop(UpdateSettings settings, Client client, ClientEventListener listener, ClientResources resources) {
        this(settings, client, listener, resources, ReceiverElection.none(listener));
    }

    /**
     * Creates a loop that runs only while this host is the session's update receiver.
     *
     * @param settings the update settings
     * @param client the client's calls and persistence
     * @param listener where problems and handler failures go
     * @param resources the timer and the monotonic clock
     * @param election decides whether this host is the receiver
     */
    public UpdateLoop(UpdateSettings settings, Client client, ClientEventListener listener, ClientResources resources,
            ReceiverElection election) {
        this.election = Objects.requireNonNull(election, "election is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.client = Objects.requireNonNull(client, "client is null");
        this.listener = Objects.requireNonNull(listener, "listener is null");
        this.resources = Objects.requireNonNull(resources, "resources is null");
        this.clock = resources.ticker();
        this.messenger = new Messenger(this::callAndFeed, peers);
        this.saver = new StateSaver(settings, client::persist, peers, resources);
    }

    /**
     * Spreads updates over the hosts sharing the session: the updates this host receives are
     * appended to {@code queue} (and the update state saved after that) instead of handled here,
     * and the handlers run on the updates the queue hands this host. Call before login.
     *
     * @param queue the session's update queue (closed with the loop)
     */
    public void fanOut(UpdateQueue queue) {
        fanOut = new FanOut(queue, peers, listener);
    }

    /**
     * Loads what the session remembers: the peer cache and the update state.
     *
     * @param state the stored update state, or {@code null}
     * @param knownPeers the stored peers
     */
    public void sessionLoaded(UpdateState state, Collection<KnownPeer> knownPeers) {
        peers.load(knownPeers);
        synchronized (this) {
            stored = state;
        }
        saver.loaded(state);
    }

    /**
     * The account is logged in: updates start flowing if a handler is registered; otherwise, with
     * no stored state, {@code updates.getState} is called once and its state saved (as Telegram
     * asks), so that handlers registered later start from the login.
     *
     * @param self the account's user id
     * @return completes when the loop has its starting point (so that every update after the
     *     login reaches the handlers), or the state is saved; after a failed {@code getState}
     *     too (the loop retries it)
     */
    public CompletableFuture<Void> loggedIn(long self) {
        synchronized (this) {
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            selfId = self;
            loggedIn = true;
            if (hasConsumers()) {
                startConsuming();
                return compete();
            }
            if (stored != null) {
                return CompletableFuture.completedFuture(null);
            }
        }
        return client.call(new GetState()).thenCompose(state -> {
            UpdateState initial = toState((BaseState) state);
            synchronized (this) {
                if (box != null || stored != null) {
                    return CompletableFuture.completedFuture(null);
                }
                stored = initial;
            }
            return saver.saveNow(initial);
        });
    }

    /**
     * Registers a raw update handler.
     *
     * @param handler the handler
     * @return its registration
     */
    public HandlerRegistration onUpdate(UpdateHandler handler) {
        updateHandlers.add(Objects.requireNonNull(handler, "handler is null"));
        consumerAdded();
        return () -> updateHandlers.remove(handler);
    }

    /**
     * Registers a message handler.
     *
     * @param handler the handler
     * @return its registration
     */
    public HandlerRegistration onMessage(MessageHandler handler) {
        messageHandlers.add(Objects.requireNonNull(handler, "handler is null"));
        consumerAdded();
        return () -> messageHandlers.remove(handler);
    }

    /**
     * Returns the updates as a publisher; subscribing starts delivery like a handler does.
     *
     * @return the publisher
     */
    public Flow.Publisher<Update> publisher() {
        return subscriber -> {
            publisher.subscribe(subscriber);
            consumerAdded();
        };
    }

    private boolean hasConsumers() {
        return !updateHandlers.isEmpty() || !messageHandlers.isEmpty() || publisher.hasSubscribers();
    }

    private void consumerAdded() {
        synchronized (this) {
            if (loggedIn && !closed) {
                startConsuming();
                compete();
            }
        }
    }

    /**
     * Competes for the receiver role once (under the lock).
     *
     * @return completes when this host is a follower, or the receiver with its starting point
     */
    private CompletableFuture<Void> compete() {
        return election.start(new Role()).thenCompose(x -> {
            synchronized (this) {
                if (box == null && loggedIn && !closed && election.receiving()) {
                    // Still the receiver after a logout and a new login: the role does not start again.
                    start();
                }
                return box != null ? ready : CompletableFuture.<Void>completedFuture(null);
            }
        });
    }

    /** The receiver role: the box runs while this host holds it. */
    private final class Role implements ReceiverElection.Role {
        @Override
        public void gained(SessionSnapshot storedNow) {
            if (storedNow != null) {
                sessionLoaded(newer(storedNow.updateState().orElse(null), saver.wantedState()), storedNow.peers());
            }
            synchronized (UpdateLoop.this) {
                if (loggedIn && !closed && box == null) {
                    start();
                }
            }
        }

        @Override
        public void lost(Throwable cause) {
            stopReceiving();
            client.stoppedReceiving();
        }
    }

    /**
     * The state to resume from: the store's (another receiver may have gone further), unless this
     * host, receiver before, had handled more than it managed to save: starting from the older one
     * would only repeat updates.
     */
    private static UpdateState newer(UpdateState stored, UpdateState mine) {
        if (stored == null || mine == null) {
            return stored == null ? mine : stored;
        }
        return mine.pts() > stored.pts() || mine.qts() > stored.qts() ? mine : stored;
    }

    /** Drops the box and what waits for handlers: another host receives now. */
    private void stopReceiving() {
        synchronized (this) {
            box = null;
            ready.complete(null);
            ready = new CompletableFuture<>();
        }
        dropQueued();
    }

    /** Creates and starts the box (under the lock). */
    private void start() {
        handlerExecutor();
        box = new UpdateBox(new UpdateBox.Settings(settings.gapWait().toNanos(), IDLE_NANOS, RETRY_NANOS, MAX_FAILURES,
                MAX_STALLED_SLICES, MAX_SLICES, settings.ptsTotalLimit(), CHANNEL_DIFFERENCE_LIMIT, selfId),
                peers::knowsUser);
        box.start(stored, clock.getAsLong());
        if (stored != null) {
            ready.complete(null);
        }
        pumpLater();
    }

    /** The executor handlers run on, created with the first handler. */
    private Executor handlerExecutor() {
        synchronized (queue) {
            if (executor == null) {
                executor = settings.executor().orElseGet(() -> {
                    ownExecutor = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "heliograph-updates");
                        t.setDaemon(true);
                        return t;
                    });
                    return ownExecutor;
                });
            }
            return executor;
        }
    }

    /**
     * With a fan-out, hands the queue's updates to the handlers: on every host with a handler,
     * whether it receives the updates or not (under the lock; once).
     */
    private void startConsuming() {
        FanOut fan = fanOut;
        if (fan != null && !consuming) {
            consuming = true;
            fan.start(handlerExecutor(), this::deliver);
        }
    }

    /**
     * Takes updates pushed by the server (ignored until the loop runs; refused while the handler
     * queue is full: they will be fetched with the difference).
     *
     * @param updates the updates
     */
    public void pushed(Updates updates) {
        if (!election.receiving()) {
            // A follower (or a receiver past its deadline) handles nothing the server pushes.
            return;
        }
        boolean report;
        synchronized (queue) {
            if (queued < settings.queueCapacity()) {
                report = false;
            } else {
                report = !overflowed;
                overflowed = true;
            }
        }
        if (overflowed()) {
            if (report) {
                listener.updateProblem(new UpdateProblem(UpdateProblem.Kind.BACKPRESSURE, "the handler queue is full ("
                        + settings.queueCapacity() + " updates); pushes are fetched again once handlers catch up", null));
            }
            return;
        }
        feed(updates);
    }

    private boolean overflowed() {
        synchronized (queue) {
            return overflowed;
        }
    }

    /**
     * Takes the {@code Updates} a call returned (such as {@code messages.sendMessage}'s): they move
     * the sequences like pushes do.
     *
     * @param updates the result
     */
    public void result(Updates updates) {
        feed(updates);
    }

    /** The helpers' calls: their {@code Updates} answers move the sequences (no false gaps). */
    private <R> CompletableFuture<R> callAndFeed(TlMethod<R> method) {
        return client.call(method).thenApply(r -> {
            if (r instanceof Updates u) {
                result(u);
            }
            return r;
        });
    }

    private void feed(Updates updates) {
        synchronized (this) {
            if (box == null || closed) {
                return;
            }
            box.push(updates, clock.getAsLong());
        }
        pump();
    }

    /** The server created a new session: updates may have been lost. */
    public void newSession() {
        synchronized (this) {
            if (box == null || closed) {
                return;
            }
            box.newSession(clock.getAsLong());
        }
        pump();
    }

    private void pumpLater() {
        CompletableFuture.runAsync(this::pump, resources.executor());
    }

    /** Collects the box's outputs, starts the fetches it wants, and sets the wake-up. */
    private void pump() {
        List<UpdateBox.Fetch> fetches = new ArrayList<>();
        long delay;
        synchronized (this) {
            if (box == null || closed) {
                return;
            }
            long now = clock.getAsLong();
            box.tick(now);
            boolean room;
            synchronized (queue) {
                room = queued <= settings.queueCapacity() / 2;
                fetchesDeferred = !room;
            }
            if (room && election.receiving()) {
                for (UpdateBox.Fetch f = box.nextFetch(now); f != null; f = box.nextFetch(now)) {
                    fetches.add(f);
                }
            }
            collect();
            long deadline = box.nextDeadline();
            if (deadline >= wakeAt) {
                delay = -1;
            } else {
                wakeAt = deadline;
                delay = Math.max(0, deadline - now);
            }
        }
        if (delay >= 0) {
            resources.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(this::wake);
        }
        for (UpdateBox.Fetch f : fetches) {
            run(f);
        }
    }

    private void wake() {
        synchronized (this) {
            wakeAt = UpdateBox.NEVER;
        }
        pump();
    }

    private void run(UpdateBox.Fetch fetch) {
        if (fetch instanceof UpdateBox.GetState) {
            client.call(new GetState()).whenComplete((state, e) -> answer(fetch, e,
                    () -> box.stateFetched(state, clock.getAsLong())));
        } else if (fetch instanceof UpdateBox.GetDifference d) {
            client.call(new GetDifference(d.pts(), null, d.limit() == 0 ? null : d.limit(), d.date(), d.qts(), null))
                    .whenComplete((difference, e) -> answer(fetch, e,
                            () -> box.differenceFetched(difference, clock.getAsLong())));
        } else {
            UpdateBox.GetChannelDifference c = (UpdateBox.GetChannelDifference) fetch;
            Long hash = peers.channelHash(c.channelId());
            if (hash == null) {
                answer(fetch, null, () -> box.channelUnreachable(c.channelId(), clock.getAsLong()));
                return;
            }
            client.call(new GetChannelDifference(false, new BaseInputChannel(c.channelId(), hash),
                    new ChannelMessagesFilterEmpty(), c.pts(), c.limit()))
                    .whenComplete((difference, e) -> answer(fetch, e,
                            () -> box.channelDifferenceFetched(c.channelId(), difference, clock.getAsLong())));
        }
    }

    private void answer(UpdateBox.Fetch fetch, Throwable failure, Runnable success) {
        CompletableFuture<Void> started;
        synchronized (this) {
            started = ready;
            if (box == null || closed) {
                started.complete(null);
                return;
            }
            if (failure != null) {
                box.fetchFailed(fetch, Failures.unwrap(failure), clock.getAsLong());
            } else {
                success.run();
            }
        }
        pump();
        if (fetch instanceof UpdateBox.GetState) {
            started.complete(null);
        }
    }

    /** Moves the box's outputs to the queue and the listener (under the box lock). */
    private void collect() {
        for (UpdateBox.Output o = box.poll(); o != null; o = box.poll()) {
            if (o instanceof UpdateBox.Batch b) {
                peers.learn(b.users(), b.chats());
                enqueue(b);
            } else {
                listener.updateProblem(((UpdateBox.Problem) o).problem());
            }
        }
    }

    private void enqueue(UpdateBox.Batch batch) {
        boolean startDrain;
        int depth;
        synchronized (queue) {
            queue.add(new Queued(batch, clock.getAsLong()));
            queued += batch.updates().size();
            depth = queued;
            startDrain = !draining;
            draining = true;
        }
        if (!batch.updates().isEmpty()) {
            listener.updateQueueChanged(batch.updates().size(), depth);
        }
        if (startDrain) {
            executor.execute(this::drain);
        }
    }

    /** Hands queued batches to the handlers, one at a time, in order. */
    private void drain() {
        boolean again = true;
        try {
            again = drainSome();
        } finally {
            // Even if a handler's Error escapes, the next drain keeps delivery going.
            if (again) {
                executor.execute(this::drain);
            }
        }
    }

    /** Drains up to {@link #DRAIN_BATCHES} batches; returns whether more may be waiting. */
    private boolean drainSome() {
        for (int handled = 0; handled < DRAIN_BATCHES; handled++) {
            FanOut fan = fanOut;
            List<Queued> taken = new ArrayList<>(1);
            UpdateState newest;
            boolean fenced = !election.receiving();
            if (fenced) {
                // Past the receiver's deadline another host may hold the role: hand nothing more out.
                dropQueued();
            }
            synchronized (queue) {
                Queued next = fenced ? null : queue.poll();
                if (next == null) {
                    draining = false;
                    return false;
                }
                taken.add(next);
                // With a fan-out, the batches waiting go out in one append: one round trip for all.
                while (fan != null && taken.size() < DRAIN_BATCHES && !queue.isEmpty()) {
                    taken.add(queue.poll());
                }
                newest = queue.isEmpty() ? next.batch().state() : queue.peekLast().batch().state();
            }
            int count = 0;
            List<UpdateBox.Batch> batches = new ArrayList<>(taken.size());
            for (Queued q : taken) {
                int n = q.batch().updates().size();
                if (n > 0) {
                    listener.updatesDispatched(n, Duration.ofNanos(clock.getAsLong() - q.at()));
                }
                count += n;
                batches.add(q.batch());
            }
            UpdateBox.Batch batch = batches.get(batches.size() - 1);
            if (fan != null) {
                // The state moves past the batches only once the queue holds them: a crash in
                // between fetches them again (the consumers skip what they handled).
                if (count > 0 && !fan.append(batches, () -> isClosed() || !election.receiving())) {
                    return false;
                }
                saver.handled(batch.state());
            } else {
                if (settings.delivery() == UpdateSettings.Delivery.AT_MOST_ONCE) {
                    // Saving the newest queued state covers this batch and the ones queued behind it.
                    saver.saveBefore(newest);
                }
                for (Update u : batch.updates()) {
                    deliver(u);
                }
                if (settings.delivery() == UpdateSettings.Delivery.AT_LEAST_ONCE) {
                    saver.handled(batch.state());
                }
            }
            boolean resume;
            boolean refetch;
            int depth;
            synchronized (queue) {
                queued -= count;
                depth = queued;
                boolean below = queued <= settings.queueCapacity() / 2;
                resume = below && (overflowed || fetchesDeferred);
                refetch = below && overflowed;
                if (refetch) {
                    overflowed = false;
                }
            }
            if (count > 0) {
                listener.updateQueueChanged(-count, depth);
            }
            if (refetch) {
                synchronized (this) {
                    if (box != null) {
                        box.requestDifference(clock.getAsLong());
                    }
                }
            }
            if (resume) {
                pump();
            }
        }
        return true;
    }

    private void deliver(Update u) {
        for (UpdateHandler h : updateHandlers) {
            try {
                h.onUpdate(u);
            } catch (Exception | LinkageError | AssertionError e) {
                listener.updateHandlerFailed(u, e);
            }
        }
        if (!messageHandlers.isEmpty()) {
            BaseMessage m = u instanceof UpdateNewMessage n && n.message() instanceof BaseMessage b ? b
                    : u instanceof UpdateNewChannelMessage n && n.message() instanceof BaseMessage b ? b : null;
            if (m != null && !m.out()) {
                RealIncomingMessage message = new RealIncomingMessage(m, messenger);
                for (MessageHandler h : messageHandlers) {
                    try {
                        h.onMessage(message);
                    } catch (Exception | LinkageError | AssertionError e) {
                        listener.updateHandlerFailed(u, e);
                    }
                }
            }
        }
        if (publisher.hasSubscribers()) {
            // Blocks while a subscriber's buffer is full: backpressure reaches the queue.
            publisher.submit(u);
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Returns the peer cache (to learn from call results and to name peers).
     *
     * @return the cache
     */
    public PeerCache peers() {
        return peers;
    }

    /** Stops delivery after a logout: the box and the queue are dropped. */
    public void loggedOut() {
        synchronized (this) {
            ready.complete(null);
            ready = new CompletableFuture<>();
            box = null;
            loggedIn = false;
            stored = null;
        }
        dropQueued();
        saver.loaded(null);
    }

    /**
     * Stops: no more fetches or deliveries; the last handled state is saved (bounded wait).
     *
     * @param wait how long to wait for the final save
     */
    public void close(Duration wait) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            box = null;
            ready.complete(null);
        }
        dropQueued();
        FanOut fan = fanOut;
        if (fan != null) {
            fan.close();
        }
        publisher.close();
        saver.flush(wait);
        ExecutorService own;
        synchronized (queue) {
            own = ownExecutor;
        }
        if (own != null) {
            own.shutdown();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /** Drops the waiting batches; a batch the handlers are on counts until they finish it. */
    private void dropQueued() {
        int dropped = 0;
        int depth;
        synchronized (queue) {
            for (Queued q : queue) {
                dropped += q.batch().updates().size();
            }
            queue.clear();
            queued -= dropped;
            depth = queued;
        }
        if (dropped > 0) {
            listener.updateQueueChanged(-dropped, depth);
        }
    }

    /**
     * A batch waiting for the handlers.
     *
     * @param batch the updates, in order
     * @param at when it was queued, on the monotonic clock
     */
    private record Queued(UpdateBox.Batch batch, long at) {
    }

    private static UpdateState toState(BaseState s) {
        return UpdateState.of(s.pts(), s.qts(), s.date(), s.seq());
    }
}
