package dev.heliograph.session;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts test programs in child JVMs on the test class path and reads their output line by line.
 * Every child is killed when the test ends, whatever happened ({@link #close()}).
 */
public final class ChildProcesses implements AutoCloseable {

    /** A started child. */
    public static final class Child {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> all = new ArrayList<>();

        private Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("EOF " + e);
                }
                lines.add("EOF");
            }, "child-reader-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * Returns the process.
         *
         * @return the process
         */
        public Process process() {
            return process;
        }

        /**
         * Waits for the next line of output.
         *
         * @param timeoutMillis how long to wait
         * @return the line, or {@code "EOF"} once the output ended
         * @throws AssertionError on timeout
         * @throws InterruptedException if interrupted
         */
        public String nextLine(long timeoutMillis) throws InterruptedException {
            String line = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError("child " + process.pid() + " printed nothing for " + timeoutMillis + " ms");
            }
            if (!line.startsWith("EOF")) {
                all.add(line);
            }
            return line;
        }

        /**
         * Reads the rest of the output, until the child's output ends.
         *
         * @param timeoutMillis how long to wait for all of it
         * @return every line read so far, this call's included
         * @throws InterruptedException if interrupted
         */
        public List<String> readToEnd(long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (!nextLine(Math.max(1, deadline - System.currentTimeMillis())).startsWith("EOF")) {
                // collected by nextLine
            }
            return List.copyOf(all);
        }

        /**
         * Sends a line to the child's standard input.
         *
         * @param line the line
         * @throws IOException if the child is gone
         */
        public void send(String line) throws IOException {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }
    }

    private final List<Child> children = new ArrayList<>();
    private final Path errorLog;

    /**
     * Creates a launcher.
     *
     * @param errorLog where the children's standard error goes (appended)
     */
    public ChildProcesses(Path errorLog) {
        this.errorLog = errorLog;
    }

    /**
     * Starts {@code mainClass} in a new JVM on this test's class path.
     *
     * @param mainClass the program
     * @param args its arguments
     * @return the child
     * @throws IOException if it cannot start
     */
    public Child start(Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xmx128m",
                mainClass.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(errorLog.toFile()))
                .start();
        Child child = new Child(process);
        children.add(child);
        return child;
    }

    /** Kills every child still running (SIGKILL) and waits for them to end. */
    @Override
    public void close() {
        for (Child child : children) {
            child.process.destroyForcibly();
        }
        for (Child child : children) {
            try {
                child.process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
