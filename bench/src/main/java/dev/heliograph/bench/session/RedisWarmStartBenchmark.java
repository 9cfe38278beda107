package dev.heliograph.bench.session;

import dev.heliograph.bench.LocalRedis;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.redis.RedisSessionStore;
import io.lettuce.core.RedisClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Warm start from Redis: load a stored session. {@code load} goes through a connected store;
 * {@code connectAndLoad} is what a starting host does with a shared {@link RedisClient}: build a
 * store, connect, load, close. Redis is {@code -Dheliograph.redis.uri} (pass it with
 * {@code -jvmArgs}), else a {@code redis-server} from the PATH started for the run on loopback.
 */
public class RedisWarmStartBenchmark extends WarmStartBenchmark {

    private LocalRedis redis;
    private String uri;
    private RedisClient client;

    /**
     * Starts Redis if needed and stores the session once.
     *
     * @throws Exception if Redis cannot be started
     */
    @Setup
    public void setUp() throws Exception {
        redis = LocalRedis.start();
        uri = redis.uri();
        client = RedisClient.create();
        storeTypicalSession(openStore());
    }

    /** Stops what the setup started. */
    @TearDown
    public void tearDown() throws InterruptedException {
        closeStore();
        client.shutdown();
        redis.close();
    }

    /**
     * Builds a store on the shared client, connects, loads, closes.
     *
     * @return the session
     */
    @Benchmark
    public SessionSnapshot connectAndLoad() {
        return loadAndClose(openStore());
    }

    private RedisSessionStore openStore() {
        return RedisSessionStore.builder().client(client).uri(uri).keyPrefix("bench:").build();
    }
}
