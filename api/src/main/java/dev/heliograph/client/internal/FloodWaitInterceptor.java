package dev.heliograph.client.internal;

import dev.heliograph.client.ClientResources;
import dev.heliograph.client.RetryContext;
import dev.heliograph.client.RetryPolicy;
import dev.heliograph.client.RpcInterceptor;
import dev.heliograph.error.Failures;
import dev.heliograph.error.FloodWaitException;
import dev.heliograph.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@code 420 FLOOD_WAIT_X}: asks the {@link RetryPolicy}, then either waits (on a timer, no
 * thread blocked) and runs the rest of the chain again, or fails with the typed error.
 *
 * <p>Flood waits are shared through the session store: a wait the server gives one host is
 * stored with its end, and every host sharing the session treats a call to that method before
 * the end as if the server had answered {@code FLOOD_WAIT} with the time left, without sending
 * it. A store that cannot be read does not block calls (the server still enforces its limits).
 */
final class FloodWaitInterceptor implements RpcInterceptor {

    private final RetryPolicy policy;
    private final Events events;
    private final SessionStore store;
    private final String session;
    private final ClientResources resources;

    FloodWaitInterceptor(RetryPolicy policy, Events events, SessionStore store, String session,
            ClientResources resources) {
        this.policy = policy;
        this.events = events;
        this.store = store;
        this.session = session;
        this.resources = resources;
    }

    @Override
    public <R> CompletionStage<R> intercept(Chain<R> chain) {
        return attempt(chain, 0, Duration.ZERO);
    }

    private <R> CompletionStage<R> attempt(Chain<R> chain, int failures, Duration slept) {
        String method = Methods.name(chain.request());
        return store.floodWaitUntil(session, method).handle((until, error) -> error == null && until.isPresent()
                ? until.get().toEpochMilli() - resources.wallClock().getAsLong() : 0L).thenCompose(left -> {
            CompletionStage<R> result = left > 0
                    ? CompletableFuture.failedStage(new FloodWaitException(420, "FLOOD_WAIT_" + (left + 999) / 1000))
                    : chain.proceed(chain.request());
            return result.exceptionallyCompose(t -> {
                Throwable e = Failures.unwrap(t);
                if (!(e instanceof FloodWaitException flood)) {
                    return CompletableFuture.failedStage(e);
                }
                if (left > 0) {
                    return retry(chain, failures, slept, flood);
                }
                Instant end = Instant.ofEpochMilli(resources.wallClock().getAsLong()).plus(flood.waitTime());
                return store.recordFloodWait(session, method, end)
                        .handle((x, storeError) -> null)
                        .thenCompose(x -> retry(chain, failures, slept, flood));
            });
        });
    }

    private <R> CompletionStage<R> retry(Chain<R> chain, int failures, Duration slept, FloodWaitException flood) {
        Optional<Duration> wait = policy.shouldRetry(new RetryContext(failures + 1, slept, flood));
        events.floodWait(Methods.name(chain.request()), flood.waitTime(), wait.isPresent());
        if (wait.isEmpty()) {
            return CompletableFuture.failedStage(flood);
        }
        Duration d = wait.get();
        Executor later = resources.delayedExecutor(d.toMillis(), TimeUnit.MILLISECONDS);
        return CompletableFuture.runAsync(() -> { }, later)
                .thenCompose(x -> attempt(chain, failures + 1, slept.plus(d)));
    }
}
