package dev.heliograph.bench.session;

import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.file.FileSessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm start from the file store: load a stored session (5 DCs with keys and salts, 15 DC
 * options, the bot). {@code load} reads it through an open store; {@code openAndLoad} is what a
 * starting client does: open the store, load, close.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FileWarmStartBenchmark {

    private Path directory;
    private FileSessionStore store;

    /**
     * Writes the session once.
     *
     * @throws IOException if the temporary directory cannot be made
     */
    @Setup
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("heliograph-bench-");
        store = FileSessionStore.open(directory);
        store.replace("bench", BenchSessions.typical()).toCompletableFuture().join();
    }

    /**
     * Removes the directory.
     *
     * @throws IOException if it cannot be removed
     */
    @TearDown
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * Loads through the open store.
     *
     * @return the session
     */
    @Benchmark
    public SessionSnapshot load() {
        return store.load("bench").toCompletableFuture().join();
    }

    /**
     * Opens a store, loads, closes.
     *
     * @return the session
     */
    @Benchmark
    public SessionSnapshot openAndLoad() {
        try (FileSessionStore fresh = FileSessionStore.open(directory)) {
            return fresh.load("bench").toCompletableFuture().join();
        }
    }
}
