package dev.heliograph.client.internal;

import dev.heliograph.client.RpcInterceptor;
import dev.heliograph.error.Failures;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** The end of the chain: sends the call on the DC's {@link dev.heliograph.mtproto.DcSender}. */
final class SenderInterceptor implements RpcInterceptor {

    private final RealHeliographClient client;
    private final Events events;

    SenderInterceptor(RealHeliographClient client, Events events) {
        this.client = client;
        this.events = events;
    }

    @Override
    public <R> CompletionStage<R> intercept(Chain<R> chain) {
        DcLink link = client.link(chain.dcId());
        String method = Methods.name(chain.request());
        events.rpcStart(link.dcId(), method);
        long start = System.nanoTime();
        return link.sender().invoke(chain.request(), chain.options()).whenComplete((result, t) -> {
            Throwable e = Failures.unwrap(t);
            client.callFailed(link, e);
            events.rpcEnd(link.dcId(), method, Duration.ofNanos(System.nanoTime() - start), e);
        });
    }
}
