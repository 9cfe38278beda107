package dev.heliograph.client.internal;

import dev.heliograph.client.BotIdentity;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.ClientEventListener;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.client.HandlerRegistration;
import dev.heliograph.client.MessageHandler;
import dev.heliograph.client.RpcInterceptor;
import dev.heliograph.client.UpdateHandler;
import dev.heliograph.client.internal.updates.UpdateLoop;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.error.Failures;
import dev.heliograph.error.HeliographException;
import dev.heliograph.error.ProtocolException;
import dev.heliograph.error.RequestCancelledException;
import dev.heliograph.error.RpcException;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.error.TransportException;
import dev.heliograph.mtproto.AuthKeyCoordinator;
import dev.heliograph.mtproto.DcAuthState;
import dev.heliograph.mtproto.DcSender;
import dev.heliograph.mtproto.DcSenderConfig;
import dev.heliograph.mtproto.DcSenderListener;
import dev.heliograph.mtproto.RequestOptions;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.SelfUser;
import dev.heliograph.session.ServerSalt;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.SessionStore;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.InputUserSelf;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.Updates;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.auth.Authorization;
import dev.heliograph.tl.api.auth.BaseAuthorization;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.auth.LogOut;
import dev.heliograph.tl.api.functions.users.GetUsers;
import dev.heliograph.tlapi.TlApi;
import dev.heliograph.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The only implementation of {@link HeliographClient}. It keeps the live session in memory (hot
 * reads never touch the store), writes each change to the store in order, and owns one
 * {@link DcLink} per DC it has talked to.
 */
public final class RealHeliographClient implements HeliographClient {

    /** How long {@link #close()} waits for session writes still in flight. */
    private static final long CLOSE_WRITE_WAIT_SECONDS = 5;

    private final ClientConfig config;
    private final Transport transport;
    private final SessionStore store;
    private final CryptoProvider crypto;
    private final Events events;
    private final List<RpcInterceptor> chain;
    private final UpdateLoop updates;

    private final Object lock = new Object();
    private CompletableFuture<SessionSnapshot> loading;
    private SessionSnapshot session = SessionSnapshot.empty();
    private int homeDc;
    private final Map<Integer, DcLink> links = new HashMap<>();
    private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
    /** Changes waiting for the write in flight, and when they will be durable; null when none wait. */
    private List<SessionChange> unwritten;
    private CompletableFuture<Void> unwrittenDone;
    private boolean closed;
    /** The token of the last login, to log in on keys created later; never shown. */
    private volatile String botToken;

    /**
     * Creates the client; {@link dev.heliograph.client.HeliographModule} calls this.
     *
     * @param config the configuration
     * @param transport the transport (closed with the client)
     * @param store the session store (closed with the client)
     * @param crypto the crypto provider
     * @param interceptors user interceptors, outermost first
     * @param listeners event listeners
     */
    public RealHeliographClient(ClientConfig config, Transport transport, SessionStore store, CryptoProvider crypto,
            List<RpcInterceptor> interceptors, List<ClientEventListener> listeners) {
        this.config = config;
        this.transport = transport;
        this.store = store;
        this.crypto = crypto;
        Warmup.start(crypto);
        this.events = new Events(listeners);
        List<RpcInterceptor> all = new ArrayList<>(interceptors);
        all.add(new FloodWaitInterceptor(config.retryPolicy(), events, store, config.sessionName()));
        all.add(new DcMigrationInterceptor(this, events));
        all.add(new LayerInterceptor(this));
        all.add(new SenderInterceptor(this, events));
        this.chain = List.copyOf(all);
        this.updates = new UpdateLoop(config.updates(), new LoopClient(), events, System::nanoTime);
        store.updateQueue(config.sessionName(), config.hostId()).ifPresent(updates::fanOut);
    }

    @Override
    public ClientConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<BotIdentity> botLoginAsync(String botToken) {
        long start = System.nanoTime();
        return login(botToken).whenComplete((me, t) ->
                events.loginEnded(Duration.ofNanos(System.nanoTime() - start), Failures.unwrap(t)));
    }

    private CompletableFuture<BotIdentity> login(String botToken) {
        long botId;
        try {
            botId = BotTokens.botId(botToken);
        } catch (HeliographException e) {
            return CompletableFuture.failedFuture(e);
        }
        this.botToken = botToken;
        return session().thenCompose(snapshot -> {
            SelfUser self = snapshot.selfUser().orElse(null);
            int home = snapshot.homeDc().orElse(0);
            if (self != null && self.id() == botId && home != 0) {
                return checkAuthorized(home).handle((identity, t) -> {
                    Throwable e = Failures.unwrap(t);
                    if (e == null && identity != null) {
                        return startUpdates(identity.id()).thenApply(x -> identity);
                    }
                    if (e == null || notAuthorized(e)) {
                        return importBot(botToken, home);
                    }
                    return CompletableFuture.<BotIdentity>failedFuture(e);
                }).thenCompose(f -> f);
            }
            return importBot(botToken, home != 0 ? home : config.dcMap().initialDc());
        });
    }

    /** The server no longer accepts the stored authorization, or no longer knows the key. */
    private static boolean notAuthorized(Throwable e) {
        return e instanceof RpcException rpc && rpc.code() == 401
                || e instanceof TransportException t && t.authKeyNotFound();
    }

    private CompletableFuture<BotIdentity> checkAuthorized(int dc) {
        return call(new GetUsers(List.of(new InputUserSelf())), RpcInterceptor.Chain.HOME_DC).thenApply(users -> {
            for (User u : users) {
                if (u instanceof BaseUser user && user.firstName() != null) {
                    return new BotIdentity(user.id(), user.username(), user.firstName(), dc);
                }
            }
            return null;
        });
    }

    private CompletableFuture<BotIdentity> importBot(String botToken, int startDc) {
        synchronized (lock) {
            homeDc = startDc;
        }
        ImportBotAuthorization request = new ImportBotAuthorization(0, config.apiId(), config.apiHash(), botToken);
        return call(request, RpcInterceptor.Chain.HOME_DC).thenCompose(this::loggedIn);
    }

    private CompletableFuture<BotIdentity> loggedIn(Authorization authorization) {
        if (!(authorization instanceof BaseAuthorization auth) || !(auth.user() instanceof BaseUser user)
                || user.firstName() == null) {
            return CompletableFuture.failedFuture(new ProtocolException(0,
                    "auth.importBotAuthorization did not return a user: " + authorization.getClass().getSimpleName()));
        }
        int home = home();
        SelfUser self = new SelfUser(user.id(), user.username(), user.firstName(), user.bot());
        return change(new SessionChange.HomeDcChanged(home), new SessionChange.SelfUserChanged(self))
                .thenCompose(x -> startUpdates(user.id()))
                .thenApply(x -> new BotIdentity(user.id(), user.username(), user.firstName(), home));
    }

    /**
     * Login done: updates flow to the handlers from here on (the login waits for the starting
     * point, so nothing sent after it is missed); with no handler yet, the initial state is saved.
     * A failure does not fail the login: it is reported, and retried when a handler starts.
     */
    private CompletableFuture<Void> startUpdates(long selfId) {
        return updates.loggedIn(selfId).exceptionally(e -> {
            events.updateProblem(new dev.heliograph.client.UpdateProblem(
                    dev.heliograph.client.UpdateProblem.Kind.GAP_UNFILLABLE,
                    "updates.getState at login failed; it is retried when a handler starts the updates", Failures.unwrap(e)));
            return null;
        });
    }

    @Override
    public HandlerRegistration onUpdate(UpdateHandler handler) {
        return updates.onUpdate(handler);
    }

    @Override
    public HandlerRegistration onMessage(MessageHandler handler) {
        return updates.onMessage(handler);
    }

    @Override
    public Flow.Publisher<Update> updates() {
        return updates.publisher();
    }

    @Override
    public <R> CompletableFuture<R> invokeAsync(TlMethod<R> method, RequestOptions options) {
        Objects.requireNonNull(options, "options is null");
        return session().thenCompose(s -> callHome(method, options)).handle((result, t) -> {
            Throwable e = Failures.unwrap(t);
            String token = botToken;
            if (e == null) {
                return CompletableFuture.completedFuture(result);
            }
            // A key created after the login (the link's lease was lost and no key was free) is not
            // logged in yet: log the bot in on it once, then repeat the call.
            if (token != null && e instanceof RpcException rpc && rpc.code() == 401
                    && rpc.name().equals("AUTH_KEY_UNREGISTERED")) {
                return importBot(token, home()).thenCompose(me -> callHome(method, options));
            }
            return CompletableFuture.<R>failedFuture(e);
        }).thenCompose(f -> f);
    }

    /** A call to the home DC whose result feeds the update state and the peer cache. */
    private <R> CompletableFuture<R> callHome(TlMethod<R> method, RequestOptions options) {
        return call(method, RpcInterceptor.Chain.HOME_DC, options).thenApply(result -> {
            if (result instanceof Updates u) {
                updates.result(u);
            } else if (result instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof User) {
                List<User> users = new ArrayList<>(list.size());
                for (Object o : list) {
                    users.add((User) o);
                }
                updates.peers().learn(users, List.of());
            }
            return result;
        });
    }

    @Override
    public CompletableFuture<Void> logOutAsync() {
        return session().thenCompose(s -> call(new LogOut(), RpcInterceptor.Chain.HOME_DC)
                .handle((loggedOut, t) -> {
                    Throwable e = Failures.unwrap(t);
                    if (e != null && !notAuthorized(e)) {
                        return CompletableFuture.<Void>failedFuture(e);
                    }
                    updates.loggedOut();
                    CompletableFuture<Void> written = change(new SessionChange.LoggedOut());
                    closeLinks();
                    return written;
                }).thenCompose(f -> f));
    }

    private <R> CompletableFuture<R> call(TlMethod<R> method, int dc) {
        return call(method, dc, RequestOptions.DEFAULT);
    }

    private <R> CompletableFuture<R> call(TlMethod<R> method, int dc, RequestOptions options) {
        return RealRpcChain.run(chain, method, dc, options);
    }

    /**
     * Returns the session's home DC, or the map's initial DC before the first login.
     *
     * @return the DC id
     */
    int home() {
        synchronized (lock) {
            return homeDc != 0 ? homeDc : config.dcMap().initialDc();
        }
    }

    private CompletableFuture<SessionSnapshot> session() {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new RequestCancelledException("the client is closed"));
            }
            if (loading == null || loading.isCompletedExceptionally()) {
                loading = store.load(config.sessionName()).toCompletableFuture().thenApply(loaded -> {
                    synchronized (lock) {
                        session = loaded;
                        homeDc = loaded.homeDc().orElse(0);
                    }
                    updates.sessionLoaded(loaded.updateState().orElse(null), loaded.peers());
                    return loaded;
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
     * Applies changes to the live session and queues their write; writes reach the store in order.
     * Changes made while a write is in flight wait for it together and go to the store as one
     * write (for the file store, one pair of fsyncs instead of one per change).
     *
     * @param changes the changes, in order
     * @return completes when these changes are durable
     */
    private CompletableFuture<Void> change(SessionChange... changes) {
        synchronized (lock) {
            for (SessionChange c : changes) {
                session = session.apply(c);
            }
            if (unwritten != null) {
                Collections.addAll(unwritten, changes);
                return unwrittenDone;
            }
            List<SessionChange> batch = new ArrayList<>(Arrays.asList(changes));
            CompletableFuture<Void> done = new CompletableFuture<>();
            unwritten = batch;
            unwrittenDone = done;
            CompletableFuture<Void> previous = writes;
            writes = done;
            previous.handle((x, e) -> null).thenCompose(x -> {
                synchronized (lock) {
                    // From here on the batch is the store's: later changes start the next one.
                    unwritten = null;
                    unwrittenDone = null;
                }
                return store.persistAll(config.sessionName(), batch);
            }).whenComplete((x, e) -> {
                if (e != null) {
                    done.completeExceptionally(e);
                } else {
                    done.complete(null);
                }
            });
            return done;
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
     * Returns the link to a DC, opening it on first use with the stored key, if any.
     *
     * @param dc the DC
     * @return the link
     * @throws RequestCancelledException if the client is closed
     */
    DcLink link(int dc) {
        synchronized (lock) {
            if (closed) {
                throw new RequestCancelledException("the client is closed");
            }
            DcLink link = links.get(dc);
            if (link != null) {
                return link;
            }
            LinkListener listener = new LinkListener();
            KeyLeaseGate gate = new KeyLeaseGate(store, config.sessionName(), config.hostId(), config.keyPoolPolicy(),
                    CLOCK, events, listener);
            DcSenderConfig.Builder sender = DcSenderConfig.builder(config.dcMap().endpoint(dc), transport)
                    .registry(TlApi.registry())
                    .cryptoProvider(crypto)
                    .trustedKeys(config.trustedKeys())
                    .requestTimeout(config.requestTimeout())
                    .keepAliveInterval(config.keepAliveInterval())
                    .reconnectBackoff(config.reconnectBackoff())
                    .clock(CLOCK)
                    .sendPermit(gate)
                    .authKeyCoordinator(new StoreCoordinator(gate))
                    .pfs(config.pfs())
                    .tempKeyLifetime(config.tempKeyLifetime())
                    .listener(listener);
            link = new DcLink(dc, DcSender.create(sender.build()), gate);
            listener.link = link;
            links.put(dc, link);
            events.connecting(dc);
            return link;
        }
    }

    /**
     * Reacts to a failed call: a DC that no longer knows the key ({@link TransportException#authKeyNotFound()}) makes the link useless;
     * the key is forgotten so that the next call creates a new one.
     *
     * @param link the link the call went on
     * @param failure the failure, or null
     */
    void callFailed(DcLink link, Throwable failure) {
        if (failure instanceof TransportException t && t.authKeyNotFound()) {
            drop(link, t);
        }
    }

    private void drop(DcLink link, HeliographException cause) {
        long keyId = link.sender().authState().map(s -> s.authKey().id()).orElse(0L);
        boolean revoked = cause instanceof TransportException t && t.authKeyNotFound();
        synchronized (lock) {
            if (links.get(link.dcId()) != link) {
                return;
            }
            links.remove(link.dcId());
            if (revoked && keyId != 0) {
                change(new SessionChange.AuthKeyRevoked(link.dcId(), keyId));
            }
        }
        link.sender().close();
        link.gate().release(revoked);
    }

    /** Closes every link and gives their keys back; completes once the store has the releases. */
    private CompletableFuture<Void> closeLinks() {
        List<DcLink> all;
        synchronized (lock) {
            all = new ArrayList<>(links.values());
            links.clear();
        }
        List<CompletableFuture<Void>> released = new ArrayList<>();
        for (DcLink l : all) {
            l.sender().close();
            released.add(l.gate().release(false));
        }
        return CompletableFuture.allOf(released.toArray(CompletableFuture[]::new));
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        // The last handled update state is written before the write chain is awaited.
        updates.close(Duration.ofSeconds(CLOSE_WRITE_WAIT_SECONDS));
        CompletableFuture<Void> pending;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            pending = writes;
        }
        CompletableFuture<Void> released = closeLinks();
        try {
            CompletableFuture.allOf(pending.handle((x, e) -> null), released)
                    .get(CLOSE_WRITE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The write's failure was reported to whoever waited for it; closing goes on.
        }
        try {
            store.close();
        } finally {
            transport.close();
        }
    }

    @Override
    public String toString() {
        return "HeliographClient[session=" + config.sessionName() + ", apiId=" + config.apiId() + "]";
    }

    /** The clock of leases and of the senders that check them. */
    private static final LongSupplier CLOCK = System::currentTimeMillis;

    /**
     * Returns the sender's view of a stored key.
     *
     * @param auth the key as stored
     * @return the sender's state
     */
    static DcAuthState toState(DcAuth auth) {
        return new DcAuthState(auth.dcId(), auth.authKey(), currentSalt(auth.salts()), auth.timeOffsetMillis());
    }

    /** The salt valid now, else the newest; a wrong salt only costs one bad_server_salt round trip. */
    private static long currentSalt(List<ServerSalt> salts) {
        if (salts.isEmpty()) {
            return 0;
        }
        long now = System.currentTimeMillis() / 1000;
        for (ServerSalt s : salts) {
            if (Integer.toUnsignedLong(s.validSince()) <= now && now < Integer.toUnsignedLong(s.validUntil())) {
                return s.salt();
            }
        }
        return salts.get(salts.size() - 1).salt();
    }

    /**
     * Obtains a link's key from the session's key pool under an exclusive lease, so that no two
     * hosts sharing the store use one key at once.
     */
    private final class StoreCoordinator implements AuthKeyCoordinator {
        private final KeyLeaseGate gate;

        StoreCoordinator(KeyLeaseGate gate) {
            this.gate = gate;
        }

        @Override
        public CompletionStage<DcAuthState> authKeyFor(int dcId,
                java.util.function.Supplier<CompletionStage<DcAuthState>> create) {
            CompletableFuture<Void> pending;
            synchronized (lock) {
                pending = writes;
            }
            // A revoked key must be gone from the store before asking it for a key.
            return pending.handle((x, e) -> null).thenCompose(x -> gate.obtain(dcId, create)).thenApply(got -> {
                synchronized (lock) {
                    session = session.apply(new SessionChange.AuthKeyCreated(got.auth()));
                }
                if (got.created()) {
                    events.authKeyCreated(dcId, got.auth().authKeyId());
                } else {
                    events.authKeyReused(dcId, got.auth().authKeyId());
                }
                return got.state();
            });
        }
    }

    /** Turns a sender's reports into events and session changes. */
    private final class LinkListener implements DcSenderListener, KeyLeaseGate.Owner {
        volatile DcLink link;

        @Override
        public void leaseLost(KeyLeaseGate gate, SessionStoreException cause) {
            DcLink l = link;
            if (l != null) {
                drop(l, cause);
            }
        }

        @Override
        public void connected(int dcId) {
            events.connected(dcId);
        }

        @Override
        public void authStateChanged(DcAuthState state) {
            long keyId = state.authKey().id();
            DcAuth current;
            synchronized (lock) {
                current = session.dc(state.dcId()).orElse(null);
            }
            if (current == null || current.authKeyId() != keyId) {
                return;
            }
            if (current.salts().isEmpty() || current.salts().get(current.salts().size() - 1).salt() != state.serverSalt()) {
                change(new SessionChange.ServerSaltsUpdated(state.dcId(), keyId,
                        List.of(ServerSalt.unbounded(state.serverSalt()))));
            }
            long offsetMillis = state.timeOffsetMillis();
            if (current.timeOffsetMillis() != offsetMillis) {
                change(new SessionChange.TimeOffsetUpdated(state.dcId(), keyId, offsetMillis));
            }
        }

        @Override
        public void tempKeyBound(int dcId, long tempAuthKeyId) {
            DcLink l = link;
            if (l != null) {
                l.resetInitialized();
            }
        }

        @Override
        public void update(int dcId, dev.heliograph.tl.TlObject update) {
            if (update instanceof Updates u && dcId == home()) {
                updates.pushed(u);
            }
        }

        @Override
        public void newSession(int dcId) {
            if (dcId == home()) {
                updates.newSession();
            }
        }

        @Override
        public void reconnecting(int dcId, int attempt, long delayMillis, HeliographException cause) {
            events.reconnecting(dcId, attempt, Duration.ofMillis(delayMillis));
        }

        @Override
        public void closed(int dcId, HeliographException cause) {
            DcLink l = link;
            if (l != null && cause instanceof SessionStoreException lost
                    && lost.kind() == SessionStoreException.Kind.LEASE_LOST) {
                events.authKeyLeaseLost(dcId, l.sender().authState().map(s -> s.authKey().id()).orElse(0L), lost);
            }
            if (l != null && cause != null) {
                drop(l, cause);
            }
        }
    }

    /** The update loop's view of the client: calls to the home DC and ordered session writes. */
    private final class LoopClient implements UpdateLoop.Client {
        @Override
        public <R> CompletableFuture<R> call(TlMethod<R> method) {
            return RealHeliographClient.this.call(method, RpcInterceptor.Chain.HOME_DC);
        }

        @Override
        public CompletableFuture<Void> persist(SessionChange change) {
            return change(change);
        }
    }
}
