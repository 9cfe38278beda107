package dev.heliograph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A host process's output, line by line as it comes, and signals to it: what the host ITs share. */
final class HostLines {

    final Process process;
    final List<String> all = new CopyOnWriteArrayList<>();
    /** When each line of {@link #all} arrived ({@link System#nanoTime}). */
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

    HostLines(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    arrivals.add(System.nanoTime());
                    all.add(line);
                    queue.add(line);
                }
            } catch (IOException e) {
                queue.add("reader failed " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Waits (at most 90 s) for the next line starting with {@code prefix}; earlier lines are skipped.
     *
     * @param prefix the start of the line
     * @return the line
     * @throws InterruptedException if interrupted
     */
    String await(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String line = queue.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in " + all);
    }

    /**
     * Tells when the first line starting with {@code prefix} arrived.
     *
     * @param prefix the start of the line
     * @return its {@link System#nanoTime}, or -1 if none came yet
     */
    long firstArrival(String prefix) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).startsWith(prefix)) {
                return arrivals.get(i);
            }
        }
        return -1;
    }

    /**
     * Counts the lines starting with {@code prefix}.
     *
     * @param prefix the start of the line
     * @return how many came so far
     */
    long count(String prefix) {
        return all.stream().filter(l -> l.startsWith(prefix)).count();
    }

    /**
     * Sends a signal with {@code kill}.
     *
     * @param signal such as {@code STOP}, {@code CONT}, {@code KILL}
     * @throws IOException if kill cannot run
     * @throws InterruptedException if interrupted
     */
    void signal(String signal) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor());
    }
}
