package dev.heliograph.bench.client;

import dev.heliograph.mtproto.DcSender;
import dev.heliograph.tl.api.NearestDc;
import dev.heliograph.tl.api.functions.help.GetNearestDc;
import java.util.concurrent.Semaphore;
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
 * The whole client stack against a test DC in the same JVM over loopback TCP: a sequential round
 * trip of a small RPC ({@code help.getNearestDc}), and the throughput of small RPCs pipelined on
 * one connection with 64 in flight. Run with {@code -prof gc} for the allocation per call.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SenderBenchmark {

    private static final int IN_FLIGHT = 64;

    private ClientBench bench;
    private DcSender sender;
    private final Semaphore window = new Semaphore(IN_FLIGHT);

    /** Starts the cluster and logs the bot in once. */
    @Setup(Level.Trial)
    public void setUp() {
        bench = new ClientBench();
        sender = bench.newSender();
        bench.login(sender);
    }

    /** Waits for the calls still in flight, then stops everything. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        window.acquire(IN_FLIGHT);
        sender.close();
        bench.close();
    }

    /**
     * One call at a time: the round-trip latency.
     *
     * @return the answer
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public NearestDc sequentialRoundTrip() {
        return sender.invoke(new GetNearestDc()).toCompletableFuture().join();
    }

    /**
     * Starts one call as soon as fewer than 64 are in flight: the pipelined throughput.
     *
     * @throws InterruptedException if interrupted while waiting for room in the window
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void pipelined64InFlight() throws InterruptedException {
        window.acquire();
        sender.invoke(new GetNearestDc()).whenComplete((r, e) -> window.release());
    }
}
