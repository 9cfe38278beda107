package dev.heliograph.bench.sidebyside;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Child processes of the benchmark: the JVM to start, and timing a child until it says it logged in. */
final class Children {

    private Children() {
    }

    /** The java launcher of the running JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** What a child printed, and the wall time from starting it to its "logged in" line (-1 if none). */
    record Run(long spawnToLoggedInNanos, List<String> lines) {
    }

    /**
     * Runs a command to its end, timing it until it prints a line starting with {@code logged in}.
     *
     * @throws IOException if it cannot start, fails, or (when {@code mustLogIn}) never says it logged in
     */
    static Run run(List<String> command, boolean mustLogIn) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        long loggedIn = -1;
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (loggedIn < 0 && line.startsWith("logged in")) {
                    loggedIn = System.nanoTime();
                }
                lines.add(line);
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || mustLogIn && loggedIn < 0) {
            p.destroyForcibly();
            throw new IOException("child failed: " + command.get(0) + "\n" + String.join("\n", lines));
        }
        return new Run(loggedIn - start, lines);
    }
}
