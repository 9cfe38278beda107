package dev.heliograph.bench.client;

import dev.heliograph.mtproto.DcSender;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.InputUser;
import dev.heliograph.tl.api.InputUserSelf;
import dev.heliograph.tl.api.JsonString;
import dev.heliograph.tl.api.NearestDc;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import dev.heliograph.tl.api.functions.help.GetNearestDc;
import dev.heliograph.tl.api.functions.users.GetUsers;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The client's sender against the in-JVM test DC over each transport and framing: pipelined small
 * RPCs (64 in flight) and the round trip of a call carrying 1 MiB each way (initConnection's JSON
 * params out, {@code users.getUsers} with enough {@code inputUserSelf} back).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar TransportRpcBenchmark -f 1 -wi 2 -i 3}.
 */
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class TransportRpcBenchmark {

    private static final int IN_FLIGHT = 64;
    private static final int MIB = 1 << 20;

    /** The transport and framing, as {@link ClientBench#ClientBench(String)} names them. */
    @Param({"abridged", "abridged-obf", "intermediate", "intermediate-obf", "padded", "padded-obf", "full", "http"})
    public String transport;

    private final Semaphore window = new Semaphore(IN_FLIGHT);
    private ClientBench bench;
    private DcSender sender;
    private TlMethod<List<User>> mebibyteEachWay;

    /** Starts the cluster, logs a bot in and builds the 1 MiB call. */
    @Setup(Level.Trial)
    public void setUp() {
        bench = new ClientBench(transport);
        sender = bench.newSender();
        bench.login(sender);
        int users = MIB / 64;
        mebibyteEachWay = new InvokeWithLayer<>(ApiSchema.LAYER, new InitConnection<>(ClientBench.API_ID,
                "Heliograph bench", "Linux", "0.1", "en", "", "en", null, new JsonString("x".repeat(MIB)),
                new GetUsers(Collections.nCopies(users, (InputUser) new InputUserSelf()))));
    }

    /**
     * Waits for the calls still in flight, then stops everything.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        window.acquire(IN_FLIGHT);
        sender.close();
        bench.close();
    }

    /**
     * Starts one call as soon as fewer than 64 are in flight.
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

    /**
     * One call with 1 MiB out and over 1 MiB back.
     *
     * @return the users answered
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int mebibyteRoundTrip() {
        return sender.invoke(mebibyteEachWay).toCompletableFuture().join().size();
    }

    /**
     * A small call alone, for reference.
     *
     * @return the answer
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public NearestDc sequentialRoundTrip() {
        return sender.invoke(new GetNearestDc()).toCompletableFuture().join();
    }
}
