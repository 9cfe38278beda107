package dev.heliograph.bench.api;

import com.google.inject.Module;
import dev.heliograph.bench.LocalRedis;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.DcMap;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.session.file.FileSessionModule;
import dev.heliograph.session.redis.RedisSessionModule;
import dev.heliograph.session.redis.RedisSessionStore;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * {@code botLogin} through the public client, over TCP on loopback, against the embedded test DC
 * (the bot lives on the DC new sessions start on, so there is no migration):
 *
 * <ul>
 *   <li>{@code cold}: a new session: key exchange, {@code initConnection(importBotAuthorization)};
 *       target p50 &le; 20 ms;</li>
 *   <li>{@code warm}: a new client (as after a restart) on a stored session:
 *       session load, connection, one {@code users.getUsers}; target p50 &le; 2 ms.</li>
 * </ul>
 *
 * Both run with the file store and with the Redis store ({@code store} parameter; Redis is a
 * {@link LocalRedis}).
 *
 * Each invocation builds its client beforehand and closes it afterwards, outside the measurement.
 * Run: {@code java -jar bench/target/benchmarks.jar BotLoginBenchmark}; read the p0.50 lines.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class BotLoginBenchmark {

    private static final App APP = App.of(50001, "0123456789abcdef0123456789abcdef");
    private static final Bot BOT = Bot.fromToken("7000001:AAbenchBenchBenchBenchBenchBench1", "bench_bot", "Bench", 2);

    /** The session store: {@code file} or {@code redis}. */
    @Param({"file", "redis"})
    public String store;

    private TestCluster cluster;
    private LocalRedis redis;
    private Path sessions;
    private ClientConfig.Builder config;
    private HeliographClient warmClient;
    private HeliographClient coldClient;
    private int coldSessions;

    /** Starts the cluster and stores one logged-in session for the warm case. */
    @Setup(Level.Trial)
    public void startCluster() throws IOException, InterruptedException {
        if (store.equals("redis")) {
            redis = LocalRedis.start();
        }
        // cold logins of one bot back to back: Telegram's login flood limit is not what is measured
        cluster = TestCluster.builder().app(APP).bot(BOT).recordExecutions(false).rpcLog(line -> { })
                .loginFloodLimit(0, Duration.ofMinutes(1)).start();
        sessions = Files.createTempDirectory("heliograph-bench");
        config = ClientConfig.builder().api(APP.apiId(), APP.apiHash())
                .dcMap(DcMap.of(cluster.endpoints(), 2))
                .trustedKeys(TrustedRsaKeys.of(List.of(cluster.publicKey())));
        try (HeliographClient client = client("warm")) {
            client.botLogin(BOT.token());
        }
    }

    private HeliographClient client(String session) {
        Module sessions = store.equals("redis")
                ? new RedisSessionModule(RedisSessionStore.builder().uri(redis.uri()).keyPrefix("bench:"))
                : new FileSessionModule(this.sessions);
        return HeliographClient.builder().config(config.sessionName(session).build()).transport("tcp")
                .module(sessions).build();
    }

    /** Builds the clients the next invocation uses. */
    @Setup(Level.Invocation)
    public void newClients() {
        warmClient = client("warm");
        coldClient = client("cold-" + ++coldSessions);
    }

    /** Closes them. */
    @TearDown(Level.Invocation)
    public void closeClients() {
        warmClient.close();
        coldClient.close();
    }

    /** Stops the cluster. */
    @TearDown(Level.Trial)
    public void stopCluster() throws InterruptedException {
        cluster.close();
        if (redis != null) {
            redis.close();
        }
        try (var files = Files.list(sessions)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
            Files.delete(sessions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A login on a stored session.
     *
     * @return the bot id, so the work is not dead code
     */
    @Benchmark
    public long warm() {
        return warmClient.botLogin(BOT.token()).id();
    }

    /**
     * A login on a new session.
     *
     * @return the bot id
     */
    @Benchmark
    public long cold() {
        return coldClient.botLogin(BOT.token()).id();
    }
}
