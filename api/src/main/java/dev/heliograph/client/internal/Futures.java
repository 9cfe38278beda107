package dev.heliograph.client.internal;

import dev.heliograph.error.HeliographException;
import dev.heliograph.error.RequestCancelledException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Unwrapping of the exceptions {@code CompletableFuture} wraps around our typed errors. */
final class Futures {

    private Futures() {
    }

    /**
     * Returns the error a stage failed with, without {@code CompletionException} layers.
     *
     * @param t what the stage reported (may be null)
     * @return the underlying error, or null
     */
    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * Rethrows a stage's failure as the typed error it carries.
     *
     * @param t the failure
     * @return never returns normally
     */
    static RuntimeException rethrow(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof HeliographException h) {
            return h;
        }
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
