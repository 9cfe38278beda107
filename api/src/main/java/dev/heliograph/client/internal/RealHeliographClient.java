package dev.heliograph.client.internal;

import dev.heliograph.client.BotIdentity;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.ClientEventListener;
import dev.heliograph.client.ClientResources;
import dev.heliograph.client.HandlerRegistration;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.client.MessageHandler;
import dev.heliograph.client.RpcInterceptor;
import dev.heliograph.client.UpdateHandler;
import dev.heliograph.client.UpdateProblem;
import dev.heliograph.client.internal.updates.ReceiverElection;
import dev.heliograph.client.internal.updates.UpdateLoop;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.error.Failures;
import dev.heliograph.mtproto.RequestOptions;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.SessionStore;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.Updates;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.functions.auth.LogOut;
import dev.heliograph.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The only implementation of {@link HeliographClient}: a facade over its parts. {@link LiveSession}
 * holds the session and orders its writes, {@link DcLinks} the connections (every call reaches a
 * DC through {@link SenderInterceptor}, the chain's last step), {@link BotLoginFlow} the login, and
 * {@link UpdateLoop} the updates, which start in {@link #startUpdates} and are fed by calls' results
 * ({@link #callHome}) and by what the DCs push ({@link PushedUpdates}).
 */
public final class RealHeliographClient implements HeliographClient {

    /** How long {@link #close()} waits for session writes still in flight. */
    private static final long CLOSE_WRITE_WAIT_SECONDS = 5;

    private final ClientConfig config;
    private final ClientResources resources;
    private final Transport transport;
    private final SessionStore store;
    private final Events events;
    private final LiveSession session;
    private final DcLinks links;
    private final CallChain calls;
    private final BotLoginFlow login;
    private final UpdateLoop updates;
    private final ReceiverElection election;
    /** The slot behind the default host id, or null when the configuration names the host. */
    private final HostClaim hostClaim;

    /**
     * Creates the client; {@link dev.heliograph.client.HeliographModule} calls this.
     *
     * @param config the configuration
     * @param transport the transport (closed with the client)
     * @param store the session store (closed with the client)
     * @param crypto the crypto provider
     * @param interceptors user interceptors, outermost first
     * @param listeners event listeners
     * @param resources the threads, clocks and randomness (never shut down by the client)
     */
    public RealHeliographClient(ClientConfig config, Transport transport, SessionStore store, CryptoProvider crypto,
            List<RpcInterceptor> interceptors, List<ClientEventListener> listeners, ClientResources resources) {
        this.config = config;
        this.resources = resources;
        this.transport = transport;
        this.store = store;
        Warmup.start(crypto);
        this.events = new Events(listeners);
        this.hostClaim = config.hostId() == null ? HostClaim.claim(config.sessionName()) : null;
        String hostId = hostClaim == null ? config.hostId() : hostClaim.id();
        this.session = new LiveSession(store, config.sessionName(), config.dcMap().initialDc(), this::sessionLoaded);
        this.links = new DcLinks(config, hostId, transport, crypto, store, session, events, new PushedUpdates(),
                resources);
        List<RpcInterceptor> all = new ArrayList<>(interceptors);
        all.add(new FloodWaitInterceptor(config.retryPolicy(), events, store, config.sessionName(), resources));
        all.add(new DcMigrationInterceptor(session, config.dcMap(), events));
        this.election = new ReceiverElection(store, config.sessionName(), hostId,
                config.updates().receiverLease(), events, resources);
        all.add(new WithoutUpdatesInterceptor(election));
        all.add(new LayerInterceptor(links, config));
        all.add(new SenderInterceptor(links, events, resources.ticker()));
        this.calls = new CallChain(all);
        this.updates = new UpdateLoop(config.updates(), new LoopClient(), events, resources, election);
        store.updateQueue(config.sessionName(), hostId).ifPresent(updates::fanOut);
        this.login = new BotLoginFlow(config, session, calls, links, this::startUpdates);
    }

    @Override
    public ClientConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<BotIdentity> botLoginAsync(String botToken) {
        long start = resources.ticker().getAsLong();
        return login.login(botToken).whenComplete((me, t) ->
                events.loginEnded(Duration.ofNanos(resources.ticker().getAsLong() - start), Failures.unwrap(t)));
    }

    private void sessionLoaded(SessionSnapshot loaded) {
        updates.sessionLoaded(loaded.updateState().orElse(null), loaded.peers());
    }

    /**
     * Login done: updates flow to the handlers from here on (the login waits for the starting
     * point, so nothing sent after it is missed); with no handler yet, the initial state is saved.
     * A failure does not fail the login: it is reported, and retried when a handler starts.
     */
    private CompletableFuture<Void> startUpdates(long selfId) {
        return updates.loggedIn(selfId).exceptionally(e -> {
            events.updateProblem(new UpdateProblem(UpdateProblem.Kind.GAP_UNFILLABLE,
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
        return session.load().thenCompose(s -> callHome(method, options)).handle((result, t) -> {
            Throwable e = Failures.unwrap(t);
            return e == null ? CompletableFuture.completedFuture(result)
                    : login.afterUnregisteredKey(e, () -> callHome(method, options));
        }).thenCompose(f -> f);
    }

    /** A call to the home DC whose result feeds the update state and the peer cache. */
    private <R> CompletableFuture<R> callHome(TlMethod<R> method, RequestOptions options) {
        return calls.toHome(method, options).thenApply(result -> {
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
        return session.load().thenCompose(s -> calls.toHome(new LogOut())
                .handle((loggedOut, t) -> {
                    Throwable e = Failures.unwrap(t);
                    if (e != null && !BotLoginFlow.notAuthorized(e)) {
                        return CompletableFuture.<Void>failedFuture(e);
                    }
                    updates.loggedOut();
                    CompletableFuture<Void> written = session.change(new SessionChange.LoggedOut());
                    links.closeAll();
                    return written;
                }).thenCompose(f -> f));
    }

    @Override
    public void close() {
        if (session.closed()) {
            return;
        }
        // The last handled update state is written before the write chain is awaited, and before
        // the receiver lease is given back for a follower to take at once.
        updates.close(Duration.ofSeconds(CLOSE_WRITE_WAIT_SECONDS));
        CompletableFuture<Void> resigned = election.close();
        CompletableFuture<Void> pending = session.close();
        if (pending == null) {
            return;
        }
        CompletableFuture<Void> released = links.close();
        try {
            CompletableFuture.allOf(pending, released, resigned).get(CLOSE_WRITE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The write's failure was reported to whoever waited for it; closing goes on.
        }
        try {
            store.close();
        } finally {
            transport.close();
            if (hostClaim != null) {
                hostClaim.close();
            }
        }
    }

    @Override
    public String toString() {
        return "HeliographClient[session=" + config.sessionName() + ", apiId=" + config.apiId() + "]";
    }

    /** What the home DC pushes goes to the update loop; other DCs' pushes are not the session's updates. */
    private final class PushedUpdates implements DcLinks.Pushes {
        @Override
        public void update(int dcId, TlObject update) {
            if (update instanceof Updates u && dcId == session.home()) {
                updates.pushed(u);
            }
        }

        @Override
        public void newSession(int dcId) {
            if (dcId == session.home()) {
                updates.newSession();
            }
        }
    }

    /** The update loop's view of the client: calls to the home DC and ordered session writes. */
    private final class LoopClient implements UpdateLoop.Client {
        @Override
        public <R> CompletableFuture<R> call(TlMethod<R> method) {
            return calls.toHome(method);
        }

        @Override
        public CompletableFuture<Void> persist(SessionChange change) {
            return session.change(change);
        }

        @Override
        public void stoppedReceiving() {
            links.reconnect(session.home());
        }
    }
}
