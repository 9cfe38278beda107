package dev.heliograph.client.internal;

import dev.heliograph.client.RpcInterceptor;
import dev.heliograph.error.Failures;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The end of the chain: sends the call on the DC's {@link dev.heliograph.mtproto.DcSender}. Every
 * call the client makes reaches a DC link here, once per attempt.
 */
final class SenderInterceptor implements RpcInterceptor {

    private final DcLinks links;
    private final Events events;
    private final LongSupplier ticker;

    SenderInterceptor(DcLinks links, Events events, LongSupplier ticker) {
        this.links = links;
        this.events = events;
        this.ticker = ticker;
    }

    @Override
    public <R> CompletionStage<R> intercept(Chain<R> chain) {
        DcLink link = links.link(chain.dcId());
        String method = Methods.name(chain.request());
        events.rpcStart(link.dcId(), method);
        long start = ticker.getAsLong();
        return link.sender().invoke(chain.request(), chain.options()).whenComplete((result, t) -> {
            Throwable e = Failures.unwrap(t);
            links.callFailed(link, e);
            events.rpcEnd(link.dcId(), method, Duration.ofNanos(ticker.getAsLong() - start), e);
        });
    }
}
