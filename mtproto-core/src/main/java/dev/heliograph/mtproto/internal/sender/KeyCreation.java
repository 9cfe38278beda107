package dev.heliograph.mtproto.internal.sender;

import dev.heliograph.error.HeliographException;
import dev.heliograph.error.ProtocolException;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.error.TlDecodeException;
import dev.heliograph.error.TransportException;
import dev.heliograph.mtproto.DcAuthState;
import dev.heliograph.mtproto.internal.auth.AuthKeyExchange;
import dev.heliograph.mtproto.internal.auth.PlainMessage;
import dev.heliograph.mtproto.internal.engine.MsgIds;
import dev.heliograph.tl.TlLimits;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import dev.heliograph.tl.mtproto.ResPQ;
import dev.heliograph.tl.mtproto.ServerDHParams;
import dev.heliograph.tl.mtproto.SetClientDHParamsAnswer;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * One run of {@link AuthKeyExchange} over plaintext messages on one connection, permanent or
 * temporary key: restarts the exchange when a step fails a check (a few times), gives up after
 * {@link #TIMEOUT_MILLIS}, and completes {@link #result()} once. Confined to the sender's loop.
 */
final class KeyCreation {

    static final long TIMEOUT_MILLIS = 15_000;
    static final int RESTARTS = 3;

    /** What a key creation needs from its sender. */
    interface Host {
        /**
         * Sends a plaintext packet on the connection the key is created on.
         *
         * @param packet the packet
         */
        void sendPlain(byte[] packet);

        /**
         * The exchange took longer than {@link #TIMEOUT_MILLIS}: the sender drops the connection,
         * which ends this run through {@link KeyCreation#fail}.
         *
         * @param run this run
         * @param cause the failure to drop the connection with
         */
        void timedOut(KeyCreation run, TransportException cause);

        /**
         * The run ended and takes no more packets; called before {@link #result()} completes.
         *
         * @param run this run
         * @param created the key, or null when the run failed
         */
        void ended(KeyCreation run, DcAuthState created);
    }

    private final Host host;
    private final int dcId;
    private final IntFunction<AuthKeyExchange> exchanges;
    private final LongSupplier clock;
    private final LoopTimers timers;
    private final int expiresIn;
    private final CompletableFuture<DcAuthState> result;
    private final MsgIds msgIds = new MsgIds(0);
    private AuthKeyExchange exchange;
    private int restarts;
    private LoopTimers.Cancellable timer;
    private boolean ended;

    /**
     * Prepares a run; {@link #start()} sends the first request.
     *
     * @param host the sender
     * @param dcId the DC, for messages and the created state
     * @param exchanges a new exchange for a key lifetime (0 for a permanent key), per (re)start
     * @param clock local time in milliseconds
     * @param timers timers on the sender's loop
     * @param expiresIn 0 for the permanent key, else the temporary key's lifetime in seconds
     * @param result completes with the key, or exceptionally
     */
    KeyCreation(Host host, int dcId, IntFunction<AuthKeyExchange> exchanges, LongSupplier clock, LoopTimers timers,
                int expiresIn, CompletableFuture<DcAuthState> result) {
        this.host = host;
        this.dcId = dcId;
        this.exchanges = exchanges;
        this.clock = clock;
        this.timers = timers;
        this.expiresIn = expiresIn;
        this.result = result;
    }

    /**
     * Returns whether this run creates a temporary key.
     *
     * @return true for a temporary key
     */
    boolean temporary() {
        return expiresIn != 0;
    }

    /**
     * Returns what the run completes.
     *
     * @return the key, or a failure
     */
    CompletableFuture<DcAuthState> result() {
        return result;
    }

    /** Starts (or restarts) the exchange; the timeout counts from the first start. */
    void start() {
        exchange = exchanges.apply(expiresIn);
        if (timer == null) {
            timer = timers.after(TIMEOUT_MILLIS, () -> {
                if (!ended) {
                    host.timedOut(this, new TransportException(TransportException.Kind.IO,
                            "key creation with DC " + dcId + " timed out", null));
                }
            });
        }
        send(exchange.start());
    }

    private void send(TlObject request) {
        host.sendPlain(PlainMessage.encode(msgIds.next(clock.getAsLong()), request));
    }

    /**
     * Takes a plaintext packet from the DC.
     *
     * @param packet the packet
     */
    void onPacket(byte[] packet) {
        try {
            int[] body = PlainMessage.body(packet);
            TlObject answer = new TlReader(packet, body[0], body[1], MtprotoSchema.registry(), TlLimits.DEFAULT)
                    .readObject();
            if (answer instanceof ResPQ res) {
                send(exchange.onResPQ(res));
            } else if (answer instanceof ServerDHParams params) {
                send(exchange.onServerDHParams(params, clock.getAsLong()));
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
            if (++restarts > RESTARTS) {
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
        DcAuthState state = new DcAuthState(dcId, created.authKey(), created.serverSalt(), created.timeOffsetMillis());
        end(state);
        result.complete(state);
    }

    /**
     * Ends the run with a failure (its connection was lost, or a check failed); no-op once ended.
     *
     * @param e the failure
     */
    void fail(HeliographException e) {
        if (!ended) {
            end(null);
            result.completeExceptionally(e);
        }
    }

    private void end(DcAuthState created) {
        ended = true;
        if (timer != null) {
            timer.cancel();
        }
        host.ended(this, created);
    }
}
