package dev.heliograph.bench.crypto;

import dev.heliograph.crypto.CryptoProvider;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * AES-256-IGE throughput per provider and message size, with the key fixed (as for bulk transfers
 * and the cached key schedule). MB/s = ops/s * size / 10^6.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IgeBenchmark {

    /** Which provider. */
    @Param({"jdk", "jdk-per-block", "bouncycastle"})
    public String provider;

    /** Bytes per call. */
    @Param({"64", "1024", "65536", "1048576"})
    public int size;

    private CryptoProvider crypto;
    private byte[] key;
    private byte[] iv;
    private byte[] in;
    private byte[] out;

    /** Creates the provider and random input. */
    @Setup
    public void setUp() {
        crypto = Providers.byName(provider);
        SplittableRandom random = new SplittableRandom(size);
        key = new byte[32];
        iv = new byte[32];
        in = new byte[size];
        out = new byte[size];
        random.nextBytes(key);
        random.nextBytes(iv);
        random.nextBytes(in);
    }

    /**
     * One IGE encryption.
     *
     * @return the output, so the JIT keeps the work
     */
    @Benchmark
    public byte[] encrypt() {
        crypto.aesIgeEncrypt(key, iv, in, 0, size, out, 0);
        return out;
    }

    /**
     * One IGE decryption.
     *
     * @return the output, so the JIT keeps the work
     */
    @Benchmark
    public byte[] decrypt() {
        crypto.aesIgeDecrypt(key, iv, in, 0, size, out, 0);
        return out;
    }
}
