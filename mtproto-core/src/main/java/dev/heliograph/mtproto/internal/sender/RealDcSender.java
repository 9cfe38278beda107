package dev.heliograph.mtproto.internal.sender;

import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.error.Failures;
import dev.heliograph.error.HeliographException;
import dev.heliograph.error.ProtocolException;
import dev.heliograph.error.RequestCancelledException;
import dev.heliograph.error.RequestTimeoutException;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.error.TempAuthKeyException;
import dev.heliograph.error.TlDecodeException;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.error.TransportException;
import dev.heliograph.mtproto.DcAuthState;
import dev.heliograph.mtproto.DcSender;
import dev.heliograph.mtproto.DcSenderConfig;
import dev.heliograph.mtproto.DcSenderListener;
import dev.heliograph.mtproto.RequestOptions;
import dev.heliograph.mtproto.internal.auth.AuthKeyExchange;
import dev.heliograph.mtproto.internal.auth.DhHalves;
import dev.heliograph.mtproto.internal.auth.DhParamsVerifier;
import dev.heliograph.mtproto.internal.auth.PlainMessage;
import dev.heliograph.mtproto.internal.auth.TempKeyBinding;
import dev.heliograph.mtproto.internal.engine.Inbound;
import dev.heliograph.mtproto.internal.engine.MsgIds;
import dev.heliograph.mtproto.internal.engine.MtpEngine;
import dev.heliograph.mtproto.internal.engine.OutMessage;
import dev.heliograph.tl.TlLimits;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import dev.heliograph.tl.mtproto.ResPQ;
import dev.heliograph.tl.mtproto.ServerDHParams;
import dev.heliograph.tl.mtproto.SetClientDHParamsAnswer;
import dev.heliograph.tl.mtproto.functions.PingDelayDisconnect;
import dev.heliograph.transport.TransportConnection;
import dev.heliograph.transport.TransportListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link DcSender}: drives one {@link MtpEngine} (and, while a key is created, one
 * {@link AuthKeyExchange}) over a transport connection. Every field below the constructor's is
 * confined to {@link #loop}, the sender's serial executor; other threads only submit tasks.
 */
public final class RealDcSender implements DcSender {

    /** Token of keep-alive pings: their pongs are consumed here. */
    private static final Object PING = new Object();
    /** Token of auth.bindTempAuthKey: its answer is consumed here. */
    private static final Object BIND = new Object();
    /** Token of the ping that asks whether the DC still knows the permanent key. */
    private static final Object PROBE = new Object();
    private static final int ACK_BATCH = 32;
    private static final long ACK_DELAY_MILLIS = 100;
    private static final long KEY_CREATION_TIMEOUT_MILLIS = 15_000;
    private static final int KEY_CREATION_RESTARTS = 3;
    /** Granularity of call timeouts. */
    private static final long SWEEP_MILLIS = 50;
    /**
     * How long the server may hold an http_wait: below the HTTP transport's read timeout (60 s by
     * default), and the server caps it anyway.
     */
    private static final int LONG_POLL_MAX_WAIT_MILLIS = 25_000;
    /** Least time between two long polls, so polls the server answers at once do not spin. */
    private static final long LONG_POLL_MIN_INTERVAL_MILLIS = 250;

    private final DcSenderConfig config;
    private final int dcId;
    private final MtprotoCrypto crypto;
    private final ScheduledExecutorService scheduler;
    private final SerialExecutor loop;
    private final DcSenderListener listener;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private volatile DcAuthState snapshot;

    private DcAuthState auth;
    private MtpEngine engine;
    private Connection connection;
    private boolean ready;
    private boolean closed;
    private boolean reconnectPending;
    /**
     * A -404 came and no authenticated packet since. One -404 is 4 unauthenticated bytes anyone on
     * the path can send; only a second one, on a fresh connection, revokes the key.
     */
    private boolean keyUnknownOnce;
    private int attempt;
    private KeyCreation keyCreation;
    private boolean flushScheduled;
    private boolean ackFlushScheduled;
    private boolean sweepScheduled;
    private OutMessage lastPing;
    private ScheduledFuture<?> keepAlive;
    /** Packets handed to the transport; tells whether one went out after a long-poll request. */
    private final AtomicLong packetsSent = new AtomicLong();
    private long lastLongPollAt = Long.MIN_VALUE;
    /** {@link #packetsSent} at the latest long-poll request, or -1 when none is pending. */
    private long longPollWanted = -1;
    private boolean longPollScheduled;
    private final List<Call<?>> waiting = new ArrayList<>();
    private final Set<Call<?>> live = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Numbers calls in submission order, so calls moved between engines keep their order. */
    private final AtomicLong callSeq = new AtomicLong();

    // Perfect forward secrecy (MTPROTO-NOTES 10). The permanent key ({@link #auth}) never carries
    // calls: {@link #engine} runs under the bound temporary key.
    private final boolean pfs;
    private final int tempKeyLifetimeSeconds;
    /** A temporary key being bound; calls submitted meanwhile wait in {@link #waiting}. */
    private Binding binding;
    /** Engines of previous temporary keys, each kept until the calls sent under it are answered. */
    private final List<MtpEngine> draining = new ArrayList<>(1);
    /** The DC refused a call under {@link #engine}'s key as bound to nothing: calls wait for a new one. */
    private boolean engineUnbound;
    /** Local time when the bound temporary key is replaced (three quarters of its lifetime). */
    private long rebindAtMillis = Long.MAX_VALUE;
    private ScheduledFuture<?> rebindTimer;
    /** A ping under the permanent key, after ENCRYPTED_MESSAGE_INVALID: does the DC still know it? */
    private MtpEngine probe;
    private TempAuthKeyException probeCause;
    /** A probe was answered with -404 once: the next such answer (on a fresh connection) counts. */
    private boolean permKeyUnknownOnce;

    /**
     * Creates the sender.
     *
     * @param config the configuration
     */
    public RealDcSender(DcSenderConfig config) {
        this.config = config;
        this.dcId = config.endpoint().dcId();
        this.crypto = new MtprotoCrypto(config.cryptoProvider());
        this.scheduler = config.scheduler();
        this.listener = config.listener();
        this.loop = new SerialExecutor(config.executor(), (t, e) -> failConnection(asHeliograph(e)));
        this.auth = config.authState();
        this.snapshot = auth;
        this.pfs = config.pfs();
        this.tempKeyLifetimeSeconds = (int) config.tempKeyLifetime().toSeconds();
        if (auth == null || pfs) {
            // Computed while the connection opens and the first two exchange steps wait on the network
            // (under PFS every connection runs a temporary key exchange; without a key, two exchanges
            // may follow each other: the permanent key's, then the temporary one's).
            DhHalves.shared().prepare(config.cryptoProvider(), config.random());
            if (auth == null && pfs) {
                DhHalves.shared().prepare(config.cryptoProvider(), config.random());
            }
        }
    }

    @Override
    public int dcId() {
        return dcId;
    }

    @Override
    public Optional<DcAuthState> authState() {
        return Optional.ofNullable(snapshot);
    }

    @Override
    public CompletableFuture<Void> connect() {
        loop.execute(this::startIfIdle);
        return connected;
    }

    @Override
    public <R> CompletableFuture<R> invoke(TlMethod<R> method, RequestOptions options) {
        TlWriter w = new TlWriter(64);
        method.serialize(w);
        long timeout = (options.timeout() != null ? options.timeout() : config.requestTimeout()).toNanos();
        Call<R> call = new Call<>(method, w.toByteArray(), System.nanoTime() + timeout);
        call.seq = callSeq.getAndIncrement();
        call.future.whenComplete((r, e) -> {
            if (call.future.isCancelled()) {
                loop.execute(() -> forget(call));
            }
        });
        loop.execute(() -> submit(call));
        return call.future;
    }

    @Override
    public void close() {
        loop.execute(() -> shutdown(null));
    }

    // ---- everything below runs on the loop ----

    private long now() {
        return config.clock().getAsLong();
    }

    private void startIfIdle() {
        if (closed) {
            connected.completeExceptionally(new RequestCancelledException("sender is closed"));
        } else if (connection == null && !reconnectPending) {
            open();
        }
    }

    private void open() {
        Connection c = new Connection();
        connection = c;
        ready = false;
        config.transport().connect(config.endpoint(), c)
                .whenComplete((tc, err) -> loop.execute(() -> onOpened(c, tc, err)));
    }

    private void onOpened(Connection c, TransportConnection tc, Throwable err) {
        if (c != connection || closed) {
            if (tc != null) {
                tc.close();
            }
            return;
        }
        if (err != null) {
            onLost(c, asHeliograph(err));
            return;
        }
        c.transport = tc;
        if (auth == null) {
            obtainKey(c);
        } else {
            sessionReady(c);
        }
    }

    private void obtainKey(Connection c) {
        config.authKeyCoordinator().authKeyFor(dcId, () -> createKey(c))
                .whenComplete((state, err) -> loop.execute(() -> onKey(c, state, err)));
    }

    private CompletableFuture<DcAuthState> createKey(Connection c) {
        CompletableFuture<DcAuthState> result = new CompletableFuture<>();
        loop.execute(() -> {
            if (c != connection || c.transport == null) {
                result.completeExceptionally(new TransportException(TransportException.Kind.CLOSED,
                        "connection lost before key creation", null));
                return;
            }
            keyCreation = new KeyCreation(c, result, 0);
            keyCreation.start();
        });
        return result;
    }

    private void onKey(Connection c, DcAuthState state, Throwable err) {
        if (closed) {
            return;
        }
        if (err != null) {
            HeliographException e = asHeliograph(err);
            if (e instanceof TransportException) {
                if (c == connection) {
                    dropConnection(c, e);
                }
            } else {
                shutdown(e);
            }
            return;
        }
        auth = state;
        snapshot = state;
        if (c == connection && c.transport != null) {
            sessionReady(c);
        } else if (connection == null && !reconnectPending) {
            open();
        }
    }

    private void sessionReady(Connection c) {
        if (engine == null && !pfs) {
            engine = new MtpEngine(crypto, config.random(), auth.authKey(), auth.serverSalt(),
                    auth.timeOffsetMillis(), config.registry());
            releaseWaiting();
        } else {
            if (lastPing != null && engine != null) {
                engine.forget(lastPing);
                lastPing = null;
            }
            for (MtpEngine e : draining) {
                e.onReconnect(now());
            }
            for (MtpEngine e : new MtpEngine[] {engine, binding != null ? binding.engine : null}) {
                if (e != null) {
                    e.onReconnect(now());
                }
            }
        }
        ready = true;
        attempt = 0;
        if (pfs && binding == null && keyCreation == null
                && (engine == null || engineUnbound || now() >= rebindAtMillis)) {
            createTempKey(c);
        }
        if (engine == null) {
            // The first temporary key is being bound: the session is ready once it is (onBound).
            flush();
            return;
        }
        sessionUsable(c);
    }

    /** The session can carry calls: tell the listener, start keep-alive and the long poll, send. */
    private void sessionUsable(Connection c) {
        listener.connected(dcId);
        connected.complete(null);
        engine.maintain(now());
        startKeepAlive();
        if (c.transport.requiresLongPoll()) {
            engine.enqueueHttpWait(0, 0, LONG_POLL_MAX_WAIT_MILLIS);
            lastLongPollAt = now();
        }
        flush();
    }

    /** Hands the calls that waited for a session to {@link #engine}, in the order they were made. */
    private void releaseWaiting() {
        waiting.sort(Comparator.comparingLong(call -> call.seq));
        for (Call<?> call : waiting) {
            call.engine = engine;
            call.out = engine.enqueue(call.body, true, call);
        }
        waiting.clear();
    }

    // ---- perfect forward secrecy ----

    /** Runs a temporary key exchange on the connection, next to the calls still going under the old key. */
    private void createTempKey(Connection c) {
        CompletableFuture<DcAuthState> created = new CompletableFuture<>();
        keyCreation = new KeyCreation(c, created, tempKeyLifetimeSeconds);
        keyCreation.start();
        created.whenComplete((state, err) -> loop.execute(() -> onTempKey(c, state, err)));
    }

    private void onTempKey(Connection c, DcAuthState temp, Throwable err) {
        if (closed) {
            return;
        }
        if (err != null) {
            HeliographException e = asHeliograph(err);
            if (!(e instanceof TransportException)) {
                shutdown(e);
            } else if (c == connection) {
                dropConnection(c, e);
            }
            return;
        }
        if (c != connection) {
            // The connection was lost meanwhile; the next one creates another key.
            return;
        }
        long createdAt = now();
        int expiresAt = (int) Math.min(Integer.MAX_VALUE,
                Math.floorDiv(createdAt + temp.timeOffsetMillis(), 1000) + tempKeyLifetimeSeconds);
        MtpEngine e = new MtpEngine(crypto, config.random(), temp.authKey(), temp.serverSalt(),
                temp.timeOffsetMillis(), config.registry());
        TempKeyBinding request = new TempKeyBinding(crypto, config.random(), auth.authKey(), temp.authKey().id(),
                e.sessionId(), expiresAt);
        binding = new Binding(e, temp.authKey().id(), createdAt);
        e.enqueueForMsgId(request::request, BIND);
        flush();
    }

    /** auth.bindTempAuthKey answered: the new key carries every call from now on. */
    private void onBound(TlReader answer) {
        Binding b = binding;
        binding = null;
        boolean bound;
        try {
            bound = answer.readBool();
        } catch (TlDecodeException e) {
            shutdown(e);
            return;
        }
        if (!bound) {
            shutdown(new ProtocolException(0, "auth.bindTempAuthKey answered boolFalse"));
            return;
        }
        MtpEngine old = engine;
        engine = b.engine;
        engineUnbound = false;
        permKeyUnknownOnce = false;
        if (old != null) {
            if (lastPing != null) {
                old.forget(lastPing);
                lastPing = null;
            }
            // Calls not sent yet move to the new key; those sent wait for their answers under the old one.
            for (Call<?> call : live) {
                if (call.engine == old && call.out != null && call.out.state() == OutMessage.State.QUEUED) {
                    old.forget(call.out);
                    call.out = null;
                    waiting.add(call);
                }
            }
            draining.add(old);
        }
        releaseWaiting();
        rebindAtMillis = b.createdAtMillis + tempKeyLifetimeSeconds * 750L;
        if (rebindTimer != null) {
            rebindTimer.cancel(false);
        }
        rebindTimer = scheduler.schedule(() -> loop.execute(this::rebindDue),
                Math.max(0, rebindAtMillis - now()), TimeUnit.MILLISECONDS);
        listener.tempKeyBound(dcId, b.tempKeyId);
        if (old == null) {
            sessionUsable(connection);
        } else {
            flush();
        }
    }

    private void onBindFailed(HeliographException e) {
        binding = null;
        if (e instanceof TempAuthKeyException t && t.reason() == TempAuthKeyException.Reason.ENCRYPTED_MESSAGE_INVALID) {
            // The DC could not check the binding: maybe it no longer knows the permanent key. Ask it
            // under that key: -404 means it is gone (onLost), any answer that it is not.
            probeCause = t;
            probe = new MtpEngine(crypto, config.random(), auth.authKey(), auth.serverSalt(),
                    auth.timeOffsetMillis(), config.registry());
            TlWriter w = new TlWriter(24);
            new PingDelayDisconnect(config.random().nextLong(), 75).serialize(w);
            probe.enqueue(w.toByteArray(), true, PROBE);
            flush();
            return;
        }
        shutdown(e);
    }

    private void rebindDue() {
        rebindTimer = null;
        if (!closed && ready && binding == null && keyCreation == null && connection != null) {
            createTempKey(connection);
        }
    }

    /**
     * The DC no longer knows the temporary key (-404): every call not answered under it is sent
     * again under a new one. The DC dropped the key's sessions, and it answers a packet either
     * completely or with -404 on the same connection, so those calls did not run.
     */
    private void forgetTempKeys() {
        for (Call<?> call : live) {
            if (call.out != null) {
                call.out = null;
                call.engine = null;
                waiting.add(call);
            }
        }
        engine = null;
        engineUnbound = false;
        draining.clear();
        binding = null;
        lastPing = null;
        rebindAtMillis = Long.MAX_VALUE;
        if (rebindTimer != null) {
            rebindTimer.cancel(false);
            rebindTimer = null;
        }
    }

    private boolean hasCallsOn(MtpEngine e) {
        for (Call<?> call : live) {
            if (call.engine == e) {
                return true;
            }
        }
        return false;
    }

    /** The engine that carries calls now, or the one being bound before the first binding. */
    private MtpEngine current() {
        return engine != null ? engine : binding != null ? binding.engine : null;
    }

    /**
     * The transport has no request in flight, so the server cannot reach us: send another
     * http_wait. {@code sentBefore} is {@link #packetsSent} when the transport said so.
     */
    private void onLongPollNeeded(Connection c, long sentBefore) {
        if (c != connection || !ready || closed) {
            return;
        }
        longPollWanted = sentBefore;
        if (!longPollScheduled) {
            long wait = lastLongPollAt == Long.MIN_VALUE ? 0 : lastLongPollAt + LONG_POLL_MIN_INTERVAL_MILLIS - now();
            longPollScheduled = true;
            scheduler.schedule(() -> loop.execute(() -> sendLongPoll(c)), Math.max(0, wait), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Sends the http_wait asked for, unless a packet went out since the transport asked: that one
     * is in flight and the transport will ask again once it is answered. So one poll is
     * outstanding, not one per request.
     */
    private void sendLongPoll(Connection c) {
        longPollScheduled = false;
        long wanted = longPollWanted;
        longPollWanted = -1;
        MtpEngine e = current();
        if (c != connection || !ready || closed || wanted != packetsSent.get() || e == null) {
            return;
        }
        lastLongPollAt = now();
        e.enqueueHttpWait(0, 0, LONG_POLL_MAX_WAIT_MILLIS);
        flush();
    }

    private void submit(Call<?> call) {
        if (call.future.isDone()) {
            return;
        }
        if (closed) {
            call.future.completeExceptionally(new RequestCancelledException("sender is closed"));
            return;
        }
        live.add(call);
        if (!sweepScheduled) {
            sweepScheduled = true;
            scheduler.schedule(() -> loop.execute(this::sweepDeadlines), SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
        if (engine == null || binding != null || engineUnbound) {
            waiting.add(call);
            startIfIdle();
            return;
        }
        call.engine = engine;
        call.out = engine.enqueue(call.body, true, call);
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(this::flush);
        }
    }

    private void flush() {
        flushScheduled = false;
        if (!ready || closed) {
            return;
        }
        long now = now();
        if (!config.sendPermit().test(now)) {
            shutdown(new SessionStoreException(SessionStoreException.Kind.LEASE_LOST,
                    "no lease on the auth key of DC " + dcId + " any more: nothing more is sent on it", null));
            return;
        }
        // Old key first: its messages must reach the DC before a binding that unbinds it.
        for (var it = draining.iterator(); it.hasNext();) {
            MtpEngine old = it.next();
            send(old, now);
            if (!hasCallsOn(old)) {
                it.remove();
            }
        }
        for (MtpEngine e : new MtpEngine[] {engine, binding != null ? binding.engine : null, probe}) {
            if (e != null) {
                send(e, now);
            }
        }
    }

    private void send(MtpEngine e, long now) {
        byte[] packet;
        while ((packet = e.pack(now)) != null) {
            packetsSent.incrementAndGet();
            connection.transport.send(packet);
        }
    }

    private void flushAcks() {
        ackFlushScheduled = false;
        MtpEngine e = current();
        if (e != null && e.pendingAcks() > 0 || draining.stream().anyMatch(old -> old.pendingAcks() > 0)) {
            flush();
        }
    }

    private void onPacket(Connection c, byte[] packet) {
        if (c != connection || closed) {
            return;
        }
        long keyId = packet.length >= 8 ? PlainMessage.authKeyId(packet) : -1;
        if (keyCreation != null && keyCreation.connection == c && (keyId == 0 || !ready)) {
            // While a temporary key is created, calls go on under the bound one: plaintext is the exchange's.
            keyCreation.onPacket(packet);
            return;
        }
        MtpEngine target = engineFor(keyId);
        if (!ready || target == null) {
            return;
        }
        List<Inbound> events = new ArrayList<>(2);
        HeliographException rejected = null;
        try {
            target.receive(packet, now(), events);
        } catch (HeliographException e) {
            rejected = e;
        }
        if (target == probe && rejected == null) {
            // An authenticated answer under the permanent key: the DC knows it, the binding was refused.
            shutdown(probeCause);
            return;
        }
        // Before the answers: a caller woken by one sees the salt and clock offset its packet carried.
        reportAuthState();
        // Messages handled before a bad one in the same packet count: their answers are delivered.
        for (Inbound in : events) {
            deliver(in, target);
        }
        if (closed) {
            return;
        }
        if (rejected != null) {
            // The rest of the packet is dropped and the connection reset (tdesktop does the same).
            dropConnection(c, rejected);
            return;
        }
        keyUnknownOnce = false;
        if (target.hasQueued() || target.pendingAcks() >= ACK_BATCH || engine != null && engine.hasQueued()) {
            scheduleFlush();
        } else if (target.pendingAcks() > 0 && !ackFlushScheduled) {
            ackFlushScheduled = true;
            scheduler.schedule(() -> loop.execute(this::flushAcks), ACK_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** The engine a packet is for, by its auth_key_id; the current one when none matches (it rejects it). */
    private MtpEngine engineFor(long keyId) {
        if (binding != null && binding.tempKeyId == keyId) {
            return binding.engine;
        }
        for (MtpEngine old : draining) {
            if (old.authKeyId() == keyId) {
                return old;
            }
        }
        if (probe != null && auth.authKey().id() == keyId) {
            return probe;
        }
        return current();
    }

    private void deliver(Inbound in, MtpEngine from) {
        if (in instanceof Inbound.Result result) {
            Object token = result.request().token();
            if (token == BIND) {
                onBound(result.reader());
            } else if (token instanceof Call<?> call) {
                live.remove(call);
                call.complete(result.reader());
            }
        } else if (in instanceof Inbound.Failed failed) {
            Object token = failed.request().token();
            if (token == BIND) {
                onBindFailed(failed.error());
            } else if (token instanceof Call<?> call) {
                if (pfs && failed.error() instanceof TempAuthKeyException t
                        && t.reason() == TempAuthKeyException.Reason.AUTH_KEY_PERM_EMPTY) {
                    // Refused without running: the key it went under is no longer bound. Send it
                    // again under the bound key; if that was the bound key, bind a new one first.
                    call.out = null;
                    call.engine = null;
                    waiting.add(call);
                    if (from == engine) {
                        engineUnbound = true;
                        if (binding == null && keyCreation == null && connection != null) {
                            createTempKey(connection);
                        }
                    } else if (binding == null && engine != null && !engineUnbound) {
                        releaseWaiting();
                    }
                    return;
                }
                live.remove(call);
                call.future.completeExceptionally(failed.error());
            }
        } else if (in instanceof Inbound.Update update) {
            TlObject object;
            try {
                object = update.reader().readObject();
            } catch (TlDecodeException e) {
                // An update of a constructor this build does not know: nothing to deliver.
                return;
            }
            listener.update(dcId, object);
        } else if (in instanceof Inbound.NewSession) {
            listener.newSession(dcId);
        }
    }

    private void reportAuthState() {
        DcAuthState current = snapshot;
        MtpEngine e = current();
        if (e == null || current == null) {
            return;
        }
        // Under PFS the engine's salt is the temporary key's: the permanent key keeps its own.
        long salt = pfs ? current.serverSalt() : e.salt();
        if (current.serverSalt() != salt || current.timeOffsetMillis() != e.timeOffsetMillis()) {
            DcAuthState next = current.with(salt, e.timeOffsetMillis());
            snapshot = next;
            auth = next;
            listener.authStateChanged(next);
        }
    }

    /** Fails the calls past their deadline; one timer per sender instead of one per call. */
    private void sweepDeadlines() {
        sweepScheduled = false;
        long now = System.nanoTime();
        List<Call<?>> expired = null;
        for (Call<?> call : live) {
            if (now - call.deadline >= 0) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(call);
            }
        }
        if (expired != null) {
            for (Call<?> call : expired) {
                forget(call);
                call.future.completeExceptionally(new RequestTimeoutException("no answer from DC " + dcId + " in time"));
            }
        }
        if (!live.isEmpty() && !closed) {
            sweepScheduled = true;
            scheduler.schedule(() -> loop.execute(this::sweepDeadlines), SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void forget(Call<?> call) {
        live.remove(call);
        waiting.remove(call);
        if (call.out != null && call.engine != null) {
            call.engine.forget(call.out);
        }
    }

    private void startKeepAlive() {
        if (keepAlive == null) {
            long every = config.keepAliveInterval().toMillis();
            keepAlive = scheduler.scheduleAtFixedRate(() -> loop.execute(this::keepAlive), every, every,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void keepAlive() {
        if (!ready || closed || engine == null) {
            return;
        }
        if (lastPing != null && lastPing.state() != OutMessage.State.DONE) {
            dropConnection(connection, new TransportException(TransportException.Kind.IO,
                    "no pong from DC " + dcId + " within the keep-alive interval", null));
            return;
        }
        int disconnectDelay = (int) (config.keepAliveInterval().toSeconds() * 2 + 15);
        TlWriter w = new TlWriter(24);
        new PingDelayDisconnect(config.random().nextLong(), disconnectDelay).serialize(w);
        lastPing = engine.enqueue(w.toByteArray(), true, PING);
        engine.maintain(now());
        scheduleFlush();
    }

    private void dropConnection(Connection c, HeliographException cause) {
        if (c.transport != null) {
            c.transport.close();
        }
        onLost(c, cause);
    }

    private void onLost(Connection c, HeliographException cause) {
        if (c != connection || closed) {
            return;
        }
        connection = null;
        ready = false;
        if (keyCreation != null) {
            keyCreation.fail(cause);
        }
        // A probe of the permanent key ends with its connection: only the -404 below is its answer.
        boolean probing = probe != null;
        probe = null;
        if (cause instanceof TransportException te && te.authKeyNotFound()) {
            // Anyone on the path can send -404: it counts once it repeats on a fresh connection.
            if (probing) {
                if (permKeyUnknownOnce) {
                    // The permanent key: only a new key (and a new login) helps.
                    shutdown(te);
                    return;
                }
                permKeyUnknownOnce = true;
            } else if (!keyUnknownOnce) {
                keyUnknownOnce = true;
            } else if (pfs) {
                // A temporary key expired or was dropped: a new one, bound to the same permanent key.
                forgetTempKeys();
                keyUnknownOnce = false;
            } else {
                // The permanent key: only a new key (and a new login) helps.
                shutdown(te);
                return;
            }
        }
        if (!connected.isDone() && attempt == 0) {
            connected.completeExceptionally(cause);
        }
        attempt++;
        long delay = config.reconnectBackoff().delayMillis(attempt, config.random());
        reconnectPending = true;
        listener.reconnecting(dcId, attempt, delay, cause);
        scheduler.schedule(() -> loop.execute(this::reconnect), delay, TimeUnit.MILLISECONDS);
    }

    private void reconnect() {
        reconnectPending = false;
        if (!closed && connection == null) {
            open();
        }
    }

    private void failConnection(HeliographException e) {
        if (connection != null) {
            dropConnection(connection, e);
        }
    }

    private void shutdown(HeliographException cause) {
        if (closed) {
            return;
        }
        closed = true;
        ready = false;
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        if (rebindTimer != null) {
            rebindTimer.cancel(false);
        }
        if (connection != null && connection.transport != null) {
            connection.transport.close();
        }
        connection = null;
        // The listener first: whoever sees a call fail this way also sees the sender closed.
        listener.closed(dcId, cause);
        HeliographException failure = cause != null ? cause : new RequestCancelledException("sender closed");
        connected.completeExceptionally(failure);
        for (Call<?> call : new ArrayList<>(live)) {
            call.future.completeExceptionally(failure);
        }
        live.clear();
        waiting.clear();
    }

    private static HeliographException asHeliograph(Throwable t) {
        Throwable e = Failures.unwrap(t);
        if (e instanceof HeliographException h) {
            return h;
        }
        return new TransportException(TransportException.Kind.IO, String.valueOf(e.getMessage()), e);
    }

    /** One call: its request bytes, its future and its engine handle. */
    private static final class Call<R> {
        final TlMethod<R> method;
        final byte[] body;
        final long deadline;
        final CompletableFuture<R> future = new CompletableFuture<>();
        long seq;
        /** The engine {@link #out} belongs to. */
        MtpEngine engine;
        OutMessage out;

        Call(TlMethod<R> method, byte[] body, long deadline) {
            this.method = method;
            this.body = body;
            this.deadline = deadline;
        }

        void complete(TlReader reader) {
            try {
                future.complete(method.readResult(reader));
            } catch (RuntimeException e) {
                // A result that does not decode fails this call only, never the connection.
                future.completeExceptionally(e);
            }
        }
    }

    /** A temporary key whose binding is in flight. */
    private static final class Binding {
        final MtpEngine engine;
        final long tempKeyId;
        final long createdAtMillis;

        Binding(MtpEngine engine, long tempKeyId, long createdAtMillis) {
            this.engine = engine;
            this.tempKeyId = tempKeyId;
            this.createdAtMillis = createdAtMillis;
        }
    }

    /** The listener of one transport connection; callbacks from a replaced connection are ignored. */
    private final class Connection implements TransportListener {
        TransportConnection transport;

        @Override
        public void onPacket(byte[] packet) {
            loop.execute(() -> RealDcSender.this.onPacket(this, packet));
        }

        @Override
        public void onLongPollNeeded() {
            long sentBefore = packetsSent.get();
            loop.execute(() -> RealDcSender.this.onLongPollNeeded(this, sentBefore));
        }

        @Override
        public void onClosed(TransportException cause) {
            loop.execute(() -> onLost(this, cause != null ? cause
                    : new TransportException(TransportException.Kind.CLOSED, "connection closed", null)));
        }
    }

    /** Runs {@link AuthKeyExchange} over plaintext messages on one connection. */
    private final class KeyCreation {
        final Connection connection;
        final CompletableFuture<DcAuthState> result;
        /** 0 for the permanent key, else the temporary key's lifetime in seconds. */
        final int expiresIn;
        final MsgIds msgIds = new MsgIds(0);
        AuthKeyExchange exchange;
        int restarts;
        ScheduledFuture<?> timer;

        KeyCreation(Connection connection, CompletableFuture<DcAuthState> result, int expiresIn) {
            this.connection = connection;
            this.result = result;
            this.expiresIn = expiresIn;
        }

        void start() {
            exchange = new AuthKeyExchange(config.cryptoProvider(), config.trustedKeys(), DhParamsVerifier.shared(),
                    config.random(), config.endpoint().protocolDcId(), expiresIn, DhHalves.shared());
            if (timer == null) {
                timer = scheduler.schedule(() -> loop.execute(() -> {
                    if (keyCreation == this) {
                        dropConnection(connection, new TransportException(TransportException.Kind.IO,
                                "key creation with DC " + dcId + " timed out", null));
                    }
                }), KEY_CREATION_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
            send(exchange.start());
        }

        void send(TlObject request) {
            connection.transport.send(PlainMessage.encode(msgIds.next(now()), request));
        }

        void onPacket(byte[] packet) {
            try {
                int[] body = PlainMessage.body(packet);
                TlObject answer = new TlReader(packet, body[0], body[1], MtprotoSchema.registry(), TlLimits.DEFAULT)
                        .readObject();
                if (answer instanceof ResPQ res) {
                    send(exchange.onResPQ(res));
                } else if (answer instanceof ServerDHParams params) {
                    send(exchange.onServerDHParams(params, now()));
                } else if (answer instanceof SetClientDHParamsAnswer dh) {
                    AuthKeyExchange.Outcome outcome = exchange.onDhGenAnswer(dh);
                    if (outcome instanceof AuthKeyExchange.Retry retry) {
                        send(retry.request());
                    } else if (outcome instanceof AuthKeyExchange.Created created) {
                        finish(created);
                    }
                } else {
                    throw new SecurityCheckException(SecurityCheckException.Check.PLAINTEXT,
                            String.format("unexpected constructor #%08x during key creation", answer.constructorId()));
                }
            } catch (ProtocolException e) {
                if (++restarts > KEY_CREATION_RESTARTS) {
                    fail(e);
                } else {
                    start();
                }
            } catch (TlDecodeException e) {
                fail(new SecurityCheckException(SecurityCheckException.Check.PLAINTEXT,
                        "undecodable answer during key creation: " + e.getMessage()));
            } catch (HeliographException e) {
                fail(e);
            }
        }

        private void finish(AuthKeyExchange.Created created) {
            timer.cancel(false);
            keyCreation = null;
            DcAuthState state = new DcAuthState(dcId, created.authKey(), created.serverSalt(),
                    created.timeOffsetMillis());
            if (expiresIn == 0) {
                listener.authKeyCreated(state);
            }
            result.complete(state);
        }

        void fail(HeliographException e) {
            if (timer != null) {
                timer.cancel(false);
            }
            if (keyCreation == this) {
                keyCreation = null;
            }
            result.completeExceptionally(e);
        }
    }
}
