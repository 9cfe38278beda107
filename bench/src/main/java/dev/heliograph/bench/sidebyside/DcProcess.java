package dev.heliograph.bench.sidebyside;

import dev.heliograph.testdc.TestClusterMain;
import dev.heliograph.transport.DcEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test DC's standalone command ({@link TestClusterMain}) in its own JVM: DCs 1 and 2 on free
 * loopback ports, one app and one bot living on DC 2, no per-RPC log, no bot login flood limit.
 */
final class DcProcess implements AutoCloseable {

    private final Process process;
    private final List<DcEndpoint> endpoints;

    private DcProcess(Process process, List<DcEndpoint> endpoints) {
        this.process = process;
        this.endpoints = endpoints;
    }

    static DcProcess start(Path publicKeyOut, String app, String bot) throws IOException {
        List<String> command = new ArrayList<>(List.of(Children.java()));
        // For profiling the DC, e.g. -Dheliograph.bench.dcJvmOptions=-XX:StartFlightRecording=filename=dc.jfr
        String jvmOptions = System.getProperty("heliograph.bench.dcJvmOptions", "").trim();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TestClusterMain.class.getName(),
                "--dcs", "1,2", "--quiet", "--public-key-out", publicKeyOut.toString(), "--app", app, "--bot", bot));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<DcEndpoint> endpoints = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            if (line.startsWith("DC ")) {
                String[] parts = line.split(" ");
                String[] hostPort = parts[2].split(":");
                endpoints.add(DcEndpoint.of(Integer.parseInt(parts[1]), hostPort[0], Integer.parseInt(hostPort[1])));
            }
        }
        if (line == null) {
            p.destroyForcibly();
            throw new IOException("the test DC's standalone command ended before it was ready");
        }
        // The benchmark logs the same bot in hundreds of times a minute: no login flood limit.
        OutputStream in = p.getOutputStream();
        in.write("login-flood 0 60\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        String answer = out.readLine();
        if (answer == null || !answer.startsWith("ok ")) {
            p.destroyForcibly();
            throw new IOException("the test DC refused to lift the login flood limit: " + answer);
        }
        // Nothing else is read from it: --quiet keeps its output to the answers of commands we send.
        return new DcProcess(p, List.copyOf(endpoints));
    }

    /**
     * Returns the CPU time the DC's JVM used so far (user and system, from /proc; 10 ms steps).
     *
     * @return nanoseconds, or -1 where /proc is not there
     */
    long cpuNanos() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    List<DcEndpoint> endpoints() {
        return endpoints;
    }

    DcEndpoint endpoint(int dc) {
        return endpoints.stream().filter(e -> e.dcId() == dc).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        try (OutputStream in = process.getOutputStream()) {
            in.write("quit\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // Already gone: nothing to ask.
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
