package dev.heliograph.bench.crypto;

import dev.heliograph.crypto.impl.PqFactorizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Factoring real servers' 64-bit pq values; SampleTime mode reports the percentiles (p99). */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PqBenchmark {

    /** pq values that Telegram servers sent (test vectors J). */
    private static final long[] PQ = {
        0x2E9CDB98C80CDA4BL, 0x17ED48941A08F981L, 0x2B48D795FB47FEF9L, 0x31F05BCC5CE66CCDL, 0x256EDEFCA64F89DBL};

    private int next;

    /**
     * Factors the next value in turn.
     *
     * @return the factors
     */
    @Benchmark
    public long[] factor() {
        long pq = PQ[next];
        next = (next + 1) % PQ.length;
        return PqFactorizer.factor(pq);
    }
}
