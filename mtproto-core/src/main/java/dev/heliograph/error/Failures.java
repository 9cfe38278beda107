package dev.heliograph.error;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The one place that turns what {@link java.util.concurrent.CompletableFuture} wraps around a
 * failure back into the typed error it carries: asynchronous code reads a stage's failure with
 * {@link #unwrap}, blocking conveniences wait with {@link #join}.
 *
 * <h2>The asynchronous type rule</h2>
 * Every public signature that returns or accepts an asynchronous result uses
 * {@link CompletionStage}: the user API ({@code HeliographClient}), the sender
 * ({@code DcSender}) and every SPI (transports, session stores, interceptors). A stage carries no
 * {@code complete()}, so a holder cannot settle a result that others depend on, and an SPI
 * implementation may return any stage (a Lettuce {@code RedisFuture}, a completed future).
 * Implementations use {@link java.util.concurrent.CompletableFuture} inside. Each blocking
 * convenience waits with {@link #join}, so every one of them throws the same typed errors.
 *
 * @since 0.1
 */
public final class Failures {

    private Failures() {
    }

    /**
     * Returns the error a stage failed with, without the {@link CompletionException} and
     * {@link ExecutionException} layers futures add.
     *
     * @param error what the stage reported (may be null)
     * @return the underlying error, or null
     */
    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * Waits for a stage and returns its result, throwing its failure as the typed error it carries:
     * a {@link HeliographException} or other unchecked exception as is, a cancellation as
     * {@link RequestCancelledException}, and a checked exception wrapped in a
     * {@link CompletionException}.
     *
     * @param stage the operation
     * @param <T> its result type
     * @return its result
     */
    public static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException | CancellationException e) {
            throw rethrow(e);
        }
    }

    private static RuntimeException rethrow(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof CancellationException c) {
            return new RequestCancelledException("the call was cancelled", c);
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new CompletionException(e);
    }
}
