package dev.heliograph.mtproto;

import dev.heliograph.mtproto.internal.sender.RealDcSender;
import dev.heliograph.tl.TlMethod;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One encrypted MTProto session with one DC over one transport connection: the bottom of the RPC
 * stack. It creates (or adopts) the auth key, keeps many calls in flight, acknowledges, pings,
 * reconnects with exponential back-off and jitter, and keeps the session across reconnects so that
 * every call completes exactly once and nothing the server executed runs twice.
 *
 * <p>It sends exactly what it is given: wrapping the first call in
 * {@code invokeWithLayer(initConnection(...))}, retrying flood waits and following migrations are
 * the business of the layers above.
 *
 * <p>Thread-safe. No thread per sender: all senders of a process share a small scheduler, and the
 * state of each is confined to its own serial executor on that pool (a call made while nothing is
 * in flight is sent from the caller's thread). Answers complete their futures on the pool, so
 * dependent actions should be quick or use the {@code *Async} variants; a call refused at once (the
 * sender is closed) may fail on the caller's thread.
 */
public interface DcSender extends AutoCloseable {

    /**
     * Creates a sender; nothing happens until {@link #connect()} or the first call.
     *
     * @param config the configuration
     * @return the sender
     */
    static DcSender create(DcSenderConfig config) {
        return new RealDcSender(config);
    }

    /**
     * Returns the DC this sender talks to.
     *
     * @return the DC id
     */
    int dcId();

    /**
     * Connects and makes the session ready: opens the transport and, without a configured key,
     * obtains one through the {@link AuthKeyCoordinator}. Idempotent.
     *
     * @return completes when the first connection is ready, or exceptionally if it could not be
     *     made ready (a {@link dev.heliograph.error.HeliographException})
     */
    CompletionStage<Void> connect();

    /**
     * Sends a call. Calls may be made before the connection is ready; they go out as soon as it
     * is.
     *
     * @param method the request
     * @param options the timeout
     * @param <R> the result type
     * @return completes with the result, or exceptionally with an
     *     {@link dev.heliograph.error.RpcException} (the server's error, typed),
     *     {@link dev.heliograph.error.RequestTimeoutException},
     *     {@link dev.heliograph.error.RequestCancelledException} (after {@link #close()}), or another
     *     {@link dev.heliograph.error.HeliographException}. Cancelling the future stops waiting for
     *     the answer.
     */
    <R> CompletionStage<R> invoke(TlMethod<R> method, RequestOptions options);

    /**
     * Sends a call with the default options.
     *
     * @param method the request
     * @param <R> the result type
     * @return see {@link #invoke(TlMethod, RequestOptions)}
     */
    default <R> CompletionStage<R> invoke(TlMethod<R> method) {
        return invoke(method, RequestOptions.DEFAULT);
    }

    /**
     * Returns the auth key with the current salt and clock offset, to persist.
     *
     * @return the state, empty until a key is known
     */
    Optional<DcAuthState> authState();

    /** Closes the connection and fails the calls still waiting with {@link dev.heliograph.error.RequestCancelledException}. */
    @Override
    void close();
}
