package dev.heliograph.client.internal;

import dev.heliograph.client.RpcInterceptor;
import dev.heliograph.mtproto.RequestOptions;
import dev.heliograph.tl.TlMethod;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The chain handed to interceptor {@code index - 1}: proceeding runs interceptor {@code index}
 * with a chain one step further down. Immutable, so an interceptor may proceed several times
 * (retries) and every attempt runs the rest of the chain afresh.
 */
final class RealRpcChain<R> implements RpcInterceptor.Chain<R> {

    private final List<RpcInterceptor> interceptors;
    private final int index;
    private final TlMethod<R> request;
    private final int dcId;
    private final RequestOptions options;

    RealRpcChain(List<RpcInterceptor> interceptors, int index, TlMethod<R> request, int dcId,
            RequestOptions options) {
        this.interceptors = interceptors;
        this.index = index;
        this.request = request;
        this.dcId = dcId;
        this.options = options;
    }

    /**
     * Runs a call through every interceptor.
     *
     * @param interceptors the whole chain, ending with one that does not proceed
     * @param request the call
     * @param dcId where it is addressed
     * @param options the caller's options
     * @param <R> the result type
     * @return the result
     */
    static <R> CompletableFuture<R> run(List<RpcInterceptor> interceptors, TlMethod<R> request, int dcId,
            RequestOptions options) {
        return new RealRpcChain<>(interceptors, 0, request, dcId, options).proceed(request).toCompletableFuture();
    }

    @Override
    public TlMethod<R> request() {
        return request;
    }

    @Override
    public int dcId() {
        return dcId;
    }

    @Override
    public RequestOptions options() {
        return options;
    }

    @Override
    public CompletionStage<R> proceed(TlMethod<R> next) {
        return proceedOn(dcId, next);
    }

    @Override
    public CompletionStage<R> proceedOn(int dc, TlMethod<R> next) {
        Objects.requireNonNull(next, "request is null");
        if (index >= interceptors.size()) {
            throw new IllegalStateException("the last interceptor must not proceed");
        }
        RealRpcChain<R> chain = new RealRpcChain<>(interceptors, index + 1, next, dc, options);
        try {
            CompletionStage<R> result = interceptors.get(index).intercept(chain);
            return Objects.requireNonNull(result, "an interceptor returned null");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
