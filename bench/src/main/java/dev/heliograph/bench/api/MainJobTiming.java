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
 * exchanges and migration) and a second run (stored session), in a fresh folder, several rounds,
 * with the CPU time of all the demo's threads by then (which a loaded machine does not inflate
 * the way it inflates the wall clock). With {@code --cds} the demo runs with an application
 * class-data sharing archive made by one untimed run before the rounds
 * ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}).
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * java -cp bench/target/classes dev.heliograph.bench.api.MainJobTiming examples/target/heliograph-examples.jar 5 [--cds]
 * </pre>
 */
public final class MainJobTiming {

    private static final Pattern UPTIME = Pattern.compile("JVM start to logged in: (\\d+) ms"
            + "(?: \\(CPU time of all threads: (\\d+) ms\\))?");

    private MainJobTiming() {
    }

    /**
     * Runs the rounds and prints the medians.
     *
     * @param args the demo jar, the number of rounds (default 3), and {@code --cds} to run with an
     *     application class-data sharing archive
     * @throws IOException if the demo cannot be started
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: MainJobTiming <heliograph-examples.jar> [rounds] [--cds]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> jvm = new ArrayList<>();
        if (args.length > 2 && args[2].equals("--cds")) {
            Path archive = Files.createTempDirectory("heliograph-cds").resolve("heliograph-examples.jsa");
            run(jar, Files.createTempDirectory("heliograph-main-job"), List.of("-XX:ArchiveClassesAtExit=" + archive));
            jvm.add("-XX:SharedArchiveFile=" + archive);
            System.out.println("class-data sharing archive: " + archive);
        }
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        List<Long> firstCpu = new ArrayList<>();
        List<Long> secondCpu = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Path dir = Files.createTempDirectory("heliograph-main-job");
            long[] a = run(jar, dir, jvm);
            long[] b = run(jar, dir, jvm);
            first.add(a[0]);
            firstCpu.add(a[1]);
            second.add(b[0]);
            secondCpu.add(b[1]);
            System.out.printf("round %d: first run %d ms (CPU %d ms), second run %d ms (CPU %d ms); load average %s%n",
                    i + 1, a[0], a[1], b[0], b[1], loadAverage());
        }
        System.out.printf("median: first run %d ms, second run %d ms (JVM start to logged in); CPU time of all"
                + " threads: first run %d ms, second run %d ms%n", median(first), median(second), median(firstCpu),
                median(secondCpu));
    }

    private static String loadAverage() throws IOException {
        Path proc = Path.of("/proc/loadavg");
        return Files.exists(proc) ? Files.readString(proc).trim() : "unknown";
    }

    /** Returns JVM start to logged in and the CPU time by then (-1 if the demo did not say), in ms. */
    private static long[] run(Path jar, Path dir, List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("the demo failed:\n" + out);
        }
        Matcher m = UPTIME.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no timing in the demo's output:\n" + out);
        }
        return new long[] {Long.parseLong(m.group(1)), m.group(2) != null ? Long.parseLong(m.group(2)) : -1};
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
