package dev.heliograph.bench.crypto;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.impl.DhGroup;
import java.math.BigInteger;
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

/** SHA-256 of 1 KiB and a 2048-bit Diffie-Hellman modPow, per provider. */
@State(Scope.Thread)
public class PrimitivesBenchmark {

    /** Which provider. */
    @Param({"jdk", "bouncycastle"})
    public String provider;

    private CryptoProvider crypto;
    private byte[] kilobyte;
    private BigInteger base;
    private BigInteger exponent;

    /** Creates the provider and random input. */
    @Setup
    public void setUp() {
        crypto = Providers.byName(provider);
        SplittableRandom random = new SplittableRandom(1);
        kilobyte = new byte[1024];
        random.nextBytes(kilobyte);
        byte[] b = new byte[256];
        random.nextBytes(b);
        base = new BigInteger(1, b).mod(DhGroup.PRIME);
        random.nextBytes(b);
        exponent = new BigInteger(1, b);
    }

    /**
     * SHA-256 of 1 KiB.
     *
     * @return the hash
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] sha256Of1KiB() {
        return crypto.sha256().update(kilobyte).digest();
    }

    /**
     * g_a^b mod dh_prime with a 2048-bit b, as the client computes twice per handshake.
     *
     * @return the result
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public BigInteger modPow2048() {
        return crypto.modPow(base, exponent, DhGroup.PRIME);
    }
}
