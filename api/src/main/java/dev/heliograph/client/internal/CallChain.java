package dev.heliograph.client.internal;

import dev.heliograph.client.RpcInterceptor;
import dev.heliograph.mtproto.RequestOptions;
import dev.heliograph.tl.TlMethod;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The client's whole interceptor chain, user interceptors first and the sender last. */
final class CallChain {

    private final List<RpcInterceptor> interceptors;

    /**
     * Creates the chain.
     *
     * @param interceptors every step, outermost first, ending with one that does not proceed
     */
    CallChain(List<RpcInterceptor> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    /**
     * Runs a call to the session's home DC (resolved at each attempt by the migration step).
     *
     * @param method the call
     * @param options the caller's options
     * @param <R> the result type
     * @return the result
     */
    <R> CompletableFuture<R> toHome(TlMethod<R> method, RequestOptions options) {
        return RealRpcChain.run(interceptors, method, RpcInterceptor.Chain.HOME_DC, options);
    }

    /**
     * Runs a call to the home DC with the default options.
     *
     * @param method the call
     * @param <R> the result type
     * @return the result
     */
    <R> CompletableFuture<R> toHome(TlMethod<R> method) {
        return toHome(method, RequestOptions.DEFAULT);
    }
}
