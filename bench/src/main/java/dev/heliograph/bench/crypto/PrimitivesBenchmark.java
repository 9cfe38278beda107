package dev.heliograph.bench.crypto;

import dev.heliograph.crypto.CryptoProvider;
import java.math.BigInteger;
import java.util.HexFormat;
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

    /** Telegram's 2048-bit DH prime, as sent in server_DH_inner_data. */
    private static final BigInteger DH_PRIME = new BigInteger(1, HexFormat.of().parseHex(
            "C71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F"
            + "48198A0AA7C14058229493D22530F4DBFA336F6E0AC925139543AED44CCE7C37"
            + "20FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F64"
            + "2477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4"
            + "A4A695811051907E162753B56B0F6B410DBA74D8A84B2A14B3144E0EF1284754"
            + "FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4"
            + "E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F"
            + "0D8115F635B105EE2E4E15D04B2454BF6F4FADF034B10403119CD8E3B92FCC5B"));

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
        base = new BigInteger(1, b).mod(DH_PRIME);
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
        return crypto.modPow(base, exponent, DH_PRIME);
    }
}
