package dev.heliograph.client;

import dev.heliograph.mtproto.RequestOptions;
import dev.heliograph.tl.TlMethod;
import java.util.concurrent.CompletionStage;

/**
 * Middleware around every call of a {@link HeliographClient}, in the style of OkHttp's
 * interceptors. An interceptor sees the call, may change it, observes or replaces the result, and
 * passes it on with {@link Chain#proceed}. User interceptors run first, before the client's own
 * (see the diagram on {@link HeliographClient}); they see each call once, however many retries and
 * migrations happen below them.
 *
 * <pre>{@code
 * final class Timing implements RpcInterceptor {
 *     public <R> CompletionStage<R> intercept(Chain<R> chain) {
 *         long start = System.nanoTime();
 *         return chain.proceed(chain.request())
 *                 .whenComplete((r, e) -> record(chain.request(), System.nanoTime() - start));
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe and must not block.
 *
 * @since 0.1
 */
public interface RpcInterceptor {

    /**
     * Handles one call.
     *
     * @param chain the call and the rest of the chain
     * @param <R> the call's result type
     * @return the result
     */
    <R> CompletionStage<R> intercept(Chain<R> chain);

    /**
     * One call on its way down the chain.
     *
     * @param <R> the call's result type
     */
    interface Chain<R> {

        /** The {@link #dcId()} of calls addressed to the session's home DC, whichever it is. */
        int HOME_DC = 0;

        /**
         * Returns the call as it reached this interceptor.
         *
         * @return the request
         */
        TlMethod<R> request();

        /**
         * Returns the DC the call is addressed to.
         *
         * @return the DC id, or {@link #HOME_DC} for the session's home DC, which the migration
         *     step resolves at each attempt (so a retry after {@code USER_MIGRATE_X} goes to X)
         */
        int dcId();

        /**
         * Returns the options the caller gave the call (its timeout, applied to each attempt on
         * the sender).
         *
         * @return the options
         */
        RequestOptions options();

        /**
         * Passes a call to the next interceptor, to the same DC.
         *
         * @param request the call (the same or a replacement)
         * @return the result
         */
        CompletionStage<R> proceed(TlMethod<R> request);

        /**
         * Passes a call to the next interceptor, addressed to another DC.
         *
         * @param dcId the DC
         * @param request the call
         * @return the result
         */
        CompletionStage<R> proceedOn(int dcId, TlMethod<R> request);
    }
}
