package dev.heliograph.bench.session;

import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.file.FileSessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Warm start from the file store: load a stored session (5 DCs with keys and salts, 15 DC
 * options, the bot). {@code load} reads it through an open store; {@code openAndLoad} is what a
 * starting client does: open the store, load, close.
 */
public class FileWarmStartBenchmark extends WarmStartBenchmark {

    private Path directory;

    /**
     * Writes the session once.
     *
     * @throws IOException if the temporary directory cannot be made
     */
    @Setup
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("heliograph-bench-");
        storeTypicalSession(FileSessionStore.open(directory));
    }

    /**
     * Removes the directory.
     *
     * @throws IOException if it cannot be removed
     */
    @TearDown
    public void tearDown() throws IOException {
        closeStore();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * Opens a store, loads, closes.
     *
     * @return the session
     */
    @Benchmark
    public SessionSnapshot openAndLoad() {
        return loadAndClose(FileSessionStore.open(directory));
    }
}
