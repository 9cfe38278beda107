package dev.heliograph.bench.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times the README's main command, JVM start to "logged in", for a first run (new session: key
 * exchanges and migration) and a second run (stored session), in a fresh folder, several rounds.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * java -cp bench/target/classes dev.heliograph.bench.api.MainJobTiming examples/target/heliograph-examples.jar 5
 * </pre>
 */
public final class MainJobTiming {

    private static final Pattern UPTIME = Pattern.compile("JVM start to logged in: (\\d+) ms");

    private MainJobTiming() {
    }

    /**
     * Runs the rounds and prints the medians.
     *
     * @param args the demo jar, and the number of rounds (default 3)
     * @throws IOException if the demo cannot be started
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: MainJobTiming <heliograph-examples.jar> [rounds]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Path dir = Files.createTempDirectory("heliograph-main-job");
            first.add(run(jar, dir));
            second.add(run(jar, dir));
            System.out.printf("round %d: first run %d ms, second run %d ms%n", i + 1, first.get(i), second.get(i));
        }
        System.out.printf("median: first run %d ms, second run %d ms (JVM start to logged in)%n",
                median(first), median(second));
    }

    private static long run(Path jar, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("the demo failed:\n" + out);
        }
        Matcher m = UPTIME.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no timing in the demo's output:\n" + out);
        }
        return Long.parseLong(m.group(1));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
