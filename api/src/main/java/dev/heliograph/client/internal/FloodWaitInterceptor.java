package dev.heliograph.client.internal;

import dev.heliograph.client.RetryContext;
import dev.heliograph.client.RetryPolicy;
import dev.heliograph.client.RpcInterceptor;
import dev.heliograph.error.Failures;
import dev.heliograph.error.FloodWaitException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@code 420 FLOOD_WAIT_X}: asks the {@link RetryPolicy}, then either waits (on a timer, no
 * thread blocked) and runs the rest of the chain again, or fails with the typed error.
 */
final class FloodWaitInterceptor implements RpcInterceptor {

    private final RetryPolicy policy;
    private final Events events;

    FloodWaitInterceptor(RetryPolicy policy, Events events) {
        this.policy = policy;
        this.events = events;
    }

    @Override
    public <R> CompletionStage<R> intercept(Chain<R> chain) {
        return attempt(chain, 0, Duration.ZERO);
    }

    private <R> CompletionStage<R> attempt(Chain<R> chain, int failures, Duration slept) {
        return chain.proceed(chain.request()).exceptionallyCompose(t -> {
            Throwable e = Failures.unwrap(t);
            if (!(e instanceof FloodWaitException flood)) {
                return CompletableFuture.failedStage(e);
            }
            Optional<Duration> wait = policy.shouldRetry(new RetryContext(failures + 1, slept, flood));
            events.floodWait(Methods.name(chain.request()), flood.waitTime(), wait.isPresent());
            if (wait.isEmpty()) {
                return CompletableFuture.failedStage(flood);
            }
            Duration d = wait.get();
            Executor later = CompletableFuture.delayedExecutor(d.toMillis(), TimeUnit.MILLISECONDS);
            return CompletableFuture.runAsync(() -> { }, later)
                    .thenCompose(x -> attempt(chain, failures + 1, slept.plus(d)));
        });
    }
}
