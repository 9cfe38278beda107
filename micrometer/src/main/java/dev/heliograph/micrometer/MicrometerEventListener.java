package dev.heliograph.micrometer;

import dev.heliograph.client.ClientEventListener;
import dev.heliograph.client.UpdateProblem;
import dev.heliograph.tl.api.Update;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a client's events into Micrometer meters. Register it like any listener
 * ({@code HeliographClient.builder().listener(new MicrometerEventListener(registry))}, or install
 * {@link MicrometerModule}); several clients may share one listener, and their meters add up
 * unless each gets its own {@code commonTags}.
 *
 * <h2>Meters</h2>
 * <table>
 *   <caption>Meter names and tags</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@value #LOGIN}</td><td>timer</td><td>outcome, error</td><td>each {@code botLogin}</td></tr>
 *   <tr><td>{@value #RPC}</td><td>timer</td><td>method, dc, outcome, error</td><td>each call
 *       attempt on the wire, with its latency</td></tr>
 *   <tr><td>{@value #ERRORS}</td><td>counter</td><td>error, method</td><td>failed call attempts
 *       by error type</td></tr>
 *   <tr><td>{@value #FLOOD_WAIT}</td><td>timer</td><td>method, retrying</td><td>each
 *       {@code FLOOD_WAIT_X}; the recorded time is the wait the server asked for</td></tr>
 *   <tr><td>{@value #MIGRATIONS}</td><td>counter</td><td>from, to</td><td>calls repeated on
 *       another DC</td></tr>
 *   <tr><td>{@value #CONNECTIONS}</td><td>counter</td><td>dc</td><td>connections opened (and
 *       reopened)</td></tr>
 *   <tr><td>{@value #RECONNECTS}</td><td>counter</td><td>dc</td><td>reconnect attempts after a
 *       lost connection</td></tr>
 *   <tr><td>{@value #KEY_EXCHANGES}</td><td>counter</td><td>dc</td><td>auth key exchanges this
 *       client started</td></tr>
 *   <tr><td>{@value #AUTH_KEYS}</td><td>counter</td><td>dc, source</td><td>auth keys taken into
 *       use: {@code created} here or {@code reused} (stored, or created by another host)</td></tr>
 *   <tr><td>{@value #UPDATE_PROBLEMS}</td><td>counter</td><td>kind</td><td>trouble keeping the
 *       update sequences in order, by {@link dev.heliograph.client.UpdateProblem.Kind}</td></tr>
 *   <tr><td>{@value #UPDATE_HANDLER_FAILURES}</td><td>counter</td><td>error</td><td>update
 *       handlers that threw</td></tr>
 *   <tr><td>{@value #UPDATE_QUEUE}</td><td>gauge</td><td></td><td>updates queued for the handlers
 *       and not yet handled (summed over the clients sharing the listener)</td></tr>
 *   <tr><td>{@value #UPDATE_LAG}</td><td>timer</td><td></td><td>each update's wait in that queue:
 *       from being in order (for a push that arrived in order, its receipt) to the handlers
 *       starting on it</td></tr>
 * </table>
 * {@code outcome} is {@code success} or {@code failure}; {@code error} is the simple class name of
 * the failure ({@code FloodWaitException}, {@code RequestTimeoutException}, ...) or {@code none}.
 * No tag carries a secret: methods are TL names, DCs are numbers.
 *
 * @since 0.1
 */
public final class MicrometerEventListener implements ClientEventListener {

    /** The login timer. */
    public static final String LOGIN = "heliograph.login";
    /** The call attempt timer. */
    public static final String RPC = "heliograph.rpc";
    /** The failed call attempt counter. */
    public static final String ERRORS = "heliograph.errors";
    /** The flood wait timer. */
    public static final String FLOOD_WAIT = "heliograph.flood.wait";
    /** The migration counter. */
    public static final String MIGRATIONS = "heliograph.migrations";
    /** The connection counter. */
    public static final String CONNECTIONS = "heliograph.connections";
    /** The reconnect counter. */
    public static final String RECONNECTS = "heliograph.reconnects";
    /** The key exchange counter. */
    public static final String KEY_EXCHANGES = "heliograph.auth.key.exchanges";
    /** The auth key counter. */
    public static final String AUTH_KEYS = "heliograph.auth.keys";
    /** The update problem counter. */
    public static final String UPDATE_PROBLEMS = "heliograph.update.problems";
    /** The failed update handler counter. */
    public static final String UPDATE_HANDLER_FAILURES = "heliograph.update.handler.failures";
    /** The update queue depth gauge. */
    public static final String UPDATE_QUEUE = "heliograph.update.queue";
    /** The update lag timer. */
    public static final String UPDATE_LAG = "heliograph.update.lag";

    private final MeterRegistry registry;
    private final Tags common;
    /** The sum of the queue changes of every client this listener serves: the gauge's value. */
    private final AtomicLong queued = new AtomicLong();
    private final Timer lag;

    /**
     * Records into {@code registry}.
     *
     * @param registry the registry
     */
    public MicrometerEventListener(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * Records into {@code registry}, adding {@code commonTags} to every meter (for example the
     * session name, to tell clients apart).
     *
     * @param registry the registry
     * @param commonTags tags for every meter
     */
    public MicrometerEventListener(MeterRegistry registry, Iterable<Tag> commonTags) {
        this.registry = Objects.requireNonNull(registry, "registry is null");
        this.common = Tags.of(Objects.requireNonNull(commonTags, "commonTags is null"));
        Gauge.builder(UPDATE_QUEUE, queued, AtomicLong::get).description("updates queued for the handlers")
                .tags(common).register(registry);
        this.lag = timer(UPDATE_LAG, "each update's wait for the handlers", Tags.empty());
    }

    @Override
    public void loginEnded(Duration elapsed, Throwable failure) {
        timer(LOGIN, "each botLogin", outcome(failure)).record(elapsed);
    }

    @Override
    public void rpcEnd(int dcId, String method, Duration elapsed, Throwable failure) {
        timer(RPC, "each call attempt on the wire", outcome(failure).and("method", method, "dc", dc(dcId)))
                .record(elapsed);
        if (failure != null) {
            counter(ERRORS, "failed call attempts by error type",
                    Tags.of("error", errorType(failure), "method", method)).increment();
        }
    }

    @Override
    public void floodWait(String method, Duration wait, boolean retrying) {
        timer(FLOOD_WAIT, "FLOOD_WAIT_X answers; the time is the wait asked for",
                Tags.of("method", method, "retrying", Boolean.toString(retrying))).record(wait);
    }

    @Override
    public void migrated(String method, int fromDc, int toDc) {
        counter(MIGRATIONS, "calls repeated on another DC", Tags.of("from", dc(fromDc), "to", dc(toDc))).increment();
    }

    @Override
    public void connected(int dcId) {
        counter(CONNECTIONS, "connections opened", Tags.of("dc", dc(dcId))).increment();
    }

    @Override
    public void reconnecting(int dcId, int attempt, Duration delay) {
        counter(RECONNECTS, "reconnect attempts", Tags.of("dc", dc(dcId))).increment();
    }

    @Override
    public void authKeyExchangeStarted(int dcId) {
        counter(KEY_EXCHANGES, "auth key exchanges started", Tags.of("dc", dc(dcId))).increment();
    }

    @Override
    public void authKeyCreated(int dcId, long authKeyId) {
        counter(AUTH_KEYS, "auth keys taken into use", Tags.of("dc", dc(dcId), "source", "created")).increment();
    }

    @Override
    public void authKeyReused(int dcId, long authKeyId) {
        counter(AUTH_KEYS, "auth keys taken into use", Tags.of("dc", dc(dcId), "source", "reused")).increment();
    }

    @Override
    public void updateProblem(UpdateProblem problem) {
        counter(UPDATE_PROBLEMS, "trouble keeping the update sequences in order",
                Tags.of("kind", problem.kind().name())).increment();
    }

    @Override
    public void updateHandlerFailed(Update update, Throwable failure) {
        counter(UPDATE_HANDLER_FAILURES, "update handlers that threw", Tags.of("error", errorType(failure)))
                .increment();
    }

    @Override
    public void updateQueueChanged(int change, int depth) {
        queued.addAndGet(change);
    }

    @Override
    public void updatesDispatched(int count, Duration waited) {
        for (int i = 0; i < count; i++) {
            lag.record(waited);
        }
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(common.and(tags)).register(registry);
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(common.and(tags)).register(registry);
    }

    private static Tags outcome(Throwable failure) {
        return Tags.of("outcome", failure == null ? "success" : "failure", "error", errorType(failure));
    }

    private static String errorType(Throwable failure) {
        return failure == null ? "none" : failure.getClass().getSimpleName();
    }

    private static String dc(int dcId) {
        return Integer.toString(dcId);
    }
}
