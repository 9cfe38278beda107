package dev.heliograph.client.internal;

import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.ClientResources;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.error.HeliographException;
import dev.heliograph.error.RequestCancelledException;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.error.TransportException;
import dev.heliograph.mtproto.AuthKeyCoordinator;
import dev.heliograph.mtproto.DcAuthState;
import dev.heliograph.mtproto.DcSender;
import dev.heliograph.mtproto.DcSenderConfig;
import dev.heliograph.mtproto.DcSenderListener;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.ServerSalt;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionStore;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tlapi.TlApi;
import dev.heliograph.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The client's pool of DC links: one {@link DcLink} per DC it has talked to, each with its sender
 * and the lease of its key. Turns the senders' reports into events and session changes, and hands
 * what the DCs push to {@link Pushes}.
 */
final class DcLinks {

    /** Where what a DC pushes goes: the seam between the connections and the update receiver. */
    interface Pushes {
        /**
         * A DC pushed an update outside any call's result.
         *
         * @param dcId the DC
         * @param update the pushed object
         */
        void update(int dcId, TlObject update);

        /**
         * A DC started a new session: updates sent meanwhile may be lost.
         *
         * @param dcId the DC
         */
        void newSession(int dcId);
    }

    private final ClientConfig config;
    private final String hostId;
    private final Transport transport;
    private final CryptoProvider crypto;
    private final SessionStore store;
    private final LiveSession session;
    private final Events events;
    private final Pushes pushes;
    private final ClientResources resources;

    private final Object lock = new Object();
    private final Map<Integer, DcLink> links = new HashMap<>();
    private boolean closed;

    DcLinks(ClientConfig config, String hostId, Transport transport, CryptoProvider crypto, SessionStore store,
            LiveSession session, Events events, Pushes pushes, ClientResources resources) {
        this.config = config;
        this.hostId = hostId;
        this.transport = transport;
        this.crypto = crypto;
        this.store = store;
        this.session = session;
        this.events = events;
        this.pushes = pushes;
        this.resources = resources;
    }

    /**
     * Returns the link to a DC, opening it on first use with a key from the session's pool.
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
            KeyLeaseGate gate = new KeyLeaseGate(store, config.sessionName(), hostId, config.keyPoolPolicy(),
                    resources, events, listener);
            DcSenderConfig.Builder sender = DcSenderConfig.builder(config.dcMap().endpoint(dc), transport)
                    .registry(TlApi::registry)
                    .cryptoProvider(crypto)
                    .trustedKeys(config.trustedKeys())
                    .requestTimeout(config.requestTimeout())
                    .keepAliveInterval(config.keepAliveInterval())
                    .reconnectBackoff(config.reconnectBackoff())
                    .clock(resources.wallClock())
                    .random(resources.random())
                    .executor(resources.executor())
                    .scheduler(resources.timer())
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
     * Starts opening the link to a DC (the connection, the key lease, the key exchanges) ahead of
     * its first call, which may first wait for the store (a flood wait check); does nothing once closed.
     *
     * @param dc the DC
     */
    void open(int dc) {
        try {
            link(dc).sender().connect();
        } catch (RequestCancelledException e) {
            // Closed meanwhile: the call that follows fails with the same error.
        }
    }

    /**
     * Reacts to a failed call: a DC that no longer knows the key ({@link TransportException#authKeyNotFound()})
     * makes the link useless; the key is forgotten so that the next call creates a new one.
     *
     * @param link the link the call went on
     * @param failure the failure, or null
     */
    void callFailed(DcLink link, Throwable failure) {
        if (failure instanceof TransportException t && t.authKeyNotFound()) {
            drop(link, t);
        }
    }

    /**
     * Replaces the connection to a DC: the server forgets what it tied to the old one (such as
     * pushing updates to it). Calls in flight on it fail; the next call opens a new link.
     *
     * @param dc the DC
     */
    void reconnect(int dc) {
        DcLink link;
        synchronized (lock) {
            link = links.get(dc);
        }
        if (link != null) {
            drop(link, null);
        }
    }

    /** Closes a link and gives its key back; {@code cause} (or null) tells whether the key was revoked. */
    private void drop(DcLink link, HeliographException cause) {
        long keyId = link.sender().authState().map(s -> s.authKey().id()).orElse(0L);
        boolean revoked = cause instanceof TransportException t && t.authKeyNotFound();
        synchronized (lock) {
            if (links.get(link.dcId()) != link) {
                return;
            }
            links.remove(link.dcId());
            // Queued before the lock is let go: a new link to the DC asks the store for a key only
            // after this write (see StoreCoordinator).
            if (revoked && keyId != 0) {
                session.change(new SessionChange.AuthKeyRevoked(link.dcId(), keyId));
            }
        }
        link.sender().close();
        link.gate().release(revoked);
    }

    /**
     * Closes every link and gives their keys back; later calls open new links.
     *
     * @return completes once the store has the releases
     */
    CompletableFuture<Void> closeAll() {
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

    /**
     * Closes every link for good: {@link #link(int)} refuses from here on.
     *
     * @return completes once the store has the releases
     */
    CompletableFuture<Void> close() {
        synchronized (lock) {
            closed = true;
        }
        return closeAll();
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
        public CompletionStage<DcAuthState> authKeyFor(int dcId, Supplier<CompletionStage<DcAuthState>> create) {
            // A revoked key must be gone from the store before asking it for a key.
            return session.written().thenCompose(x -> gate.obtain(dcId, create)).thenApply(got -> {
                session.applyStored(new SessionChange.AuthKeyCreated(got.auth()));
                // Later session writes, and so the login, complete only once the store has the key.
                session.awaitBeforeWrites(got.stored());
                if (got.created()) {
                    got.stored().thenAccept(stored -> {
                        if (stored) {
                            events.authKeyCreated(dcId, got.auth().authKeyId());
                        }
                    });
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
            DcAuth current = session.dc(state.dcId()).orElse(null);
            if (current == null || current.authKeyId() != keyId) {
                return;
            }
            List<ServerSalt> salts = current.salts();
            if (salts.isEmpty() || salts.get(salts.size() - 1).salt() != state.serverSalt()) {
                session.change(new SessionChange.ServerSaltsUpdated(state.dcId(), keyId,
                        List.of(ServerSalt.unbounded(state.serverSalt()))));
            }
            long offsetMillis = state.timeOffsetMillis();
            if (current.timeOffsetMillis() != offsetMillis) {
                session.change(new SessionChange.TimeOffsetUpdated(state.dcId(), keyId, offsetMillis));
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
        public void update(int dcId, TlObject update) {
            pushes.update(dcId, update);
        }

        @Override
        public void newSession(int dcId) {
            pushes.newSession(dcId);
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
}
