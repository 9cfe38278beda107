package dev.heliograph.mtproto.internal.sender;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.error.HeliographException;
import dev.heliograph.error.ProtocolException;
import dev.heliograph.error.TempAuthKeyException;
import dev.heliograph.mtproto.DcAuthState;
import dev.heliograph.mtproto.internal.auth.TempKeyBinding;
import dev.heliograph.mtproto.internal.engine.MtpEngine;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.mtproto.functions.PingDelayDisconnect;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Perfect forward secrecy for one sender (MTPROTO-NOTES 10): binds temporary keys to the permanent
 * one, replaces them at three quarters of their lifetime, keeps the engines of replaced keys until
 * their calls are answered, and probes the permanent key when the DC cannot check a binding. The
 * permanent key never carries calls. The sender keeps the engine that carries calls and moves the
 * calls; this class decides about keys. Confined to the sender's loop.
 */
final class TempKeys {

    /** Token of auth.bindTempAuthKey: its answer goes to {@link #bound}. */
    static final Object BIND = new Object();
    /** Token of the ping that asks whether the DC still knows the permanent key. */
    static final Object PROBE = new Object();

    private final MtprotoCrypto crypto;
    private final RandomSource random;
    private final Function<DcAuthState, MtpEngine> engines;
    private final int lifetimeSeconds;
    private final LongSupplier clock;
    private final LoopTimers timers;
    private final Runnable rebindDue;

    /** A temporary key being bound; calls submitted meanwhile wait. */
    private MtpEngine binding;
    private long bindingCreatedAt;
    /** Engines of previous temporary keys, each kept until the calls sent under it are answered. */
    private final List<MtpEngine> draining = new ArrayList<>(1);
    /** The DC refused a call under the current key as bound to nothing: calls wait for a new one. */
    private boolean engineUnbound;
    /** Local time when the bound temporary key is replaced (three quarters of its lifetime). */
    private long rebindAtMillis = Long.MAX_VALUE;
    private LoopTimers.Cancellable rebindTimer;
    /** A ping under the permanent key, after ENCRYPTED_MESSAGE_INVALID: does the DC still know it? */
    private MtpEngine probe;
    private TempAuthKeyException probeCause;
    /** A probe was answered with -404 once: the next such answer (on a fresh connection) counts. */
    private boolean permKeyUnknownOnce;

    /**
     * Creates the state of a sender without temporary keys yet.
     *
     * @param crypto the crypto helpers, for the binding message
     * @param random randomness for the binding message and probe pings
     * @param engines a new engine under a key
     * @param lifetime the temporary keys' lifetime in seconds
     * @param clock local time in milliseconds
     * @param timers timers on the sender's loop
     * @param rebindDue runs on the loop when the bound key should be replaced
     */
    TempKeys(MtprotoCrypto crypto, RandomSource random, Function<DcAuthState, MtpEngine> engines, int lifetime,
             LongSupplier clock, LoopTimers timers, Runnable rebindDue) {
        this.crypto = crypto;
        this.random = random;
        this.engines = engines;
        this.lifetimeSeconds = lifetime;
        this.clock = clock;
        this.timers = timers;
        this.rebindDue = rebindDue;
    }

    /**
     * Returns the temporary keys' lifetime.
     *
     * @return seconds
     */
    int lifetimeSeconds() {
        return lifetimeSeconds;
    }

    /**
     * Returns whether a new temporary key is needed now: none is being bound and there is no
     * bound one, or it was refused, or it is due for replacement.
     *
     * @param hasBoundKey whether an engine carries calls
     * @return true to create a temporary key
     */
    boolean due(boolean hasBoundKey) {
        return binding == null && (!hasBoundKey || engineUnbound || clock.getAsLong() >= rebindAtMillis);
    }

    /**
     * Returns whether calls must wait instead of going to the current engine.
     *
     * @return true while a key is being bound or the current one was refused
     */
    boolean holdsCalls() {
        return binding != null || engineUnbound;
    }

    /**
     * Returns whether a key is being bound.
     *
     * @return true between {@link #bind} and its answer
     */
    boolean binding() {
        return binding != null;
    }

    /**
     * Returns the engine of the key being bound.
     *
     * @return the engine, or null
     */
    MtpEngine bindingEngine() {
        return binding;
    }

    /**
     * Returns the engines of replaced keys; the sender sends on them and removes those whose calls
     * are all answered.
     *
     * @return the live list
     */
    List<MtpEngine> draining() {
        return draining;
    }

    /**
     * Returns the probe of the permanent key.
     *
     * @return its engine, or null
     */
    MtpEngine probe() {
        return probe;
    }

    /** The DC refused a call under the current key as bound to nothing. */
    void unbound() {
        engineUnbound = true;
    }

    /**
     * Returns whether the DC refused the current key.
     *
     * @return true until another key is bound
     */
    boolean engineUnbound() {
        return engineUnbound;
    }

    /**
     * A temporary key was created: queues auth.bindTempAuthKey (token {@link #BIND}) on a new
     * engine under it.
     *
     * @param permanent the permanent key
     * @param temp the temporary key
     * @return the engine the binding goes out on
     */
    MtpEngine bind(DcAuthState permanent, DcAuthState temp) {
        long createdAt = clock.getAsLong();
        int expiresAt = (int) Math.min(Integer.MAX_VALUE,
                Math.floorDiv(createdAt + temp.timeOffsetMillis(), 1000) + lifetimeSeconds);
        MtpEngine e = engines.apply(temp);
        TempKeyBinding request = new TempKeyBinding(crypto, random, permanent.authKey(), temp.authKey().id(),
                e.sessionId(), expiresAt);
        binding = e;
        bindingCreatedAt = createdAt;
        e.enqueueForMsgId(request::request, BIND);
        return e;
    }

    /**
     * auth.bindTempAuthKey answered: the new key carries every call from now on, and its
     * replacement is scheduled.
     *
     * @param answer the answer (a Bool)
     * @param old the engine that carried calls until now, or null; kept until its calls are answered
     * @return the engine of the bound key
     * @throws HeliographException if the answer does not decode or is boolFalse
     */
    MtpEngine bound(TlReader answer, MtpEngine old) throws HeliographException {
        MtpEngine next = binding;
        binding = null;
        if (!answer.readBool()) {
            throw new ProtocolException(0, "auth.bindTempAuthKey answered boolFalse");
        }
        engineUnbound = false;
        permKeyUnknownOnce = false;
        if (old != null) {
            draining.add(old);
        }
        rebindAtMillis = bindingCreatedAt + lifetimeSeconds * 750L;
        cancelRebind();
        rebindTimer = timers.after(Math.max(0, rebindAtMillis - clock.getAsLong()), () -> {
            rebindTimer = null;
            rebindDue.run();
        });
        return next;
    }

    /**
     * auth.bindTempAuthKey failed. When the DC could not check the binding, maybe it no longer
     * knows the permanent key: a ping under that key (token {@link #PROBE}) asks; -404 means it is
     * gone, any answer that it is not.
     *
     * @param e the failure
     * @param permanent the permanent key
     * @return true if a probe was queued, false if the failure is final
     */
    boolean bindFailed(HeliographException e, DcAuthState permanent) {
        binding = null;
        if (e instanceof TempAuthKeyException t && t.reason() == TempAuthKeyException.Reason.ENCRYPTED_MESSAGE_INVALID) {
            probeCause = t;
            probe = engines.apply(permanent);
            TlWriter w = new TlWriter(24);
            new PingDelayDisconnect(random.nextLong(), 75).serialize(w);
            probe.enqueue(w.toByteArray(), true, PROBE);
            return true;
        }
        return false;
    }

    /**
     * Returns the failure to close with when a packet authenticated under {@code target} came: an
     * answer under the permanent key means the DC knows it, so the binding was refused.
     *
     * @param target the engine that accepted the packet
     * @return the binding's failure, or null when {@code target} is not the probe
     */
    TempAuthKeyException probeAnswered(MtpEngine target) {
        return target == probe ? probeCause : null;
    }

    /**
     * The connection was lost: a probe ends with it.
     *
     * @return whether a probe was running
     */
    boolean endProbe() {
        boolean probing = probe != null;
        probe = null;
        return probing;
    }

    /**
     * A probe was answered with -404. Anyone on the path can send that: only a second one, on a
     * fresh connection, counts.
     *
     * @return true if the permanent key is gone
     */
    boolean permKeyNotFound() {
        if (permKeyUnknownOnce) {
            return true;
        }
        permKeyUnknownOnce = true;
        return false;
    }

    /**
     * The engine a packet is for, by its auth_key_id: the key being bound, a replaced one, or the
     * permanent key while probed.
     *
     * @param keyId the packet's auth_key_id
     * @param permKeyId the permanent key's id
     * @return the engine, or null for the current one
     */
    MtpEngine engineFor(long keyId, long permKeyId) {
        if (binding != null && binding.authKeyId() == keyId) {
            return binding;
        }
        for (MtpEngine old : draining) {
            if (old.authKeyId() == keyId) {
                return old;
            }
        }
        if (probe != null && permKeyId == keyId) {
            return probe;
        }
        return null;
    }

    /**
     * The DC no longer knows the temporary key (-404): forgets every temporary key; the next
     * connection binds a new one.
     */
    void forget() {
        engineUnbound = false;
        draining.clear();
        binding = null;
        rebindAtMillis = Long.MAX_VALUE;
        cancelRebind();
    }

    /** The sender closed. */
    void close() {
        cancelRebind();
    }

    private void cancelRebind() {
        if (rebindTimer != null) {
            rebindTimer.cancel();
            rebindTimer = null;
        }
    }
}
