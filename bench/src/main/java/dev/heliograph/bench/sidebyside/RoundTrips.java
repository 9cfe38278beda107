package dev.heliograph.bench.sidebyside;

import com.sun.management.OperatingSystemMXBean;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.DcMap;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.crypto.impl.RsaPem;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.session.file.FileSessionModule;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Round trips only, against the test DC's standalone command in its own JVM: sequential
 * {@code help.getNearestDc} (p50 and rate) and pipelined with 64 in flight (rate) on one
 * connection, several rounds after a warm-up. The quick loop for profiling the call path; the
 * side-by-side command gives the figures with Telethon. Each round also prints the CPU time per call
 * of this JVM (the client, the harness included) and of the DC's.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.heliograph.bench.sidebyside.RoundTrips [rounds] [calls] [pipelined]
 * </pre>
 *
 * <p>The DC's JVM takes extra options from {@code -Dheliograph.bench.dcJvmOptions="..."} (for
 * example a flight recording), the same as the side-by-side command.
 */
public final class RoundTrips {

    private RoundTrips() {
    }

    /**
     * Runs the rounds and prints one line per round.
     *
     * @param args rounds (5), sequential calls per round (20000), pipelined calls per round (300000)
     * @throws Exception if the DC or a call fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int pipelined = args.length > 2 ? Integer.parseInt(args[2]) : 300_000;
        Path work = Files.createTempDirectory("heliograph-round-trips");
        Path pem = work.resolve("dc.pem");
        String app = SideBySide.API_ID + ":" + SideBySide.API_HASH;
        try (DcProcess dc = DcProcess.start(pem, app, SideBySide.TOKEN + ",bench_bot,Bench," + SideBySide.HOME_DC)) {
            ClientConfig config = ClientConfig.builder().api(SideBySide.API_ID, SideBySide.API_HASH)
                    .dcMap(DcMap.of(dc.endpoints(), SideBySide.HOME_DC))
                    .trustedKeys(TrustedRsaKeys.of(List.of(RsaPem.parsePublic(Files.readString(pem, StandardCharsets.US_ASCII)))))
                    .sessionName("round-trips").build();
            try (HeliographClient c = HeliographClient.builder().config(config).transport("tcp")
                    .module(new FileSessionModule(work.resolve("sessions"))).build()) {
                c.botLogin(SideBySide.TOKEN);
                SideBySide.sequential(c, calls);
                SideBySide.pipelined(c, pipelined);
                OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                for (int r = 1; r <= rounds; r++) {
                    long cpu = os.getProcessCpuTime();
                    long dcCpu = dc.cpuNanos();
                    long[] seq = SideBySide.sequential(c, calls);
                    double seqCpu = (os.getProcessCpuTime() - cpu) / 1e3 / calls;
                    double seqDcCpu = (dc.cpuNanos() - dcCpu) / 1e3 / calls;
                    cpu = os.getProcessCpuTime();
                    dcCpu = dc.cpuNanos();
                    double rate = pipelined / (SideBySide.pipelined(c, pipelined) / 1e9);
                    double pipeCpu = (os.getProcessCpuTime() - cpu) / 1e3 / pipelined;
                    double pipeDcCpu = (dc.cpuNanos() - dcCpu) / 1e3 / pipelined;
                    System.out.printf(Locale.ROOT, "round %d: sequential p50 %.1f us, p99 %.1f us, %,.0f/s, CPU per call "
                            + "%.1f us here + %.1f us DC; pipelined (%d in flight) %,.0f/s, CPU per call %.1f us here + "
                            + "%.1f us DC; load average %s%n", r,
                            SideBySide.Stats.p(seq, 50) / 1e3, SideBySide.Stats.p(seq, 99) / 1e3,
                            seq.length / (Arrays.stream(seq).sum() / 1e9), seqCpu, seqDcCpu, SideBySide.IN_FLIGHT, rate,
                            pipeCpu, pipeDcCpu, Files.readString(Path.of("/proc/loadavg")).trim());
                }
            }
        }
    }
}
