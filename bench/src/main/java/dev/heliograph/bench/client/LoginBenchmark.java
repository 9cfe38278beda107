package dev.heliograph.bench.client;

import dev.heliograph.mtproto.DcSender;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cold start against a test DC in the same JVM: connect, create a new auth key (both halves of the
 * exchange run in this JVM), {@code invokeWithLayer(initConnection(help.getConfig))} and
 * {@code auth.importBotAuthorization}. SampleTime mode reports the percentiles (p50).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class LoginBenchmark {

    private ClientBench bench;

    /** Starts the cluster. */
    @Setup(Level.Trial)
    public void setUp() {
        bench = new ClientBench();
    }

    /** Stops the cluster. */
    @TearDown(Level.Trial)
    public void tearDown() {
        bench.close();
    }

    /**
     * One cold key exchange and bot login on a new connection.
     *
     * @return the authorization
     */
    @Benchmark
    public Object coldKeyExchangeAndBotLogin() {
        DcSender sender = bench.newSender();
        try {
            return bench.login(sender);
        } finally {
            sender.close();
        }
    }
}
