package dev.heliograph.bench.session;

import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.SessionStore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the warm-start benchmarks of every store share, so their figures stay comparable: the JMH
 * settings, the one typical session ({@code BenchSessions.typical()}) stored before the run, and
 * {@code load} through an open store. Subclasses open their store in their own {@code @Setup}
 * and add the benchmark that opens a fresh store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class WarmStartBenchmark {

    private static final String SESSION = "bench";

    private SessionStore store;

    /**
     * Makes {@code opened} the store {@link #load()} reads and writes the session into it.
     *
     * @param opened the subclass's store
     */
    final void storeTypicalSession(SessionStore opened) {
        store = opened;
        store.replace(SESSION, BenchSessions.typical()).toCompletableFuture().join();
    }

    /** Closes the store {@link #storeTypicalSession} was given. */
    final void closeStore() {
        store.close();
    }

    /**
     * Loads through the open store.
     *
     * @return the session
     */
    @Benchmark
    public SessionSnapshot load() {
        return store.load(SESSION).toCompletableFuture().join();
    }

    /** Loads the session through a store that was just opened, then closes it. */
    static SessionSnapshot loadAndClose(SessionStore fresh) {
        try (fresh) {
            return fresh.load(SESSION).toCompletableFuture().join();
        }
    }
}
