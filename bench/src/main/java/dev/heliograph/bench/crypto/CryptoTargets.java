package dev.heliograph.bench.crypto;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.impl.PqFactorizer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Checks the crypto performance targets against OpenSSL on the same machine, in CPU time.
 *
 * <p>{@code openssl speed} reports throughput per second of CPU time, so this harness measures the
 * calling thread's CPU time too: on a shared, loaded machine wall-clock figures (JMH's) swing with
 * the load, while CPU-time figures of both sides stay comparable. Run it from the shaded jar:
 * {@code java -cp bench/target/benchmarks.jar dev.heliograph.bench.crypto.CryptoTargets}.
 */
public final class CryptoTargets {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final double SECONDS = 2.0;

    private CryptoTargets() {
    }

    /**
     * Runs the measurements and prints a Markdown report.
     *
     * @param args ignored
     * @throws IOException if openssl cannot be run
     * @throws InterruptedException if interrupted while openssl runs
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        double opensslCbc = opensslMegabytesPerSecond(List.of("openssl", "speed", "-evp", "aes-256-cbc", "-seconds", "2"),
                "AES-256-CBC", 6);
        double opensslSha1KiB = opensslMegabytesPerSecond(List.of("openssl", "speed", "-seconds", "2", "sha256"),
                "sha256", 4);
        System.out.printf(Locale.ROOT, "openssl aes-256-cbc 16 KiB: %.0f MB/s; openssl sha256 1 KiB: %.0f MB/s%n%n",
                opensslCbc, opensslSha1KiB);
        System.out.println("| provider | IGE enc 64 KiB MB/s | IGE enc 1 MiB MB/s | vs openssl CBC (64K / 1M)"
                + " | SHA-256 1 KiB MB/s | vs openssl | modPow 2048 ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String name : List.of("jdk", "jdk-per-block", "bouncycastle")) {
            CryptoProvider provider = Providers.byName(name);
            double ige64k = igeMegabytesPerSecond(provider, 64 * 1024);
            double ige1m = igeMegabytesPerSecond(provider, 1024 * 1024);
            byte[] kib = random(1024, 2);
            double sha = cpuOpsPerSecond(() -> provider.sha256().update(kib).digest()) * 1024 / 1e6;
            BigInteger prime = BigInteger.probablePrime(2048, new java.util.Random(3));
            BigInteger base = new BigInteger(1, random(256, 4)).mod(prime);
            BigInteger exponent = new BigInteger(1, random(256, 5));
            double modPowMs = 1000 / cpuOpsPerSecond(() -> provider.modPow(base, exponent, prime));
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f%% / %.0f%% | %.0f | %.2fx | %.2f |%n", name, ige64k,
                    ige1m, 100 * ige64k / opensslCbc, 100 * ige1m / opensslCbc, sha, sha / opensslSha1KiB, modPowMs);
        }
        long[] pqs = {0x2E9CDB98C80CDA4BL, 0x17ED48941A08F981L, 0x2B48D795FB47FEF9L, 0x31F05BCC5CE66CCDL,
            0x256EDEFCA64F89DBL};
        long[] samples = new long[2000];
        for (int i = 0; i < 200; i++) {
            PqFactorizer.factor(pqs[i % pqs.length]);
        }
        for (int i = 0; i < samples.length; i++) {
            long start = THREADS.getCurrentThreadCpuTime();
            PqFactorizer.factor(pqs[i % pqs.length]);
            samples[i] = THREADS.getCurrentThreadCpuTime() - start;
        }
        Arrays.sort(samples);
        System.out.printf(Locale.ROOT, "%npq factoring (CPU time): p50 %.0f us, p99 %.0f us, max %.0f us%n",
                samples[samples.length / 2] / 1e3, samples[samples.length * 99 / 100] / 1e3,
                samples[samples.length - 1] / 1e3);
    }

    private static double igeMegabytesPerSecond(CryptoProvider provider, int size) {
        byte[] key = random(32, 6);
        byte[] iv = random(32, 7);
        byte[] in = random(size, 8);
        byte[] out = new byte[size];
        return cpuOpsPerSecond(() -> provider.aesIgeEncrypt(key, iv, in, 0, size, out, 0)) * size / 1e6;
    }

    /** Runs {@code op} for a while to warm up, then as long again, and returns calls per CPU second. */
    private static double cpuOpsPerSecond(Runnable op) {
        measure(op);
        return measure(op);
    }

    private static double measure(Runnable op) {
        long budget = (long) (SECONDS * 1e9);
        long start = THREADS.getCurrentThreadCpuTime();
        long used = 0;
        long calls = 0;
        int batch = 1;
        while (used < budget) {
            for (int i = 0; i < batch; i++) {
                op.run();
            }
            calls += batch;
            used = THREADS.getCurrentThreadCpuTime() - start;
            if (used < budget / 100) {
                batch *= 2;
            }
        }
        return calls / (used / 1e9);
    }

    private static double opensslMegabytesPerSecond(List<String> command, String row, int column)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream stdout = process.getInputStream()) {
            output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        process.waitFor();
        for (String line : output.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > column && fields[0].equals(row) && fields[column].endsWith("k")) {
                return Double.parseDouble(fields[column].substring(0, fields[column].length() - 1)) / 1000;
            }
        }
        throw new IllegalStateException("no '" + row + "' row in the output of " + command);
    }

    private static byte[] random(int n, long seed) {
        byte[] out = new byte[n];
        new SplittableRandom(seed).nextBytes(out);
        return out;
    }
}
