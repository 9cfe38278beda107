package dev.heliograph.session.redis;

import dev.heliograph.error.ConfigurationException;
import dev.heliograph.error.Failures;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.AbstractSessionStore;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.KeyPool;
import dev.heliograph.session.LeaseRecord;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionNames;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.SessionStore;
import dev.heliograph.session.UpdateQueue;
import dev.heliograph.session.impl.AuthKeyEncryption;
import dev.heliograph.session.impl.KeyPoolCodec;
import dev.heliograph.session.impl.LeaseRecordCodec;
import dev.heliograph.session.impl.SnapshotCodec;
import dev.heliograph.session.redis.internal.LettuceWireTrace;
import dev.heliograph.session.redis.internal.RedisCommands;
import dev.heliograph.session.redis.internal.RedisLink;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A session store in Redis, shared safely by many hosts: standalone, Sentinel or Cluster, on
 * Lettuce.
 *
 * <h2>Keys</h2>
 * For a session {@code name} and the deployment's prefix {@code p} (default {@value #DEFAULT_PREFIX}):
 * <ul>
 *   <li>{@code p{name}:session}: a hash with {@code snap} (the session in the
 *       {@link SnapshotCodec} format) and {@code rev} (a revision number);</li>
 *   <li>{@code p{name}:flood}: flood waits every host of the session respects, a hash from
 *       method name to the epoch milliseconds until which it is blocked; it expires with the
 *       latest wait.</li>
 *   <li>{@code p{name}:keys}: the auth key pools, a hash with {@code dc<N>} (the pool of DC N
 *       with each key's lease: holder, fencing token, expiry; in the {@link KeyPoolCodec} format)
 *       and {@code rev<N>}, changed by the same compare-and-set as the session.</li>
 *   <li>{@code p{name}:leases}: the {@link SessionStore#tryLease named leases}, a hash with
 *       {@code <lease>} (holder, fencing token, expiry, in the {@link LeaseRecordCodec} format) and
 *       {@code rev:<lease>}, changed by the same compare-and-set.</li>
 * </ul>
 * All share the hash tag {@code {name}}, so in a Cluster a session lives in one slot.
 *
 * <h2>Consistency</h2>
 * Every change is a compare-and-set on the revision (one Lua script), retried on conflict: no
 * change from any host is lost and nothing is ever half-written. Changes from this instance to one
 * session are applied in the order they were made.
 *
 * <h2>Failures</h2>
 * Every operation fails after the operation timeout (default 5 s) with a
 * {@link SessionStoreException} of kind {@code UNAVAILABLE} if Redis is down or slow; once Redis is
 * back, the connection is re-established and the next operation succeeds. A client this store
 * creates rejects commands while disconnected (rather than queueing them to run later) and
 * reconnects within a second; with a client of your own, its options decide.
 *
 * <h2>Secrets</h2>
 * With {@link Builder#encryption}, auth keys are sealed with AES-256-GCM before they reach Redis,
 * so a Redis dump alone does not hand out the account.
 */
public final class RedisSessionStore extends AbstractSessionStore {

    /** The default key prefix. */
    public static final String DEFAULT_PREFIX = "heliograph:";

    private static final int MAX_CAS_ATTEMPTS = 100;
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** ARGV: expected revision, new value, the value's field, the revision's field. */
    private static final String CAS_SCRIPT = """
            local rev = redis.call('HGET', KEYS[1], ARGV[4])
            if not rev then rev = '0' end
            if rev ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], ARGV[3], ARGV[2], ARGV[4], tostring(tonumber(rev) + 1))
            return 1
            """;
    /** ARGV: method, epoch ms until, ms from now. Keeps the later time; the hash lives as long as its latest wait. */
    private static final String FLOOD_SCRIPT = """
            local current = redis.call('HGET', KEYS[1], ARGV[1])
            if not current or tonumber(current) < tonumber(ARGV[2]) then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            end
            if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
            end
            return 1
            """;

    private final RedisLink link;
    private final String prefix;
    private final SnapshotCodec codec;
    private final KeyPoolCodec poolCodec;
    private final Duration timeout;
    private final InstantSource clock;
    private final StreamFanout fanout;
    private final ConcurrentHashMap<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
    private final Object closeLock = new Object();
    private volatile boolean closed;

    private RedisSessionStore(Builder builder, RedisLink link) {
        this.link = link;
        this.prefix = builder.prefix;
        this.codec = builder.codec;
        this.poolCodec = builder.codec.keyPoolCodec();
        this.timeout = builder.timeout;
        this.clock = builder.clock;
        this.fanout = builder.fanout;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        LettuceWireTrace.suppress();
        return new Builder();
    }

    /**
     * Returns the Redis key of a session's hash.
     *
     * @param name the session
     * @return {@code <prefix>{<name>}:session}
     */
    public String sessionKey(String name) {
        return prefix + "{" + SessionNames.requireValid(name) + "}:session";
    }

    /**
     * Returns the Redis key of the session's auth key pools.
     *
     * @param name the session
     * @return {@code <prefix>{<name>}:keys}
     */
    public String keyPoolKey(String name) {
        return prefix + "{" + SessionNames.requireValid(name) + "}:keys";
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public CompletionStage<SessionSnapshot> load(String name) {
        return guarded(name, () -> read(name).thenApply(Stored::value));
    }

    @Override
    public CompletionStage<Void> persist(String name, SessionChange change) {
        Objects.requireNonNull(change, "change is null");
        return persistAll(name, List.of(change));
    }

    /** One compare-and-set with every change applied. */
    @Override
    public CompletionStage<Void> persistAll(String name, List<SessionChange> changes) {
        List<SessionChange> all = List.copyOf(changes);
        return guarded(name, () -> inOrder(name, () -> update(name, current -> {
            SessionSnapshot next = current;
            for (SessionChange change : all) {
                next = next.apply(change);
            }
            return next;
        }))).thenApply(ignored -> null);
    }

    @Override
    public CompletionStage<Void> replace(String name, SessionSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot is null");
        return guarded(name, () -> inOrder(name, () -> update(name, current -> snapshot))).thenApply(ignored -> null);
    }

    @Override
    public CompletionStage<Void> delete(String name) {
        return guarded(name, () -> inOrder(name, () -> commands()
                .thenCompose(redis -> redis.keys().del(sessionKey(name), keyPoolKey(name), floodKey(name), leasesKey(name))
                        .toCompletableFuture())))
                .thenApply(ignored -> null);
    }

    /**
     * Returns the Redis key of one of the session's update fan-out structures.
     *
     * @param name the session
     * @param suffix {@code <shard>} (a stream), {@code lease:<shard>}, {@code hosts}, {@code dead}
     *     or {@code done:<id>}
     * @return {@code <prefix>{<name>}:fanout:<suffix>}
     */
    public String fanoutKey(String name, String suffix) {
        return prefix + "{" + SessionNames.requireValid(name) + "}:fanout:" + suffix;
    }

    /**
     * Returns a Redis Streams update queue for the session, if {@link Builder#updateFanout} turned
     * the fan-out on (see {@link StreamFanout} and this module's README).
     */
    @Override
    public Optional<UpdateQueue> updateQueue(String name, String hostId) {
        SessionNames.requireValid(name);
        Objects.requireNonNull(hostId, "hostId is null");
        if (fanout == null) {
            return Optional.empty();
        }
        return Optional.of(new StreamUpdateQueue(this, link, name, hostId, fanout, timeout));
    }

    /**
     * Releases this store's hold on the connection; the last store sharing it closes it and the
     * client the builder created. A client you gave is never shut down. Idempotent.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        link.release();
    }

    @Override
    public String toString() {
        return "RedisSessionStore[prefix=" + prefix + "]";
    }

    // ---- internals ----

    private record Stored<V>(V value, String revision) {
    }

    /**
     * A revisioned value in a hash: its field, the field of its revision number, and its codec.
     */
    private record Versioned<V>(String key, String field, String revisionField, V absent,
            BiFunction<byte[], String, V> decode, Function<V, byte[]> encode) {
    }

    private Versioned<SessionSnapshot> session(String name) {
        return new Versioned<>(sessionKey(name), "snap", "rev", SessionSnapshot.empty(), codec::decode,
                codec::encode);
    }

    private Versioned<LeaseRecord> namedLease(String name, String leaseName) {
        return new Versioned<>(leasesKey(name), leaseName, "rev:" + leaseName, LeaseRecord.absent(),
                LeaseRecordCodec::decode, LeaseRecordCodec::encode);
    }

    private Versioned<KeyPool> pool(String name, int dcId) {
        return new Versioned<>(keyPoolKey(name), "dc" + dcId, "rev" + dcId, KeyPool.absent(), poolCodec::decode,
                poolCodec::encode);
    }

    private CompletableFuture<Stored<SessionSnapshot>> read(String name) {
        return read(session(name));
    }

    private <V> CompletableFuture<Stored<V>> read(Versioned<V> kind) {
        String key = kind.key();
        return commands().thenCompose(redis -> redis.hash().hmget(key, kind.field(), kind.revisionField())
                        .toCompletableFuture())
                .thenApply(values -> {
                    KeyValue<String, byte[]> snap = values.get(0);
                    KeyValue<String, byte[]> rev = values.get(1);
                    if (!snap.hasValue()) {
                        return new Stored<>(kind.absent(), "0");
                    }
                    String revision = rev.hasValue() ? new String(rev.getValue(), StandardCharsets.US_ASCII) : "0";
                    return new Stored<>(kind.decode().apply(snap.getValue(), "Redis key " + key + " field "
                            + kind.field()), revision);
                });
    }

    /** Read, apply, compare-and-set; again on conflict with another host. */
    private CompletableFuture<SessionSnapshot> update(String name, Function<SessionSnapshot, SessionSnapshot> change) {
        return update(session(name), current -> {
            SessionSnapshot next = change.apply(current);
            return new Change<>(next, next);
        }, 1).thenApply(step -> step.result());
    }

    @Override
    protected <T> CompletionStage<T> updateLease(String name, String leaseName,
            Function<LeaseRecord, LeaseRecord.Step<T>> transition) {
        return guarded(name, () -> update(namedLease(name, leaseName), current -> {
            LeaseRecord.Step<T> step = transition.apply(current);
            return new Change<>(step.record(), step.result());
        }, 1).thenApply(step -> step.result()));
    }

    /**
     * Returns the Redis key of the session's named leases.
     *
     * @param name the session
     * @return {@code <prefix>{<name>}:leases}
     */
    public String leasesKey(String name) {
        return prefix + "{" + SessionNames.requireValid(name) + "}:leases";
    }

    @Override
    protected <T> CompletionStage<T> updateKeyPool(String name, int dcId,
            Function<KeyPool, KeyPool.Step<T>> transition) {
        return guarded(name, () -> update(pool(name, dcId), current -> {
            KeyPool.Step<T> step = transition.apply(current);
            return new Change<>(step.pool(), step.result());
        }, 1).thenApply(step -> step.result()));
    }

    /**
     * Returns the Redis key of the session's flood waits.
     *
     * @param name the session
     * @return {@code <prefix>{<name>}:flood}
     */
    public String floodKey(String name) {
        return prefix + "{" + SessionNames.requireValid(name) + "}:flood";
    }

    @Override
    public CompletionStage<List<DcAuth>> pooledAuthKeys(String name) {
        return guarded(name, () -> commands().thenCompose(redis -> redis.hash().hgetall(keyPoolKey(name))
                .toCompletableFuture()).thenApply(fields -> {
                    List<DcAuth> keys = new ArrayList<>();
                    new TreeMap<>(fields).forEach((field, value) -> {
                        if (field.startsWith("dc")) {
                            poolCodec.decode(value, "Redis key " + keyPoolKey(name) + " field " + field).entries()
                                    .forEach(e -> keys.add(e.auth()));
                        }
                    });
                    return keys;
                }));
    }

    @Override
    public CompletionStage<Void> recordFloodWait(String name, String method, Instant until) {
        Objects.requireNonNull(method, "method is null");
        Objects.requireNonNull(until, "until is null");
        long remaining = Math.max(1, until.toEpochMilli() - clock.millis());
        return guarded(name, () -> commands().thenCompose(redis -> redis.scripting().<Long>eval(FLOOD_SCRIPT,
                ScriptOutputType.INTEGER, new String[] {floodKey(name)}, bytes(method),
                bytes(Long.toString(until.toEpochMilli())), bytes(Long.toString(remaining))).toCompletableFuture()))
                .thenApply(ignored -> null);
    }

    @Override
    public CompletionStage<Optional<Instant>> floodWaitUntil(String name, String method) {
        Objects.requireNonNull(method, "method is null");
        return guarded(name, () -> commands().thenCompose(redis -> redis.hash().hget(floodKey(name), method)
                .toCompletableFuture()).thenApply(value -> {
                    if (value == null) {
                        return Optional.<Instant>empty();
                    }
                    try {
                        return Optional.of(Instant.ofEpochMilli(Long.parseLong(new String(value,
                                StandardCharsets.US_ASCII))));
                    } catch (NumberFormatException e) {
                        throw new SessionStoreException(SessionStoreException.Kind.CORRUPT, "Redis key "
                                + floodKey(name) + " field " + method + " is not a time", null);
                    }
                }));
    }

    @Override
    protected InstantSource clock() {
        return clock;
    }

    /** A new value and the answer of the change that made it. */
    private record Change<V, T>(V value, T result) {
    }

    private <V, T> CompletableFuture<Change<V, T>> update(Versioned<V> kind, Function<V, Change<V, T>> change,
            int attempt) {
        return read(kind).thenCompose(stored -> {
            Change<V, T> step = change.apply(stored.value());
            V next = step.value();
            if (next == stored.value()) {
                return CompletableFuture.completedFuture(step);
            }
            return commands().thenCompose(redis -> redis.scripting().<Long>eval(CAS_SCRIPT, ScriptOutputType.INTEGER,
                    new String[] {kind.key()}, stored.revision().getBytes(StandardCharsets.US_ASCII),
                    kind.encode().apply(next), bytes(kind.field()), bytes(kind.revisionField())).toCompletableFuture())
                    .thenCompose(written -> {
                        if (written == 1L) {
                            return CompletableFuture.completedFuture(step);
                        }
                        if (attempt >= MAX_CAS_ATTEMPTS) {
                            return CompletableFuture.failedFuture(new SessionStoreException(
                                    SessionStoreException.Kind.UNAVAILABLE, kind.key() + " changed under us "
                                    + attempt + " times in a row", null));
                        }
                        long pause = ThreadLocalRandom.current().nextLong(1, 2 + Math.min(attempt, 20));
                        return CompletableFuture.runAsync(() -> { },
                                        CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS))
                                .thenCompose(ignored -> update(kind, change, attempt + 1));
                    });
        });
    }

    /** Runs writes to one session one after another, so that this host's changes keep their order. */
    private <T> CompletableFuture<T> inOrder(String name, Supplier<CompletableFuture<T>> write) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?> previous = tails.put(name, result);
        CompletableFuture<?> start = previous == null ? CompletableFuture.completedFuture(null) : previous;
        start.handle((ignored, error) -> null)
                .thenCompose(ignored -> write.get())
                .whenComplete((value, error) -> {
                    tails.remove(name, result);
                    if (error != null) {
                        result.completeExceptionally(Failures.unwrap(error));
                    } else {
                        result.complete(value);
                    }
                });
        return result;
    }

    /**
     * Validates the name, bounds the time, and maps Redis failures to typed store errors. After a
     * failure that may mean a dead connection, the next operation connects afresh, so that it
     * succeeds as soon as Redis is back (whatever the client's own reconnection schedule).
     */
    <T> CompletableFuture<T> guarded(String name, Supplier<CompletableFuture<T>> operation) {
        long used = link.generation();
        CompletableFuture<T> started;
        try {
            SessionNames.requireValid(name);
            started = operation.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        started.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = Failures.unwrap(error);
            // An error reply (a script's, BUSYGROUP) comes over a healthy connection: keep it.
            if (cause instanceof TimeoutException || cause instanceof IOException
                    || cause instanceof RedisException && !(cause instanceof RedisCommandExecutionException)) {
                link.discard(used);
            }
            result.completeExceptionally(translate(cause, name));
        });
        return result;
    }

    Throwable translate(Throwable error, String name) {
        if (error instanceof TimeoutException) {
            return new SessionStoreException(SessionStoreException.Kind.UNAVAILABLE,
                    "Redis did not answer within " + timeout + " (session " + name + ")", error);
        }
        if (error instanceof RedisException || error instanceof IOException) {
            // A connection reset can come through as the socket's own exception.
            return new SessionStoreException(SessionStoreException.Kind.UNAVAILABLE,
                    "Redis failed (session " + name + "): " + error.getMessage(), error);
        }
        return error;
    }

    CompletableFuture<RedisCommands> commands() {
        if (closed) {
            return CompletableFuture.failedFuture(new SessionStoreException(SessionStoreException.Kind.UNAVAILABLE,
                    "the store is closed", null));
        }
        return link.commands();
    }

    /** Builds a {@link RedisSessionStore}. */
    public static final class Builder {

        private RedisURI uri;
        private boolean cluster;
        private RedisClient client;
        private RedisClusterClient clusterClient;
        private String prefix = DEFAULT_PREFIX;
        private SnapshotCodec codec = SnapshotCodec.plain();
        private Duration timeout = Duration.ofSeconds(5);
        private InstantSource clock = InstantSource.system();
        private StreamFanout fanout;

        private Builder() {
        }

        /**
         * Turns the update fan-out on: hosts sharing a session through this store spread its
         * updates over themselves with Redis Streams (see {@link StreamFanout}). Default: off.
         *
         * @param value the fan-out settings, or {@code null} for none
         * @return this builder
         */
        public Builder updateFanout(StreamFanout value) {
            this.fanout = value;
            return this;
        }

        /**
         * Sets the Redis URI: {@code redis://[password@]host:port/db}, {@code rediss://} for TLS,
         * {@code redis-sentinel://host1:26379,host2:26379/db#masterName} for Sentinel. With
         * {@link #cluster(boolean) cluster mode}, any node of the cluster.
         *
         * @param value the URI
         * @return this builder
         * @throws ConfigurationException if the URI is malformed; the message does not repeat it,
         *     since it may hold the Redis password
         */
        public Builder uri(String value) {
            RedisURI parsed;
            try {
                parsed = RedisURI.create(value);
            } catch (IllegalArgumentException e) {
                // Lettuce's and java.net.URI's messages quote the whole URI, password included:
                // neither the message nor the cause may leave this method.
                throw new ConfigurationException("the Redis URI is malformed (not shown: it may hold a password);"
                        + " expected redis://[password@]host:port/db, rediss://... or redis-sentinel://...");
            }
            return uri(parsed);
        }

        /**
         * Sets the Redis URI.
         *
         * @param value the URI
         * @return this builder
         */
        public Builder uri(RedisURI value) {
            this.uri = Objects.requireNonNull(value, "uri is null");
            return this;
        }

        /**
         * Says whether {@link #uri} names a Redis Cluster node. Default: false.
         *
         * @param value true for Cluster
         * @return this builder
         */
        public Builder cluster(boolean value) {
            this.cluster = value;
            return this;
        }

        /**
         * Uses your client (standalone or Sentinel) with {@link #uri}; the store never shuts it
         * down. Its options decide reconnection and what happens to commands while disconnected.
         *
         * @param value the client
         * @return this builder
         */
        public Builder client(RedisClient value) {
            this.client = Objects.requireNonNull(value, "client is null");
            return this;
        }

        /**
         * Uses your Cluster client; the store never shuts it down.
         *
         * @param value the client
         * @return this builder
         */
        public Builder client(RedisClusterClient value) {
            this.clusterClient = Objects.requireNonNull(value, "client is null");
            return this;
        }

        /**
         * Sets the prefix of every key, one per deployment. Default {@value #DEFAULT_PREFIX}.
         *
         * @param value the prefix, without braces
         * @return this builder
         */
        public Builder keyPrefix(String value) {
            Objects.requireNonNull(value, "prefix is null");
            if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0) {
                throw new IllegalArgumentException("the key prefix must not contain braces (they mark hash tags)");
            }
            this.prefix = value;
            return this;
        }

        /**
         * Seals auth keys with your key before they reach Redis (AES-256-GCM).
         *
         * @param value the encryption
         * @return this builder
         */
        public Builder encryption(AuthKeyEncryption value) {
            this.codec = SnapshotCodec.encrypting(value);
            return this;
        }

        /**
         * Sets how long an operation may take before it fails with {@code UNAVAILABLE}. Default: 5 s.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder operationTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("operationTimeout must be positive: " + value);
            }
            this.timeout = value;
            return this;
        }

        /**
         * Sets the clock for the expiry times reported in leases (Redis itself expires them).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(InstantSource value) {
            this.clock = Objects.requireNonNull(value, "clock is null");
            return this;
        }

        /**
         * Creates the store. It connects on first use, so building never blocks.
         *
         * @return the store
         * @throws IllegalStateException if neither a URI nor a Cluster client was given
         */
        public RedisSessionStore build() {
            if (clusterClient != null) {
                RedisClusterClient given = clusterClient;
                return new RedisSessionStore(this, RedisLink.own(() -> connectCluster(given), () -> { }));
            }
            if (uri == null) {
                throw new IllegalStateException("a Redis URI (or a RedisClusterClient) is required");
            }
            RedisURI target = uri;
            if (client != null) {
                RedisClient given = client;
                return new RedisSessionStore(this, RedisLink.own(
                        () -> given.connectAsync(CODEC, target).toCompletableFuture().thenApply(RedisCommands::of),
                        () -> { }));
            }
            // Stores built for the same Redis in one JVM share one client and connection (SharedKey).
            return new RedisSessionStore(this, RedisLink.shared(new SharedKey(target.toURI().toString(), cluster,
                    timeout), () -> ownClient(target, cluster, timeout)));
        }

        /** Which stores may share a client: the same Redis, mode and timeouts. */
        private record SharedKey(String uri, boolean cluster, Duration timeout) {
            /** The URI may hold a password: never shown. */
            @Override
            public String toString() {
                return "SharedKey[cluster=" + cluster + ", timeout=" + timeout + "]";
            }
        }

        private static RedisLink.Shared ownClient(RedisURI target, boolean cluster, Duration timeout) {
            ClientResources resources = ClientResources.builder()
                    .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2,
                            TimeUnit.MILLISECONDS))
                    .build();
            SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).build();
            TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
            if (cluster) {
                RedisClusterClient own = RedisClusterClient.create(resources, target);
                own.setOptions(ClusterClientOptions.builder()
                        .autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .socketOptions(socket)
                        .timeoutOptions(timeouts)
                        .build());
                return new RedisLink.Shared(() -> connectCluster(own), () -> shutdown(own, resources));
            }
            RedisClient own = RedisClient.create(resources);
            own.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socket)
                    .timeoutOptions(timeouts)
                    .build());
            return new RedisLink.Shared(
                    () -> own.connectAsync(CODEC, target).toCompletableFuture().thenApply(RedisCommands::of),
                    () -> shutdown(own, resources));
        }

        /** A cluster client must know the slots before it connects. */
        private static CompletableFuture<RedisCommands> connectCluster(RedisClusterClient client) {
            return client.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(ignored -> client.connectAsync(CODEC))
                    .thenApply(RedisCommands::of);
        }

        private static void shutdown(AbstractRedisClient own, ClientResources resources) {
            own.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
