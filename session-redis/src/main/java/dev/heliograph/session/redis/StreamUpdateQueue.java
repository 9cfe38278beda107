package dev.heliograph.session.redis;

import dev.heliograph.error.Failures;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.error.TlDecodeException;
import dev.heliograph.session.QueuedUpdate;
import dev.heliograph.session.UpdateQueue;
import dev.heliograph.session.redis.internal.RedisCommands;
import dev.heliograph.session.redis.internal.RedisLink;
import io.lettuce.core.Consumer;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The Redis Streams {@link UpdateQueue} of one session on one host (see the module README for the
 * design). Appends go to the shard stream of each update's chat; consuming runs on one thread of
 * its own that holds leases on its share of the shards (rendezvous hashing over the live hosts),
 * reads them with a consumer group, skips updates already handled (the de-duplication keys),
 * hands the rest to the handler one at a time and acknowledges each with a script fenced by the
 * shard lease, which also deletes the entry (so the streams hold only what is not handled yet) and
 * remembers the update as handled.
 */
final class StreamUpdateQueue implements UpdateQueue {

    static final String GROUP = "handlers";
    private static final String PAYLOAD = "u";
    private static final String CHAT = "k";
    private static final String DEDUP = "d";
    private static final long MAX_BACKOFF_MILLIS = 2000;

    /** KEYS: the hosts' sorted set. ARGV: host, its lease ms. Registers the host, forgets the dead, lists the live. */
    private static final String MEMBERS_SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
            return redis.call('ZRANGE', KEYS[1], 0, -1)
            """;
    /**
     * KEYS: shard leases. ARGV: lease ms, then per key an operation letter and a token:
     * {@code a} acquire ({@code SET NX PX}), {@code r} renew, {@code d} release (both only if the
     * token still holds it). Returns per key 1 if done. One round trip per tick for all shards.
     */
    private static final String LEASES_SCRIPT = """
            local out = {}
            for i = 1, #KEYS do
              local op = string.sub(ARGV[i + 1], 1, 1)
              local token = string.sub(ARGV[i + 1], 2)
              local done = 0
              if op == 'a' then
                if redis.call('SET', KEYS[i], token, 'NX', 'PX', ARGV[1]) then done = 1 end
              elseif redis.call('GET', KEYS[i]) == token then
                if op == 'r' then redis.call('PEXPIRE', KEYS[i], ARGV[1]) else redis.call('DEL', KEYS[i]) end
                done = 1
              end
              out[i] = done
            end
            return out
            """;
    /**
     * KEYS: lease, stream, done key. ARGV: token, group, entry id, done ms, '1' to remember it as
     * handled. That the update was handled is true whoever holds the shard now, so it is recorded
     * even without the lease (the next owner then skips the entry); only the entry itself is
     * fenced.
     */
    private static final String ACK_SCRIPT = """
            if ARGV[5] == '1' then redis.call('SET', KEYS[3], '1', 'PX', ARGV[4]) end
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('XACK', KEYS[2], ARGV[2], ARGV[3])
            redis.call('XDEL', KEYS[2], ARGV[3])
            return 1
            """;
    /**
     * KEYS: lease, stream, dead letters. ARGV: token, group, entry id, reason, dead-letter bound,
     * then the entry's fields and values.
     */
    private static final String QUARANTINE_SCRIPT = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            local entry = {'XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'stream', KEYS[2], 'entry', ARGV[3],
              'reason', ARGV[4]}
            for i = 6, #ARGV do entry[#entry + 1] = ARGV[i] end
            redis.call(unpack(entry))
            redis.call('XACK', KEYS[2], ARGV[2], ARGV[3])
            redis.call('XDEL', KEYS[2], ARGV[3])
            return 1
            """;

    private final RedisSessionStore store;
    private final RedisLink link;
    private final String name;
    private final String host;
    private final StreamFanout settings;
    private final Duration timeout;
    private final Consumer<String> consumer;
    private final Object lock = new Object();

    // Guarded by `lock`.
    private Thread thread;
    private volatile boolean closed;

    // Confined to the consumer thread (and to close() once it ended).
    /** Shard -> the token of this host's lease on it. */
    private final Map<Integer, String> owned = new TreeMap<>();
    /** Owned shards whose pending entries (left by an earlier owner) come before new ones. */
    private final Set<Integer> backlog = new TreeSet<>();
    private Handler handler;
    private Listener listener;
    private CompletableFuture<RedisCommands> reader;
    private long nextTick;
    private boolean failing;
    private long backoffMillis;
    private boolean groupsReady;

    StreamUpdateQueue(RedisSessionStore store, RedisLink link, String name, String host, StreamFanout settings,
            Duration timeout) {
        this.store = store;
        this.link = link;
        this.name = name;
        this.host = host;
        this.settings = settings;
        this.timeout = timeout;
        this.consumer = Consumer.from(GROUP, host);
    }

    @Override
    public CompletionStage<Void> append(List<QueuedUpdate> updates) {
        List<QueuedUpdate> all = List.copyOf(updates);
        return store.guarded(name, () -> store.commands().thenCompose(redis -> {
            // One connection, commands in order: entries of one shard keep the order of the list.
            CompletableFuture<?>[] added = new CompletableFuture<?>[all.size()];
            for (int i = 0; i < all.size(); i++) {
                QueuedUpdate u = all.get(i);
                Map<String, byte[]> body = new LinkedHashMap<>();
                body.put(CHAT, u.chatKey().getBytes(StandardCharsets.UTF_8));
                if (u.dedupId() != null) {
                    body.put(DEDUP, u.dedupId().getBytes(StandardCharsets.UTF_8));
                }
                body.put(PAYLOAD, u.payload());
                added[i] = redis.streams().xadd(streamKey(shardOf(u.chatKey(), settings.shards())), body)
                        .toCompletableFuture();
            }
            return CompletableFuture.allOf(added);
        }));
    }

    @Override
    public void start(Handler h, Listener l) {
        synchronized (lock) {
            if (closed || thread != null) {
                throw new IllegalStateException(closed ? "the update queue is closed" : "already started");
            }
            handler = h;
            listener = l;
            nextTick = System.nanoTime();
            thread = new Thread(this::run, "heliograph-fanout-" + host);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Stops after the update in hand, then gives the shards back and leaves the hosts' set, so
     * that the others take the shards over at their next tick instead of after the lease time.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
        }
        if (running == null) {
            return;
        }
        try {
            running.join(settings.block().toMillis() + timeout.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            // Still in a handler: its shards expire on their own, and its acknowledgement is fenced.
            return;
        }
        try {
            List<CompletableFuture<?>> released = new ArrayList<>();
            if (!owned.isEmpty()) {
                List<String> keys = new ArrayList<>();
                List<byte[]> args = new ArrayList<>(List.of(b("0")));
                owned.forEach((shard, token) -> {
                    keys.add(leaseKey(shard));
                    args.add(b("d" + token));
                });
                released.add(store.guarded(name, () -> store.commands().thenCompose(redis -> redis.scripting()
                        .eval(LEASES_SCRIPT, ScriptOutputType.MULTI, keys.toArray(String[]::new),
                                args.toArray(byte[][]::new)).toCompletableFuture())));
            }
            released.add(store.guarded(name, () -> store.commands().thenCompose(redis -> redis.scripting()
                    .eval("return redis.call('ZREM', KEYS[1], ARGV[1])", ScriptOutputType.INTEGER,
                            new String[] {hostsKey()}, b(host)).toCompletableFuture())));
            CompletableFuture.allOf(released.toArray(CompletableFuture<?>[]::new)).join();
        } catch (RuntimeException e) {
            // Redis is away: the leases and the membership expire by themselves.
        }
        owned.clear();
        dropReader();
    }

    // ---- the consumer thread ----

    private void run() {
        while (!closed) {
            try {
                step();
                if (failing) {
                    failing = false;
                    backoffMillis = 0;
                }
            } catch (RuntimeException thrown) {
                SessionStoreException e = thrown instanceof SessionStoreException typed ? typed
                        : new SessionStoreException(SessionStoreException.Kind.UNAVAILABLE, "the update queue of session "
                                + name + " failed: " + thrown, thrown);
                if (e.getMessage() != null && e.getMessage().contains("NOGROUP")) {
                    groupsReady = false;
                }
                if (!failing) {
                    failing = true;
                    listener.failed(e);
                }
                dropReader();
                // Entries read but not handled stay pending for this host: read them again first.
                backlog.addAll(owned.keySet());
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS, Math.max(50, backoffMillis * 2));
                pause(backoffMillis);
            }
        }
    }

    /** One round: the membership tick when due, the backlogs, then one read of new entries. */
    private void step() {
        if (!groupsReady) {
            createGroups();
            groupsReady = true;
        }
        if (System.nanoTime() - nextTick >= 0) {
            tick();
        }
        for (Integer shard : List.copyOf(backlog)) {
            drainBacklog(shard);
        }
        List<Integer> reading = new ArrayList<>();
        for (Integer shard : owned.keySet()) {
            if (!backlog.contains(shard)) {
                reading.add(shard);
            }
        }
        long untilTick = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime()));
        if (reading.isEmpty()) {
            pause(Math.min(untilTick, backlog.isEmpty() ? settings.block().toMillis() : 50));
            return;
        }
        long block = Math.min(settings.block().toMillis(), untilTick);
        // COUNT is per stream: keep one read's work near readCount entries whatever the shards held.
        int count = Math.max(1, settings.readCount() / reading.size());
        List<XReadArgs.StreamOffset<String>> newEntries = new ArrayList<>();
        for (Integer shard : reading) {
            newEntries.add(XReadArgs.StreamOffset.lastConsumed(streamKey(shard)));
        }
        XReadArgs.StreamOffset<String>[] offsets = offsets(newEntries);
        List<StreamMessage<String, byte[]>> read = awaitReader(redis -> redis.streams().xreadgroup(consumer,
                XReadArgs.Builder.count(count).block(block), offsets).toCompletableFuture(), block);
        Map<Integer, List<StreamMessage<String, byte[]>>> byShard = new TreeMap<>();
        for (StreamMessage<String, byte[]> m : read) {
            byShard.computeIfAbsent(shardOfKey(m.getStream()), s -> new ArrayList<>()).add(m);
        }
        Set<String> done = alreadyDone(byShard);
        byShard.forEach((shard, messages) -> handleAll(shard, messages, done));
    }

    /** The done keys, among those of the entries read, that are set: one {@code MGET} per read. */
    private Set<String> alreadyDone(Map<Integer, List<StreamMessage<String, byte[]>>> byShard) {
        List<String> keys = new ArrayList<>();
        byShard.forEach((shard, messages) -> messages.forEach(m -> keys.add(doneKey(shard, m))));
        if (keys.isEmpty()) {
            return Set.of();
        }
        List<KeyValue<String, byte[]>> values = await(redis -> redis.strings().mget(keys.toArray(String[]::new))
                .toCompletableFuture());
        Set<String> done = new HashSet<>();
        for (KeyValue<String, byte[]> v : values) {
            if (v.hasValue()) {
                done.add(v.getKey());
            }
        }
        return done;
    }

    /** Creates the consumer group of every shard (from the start of the stream) if missing. */
    private void createGroups() {
        for (int shard = 0; shard < settings.shards(); shard++) {
            String key = streamKey(shard);
            try {
                await(redis -> redis.streams().xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), GROUP,
                        XGroupCreateArgs.Builder.mkstream()).toCompletableFuture());
            } catch (SessionStoreException e) {
                if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                    throw e;
                }
            }
        }
    }

    /**
     * Renews this host's membership, works out its share of the shards (each shard belongs to the
     * live host with the highest hash of host and shard), gives back what is no longer its share,
     * renews what is, and takes what is free.
     */
    private void tick() {
        nextTick = System.nanoTime() + settings.leaseTtl().toNanos() / 3;
        long ttl = settings.leaseTtl().toMillis();
        List<Object> live = await(redis -> redis.scripting().<List<Object>>eval(MEMBERS_SCRIPT,
                ScriptOutputType.MULTI, new String[] {hostsKey()}, b(host),
                b(Long.toString(ttl))).toCompletableFuture());
        List<String> hosts = new ArrayList<>();
        for (Object o : live) {
            hosts.add(new String((byte[]) o, StandardCharsets.UTF_8));
        }
        Set<Integer> mine = share(hosts, host, settings.shards());
        List<Integer> shards = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<byte[]> args = new ArrayList<>();
        args.add(b(Long.toString(ttl)));
        for (int shard = 0; shard < settings.shards(); shard++) {
            String token = owned.get(shard);
            String op;
            if (token != null) {
                op = mine.contains(shard) ? "r" : "d";
            } else if (mine.contains(shard)) {
                op = "a";
                token = host + "/" + UUID.randomUUID();
            } else {
                continue;
            }
            shards.add(shard);
            keys.add(leaseKey(shard));
            args.add(b(op + token));
        }
        if (keys.isEmpty()) {
            return;
        }
        List<Object> done = await(redis -> redis.scripting().<List<Object>>eval(LEASES_SCRIPT, ScriptOutputType.MULTI,
                keys.toArray(String[]::new), args.toArray(byte[][]::new)).toCompletableFuture());
        for (int i = 0; i < shards.size(); i++) {
            int shard = shards.get(i);
            boolean ok = ((Long) done.get(i)) == 1L;
            String arg = new String(args.get(i + 1), StandardCharsets.UTF_8);
            if (arg.charAt(0) == 'a') {
                if (ok) {
                    owned.put(shard, arg.substring(1));
                    backlog.add(shard);
                }
            } else if (arg.charAt(0) == 'd' || !ok) {
                lose(shard);
            }
        }
    }

    private void lose(int shard) {
        owned.remove(shard);
        backlog.remove(shard);
    }

    /**
     * Before reading new entries of a shard it just took, handles what is pending in it: entries
     * of this host from before a restart, and entries of other consumers (a dead earlier owner)
     * once idle for {@link StreamFanout#claimIdle()}, which it claims. While another consumer has
     * entries not yet claimable, the shard waits (its order must hold).
     */
    private void drainBacklog(int shard) {
        String key = streamKey(shard);
        String cursor = "0-0";
        do {
            String from = cursor;
            ClaimedMessages<String, byte[]> claimed = await(redis -> redis.streams().xautoclaim(key,
                    XAutoClaimArgs.Builder.justid(consumer, settings.claimIdle(), from).count(settings.readCount()))
                    .toCompletableFuture());
            cursor = claimed.getId();
        } while (!"0-0".equals(cursor) && owned.containsKey(shard));
        PendingMessages pending = await(redis -> redis.streams().xpending(key, GROUP).toCompletableFuture());
        long mine = pending.getConsumerMessageCount().getOrDefault(host, 0L);
        if (pending.getCount() > mine) {
            return;
        }
        List<StreamMessage<String, byte[]>> own = await(redis -> redis.streams().xreadgroup(consumer,
                XReadArgs.Builder.count(settings.readCount()), offsets(List.of(XReadArgs.StreamOffset.from(key, "0"))))
                .toCompletableFuture());
        if (own.isEmpty()) {
            backlog.remove(shard);
            return;
        }
        handleAll(shard, own, alreadyDone(Map.of(shard, own)));
    }

    /**
     * Handles a shard's entries in order, skipping those whose done key is in {@code done} or
     * that repeat an update handled earlier in the list; stops if the shard's lease is lost.
     */
    private void handleAll(int shard, List<StreamMessage<String, byte[]>> messages, Set<String> done) {
        String[] doneKeys = new String[messages.size()];
        for (int i = 0; i < doneKeys.length; i++) {
            doneKeys[i] = doneKey(shard, messages.get(i));
        }
        Set<String> handledNow = new HashSet<>();
        // The lease these entries were read under: if it ends (even if the shard is taken again
        // later), the rest of them are read again from the pending list, after the done keys.
        String token = owned.get(shard);
        // Acknowledgements go out without waiting, so the next handler starts at once; they are
        // settled before a tick and at the end (a lost lease shows there: the entries handled
        // meanwhile are recorded as done all the same, so whoever takes the shard skips them).
        List<Ack> inFlight = new ArrayList<>();
        try {
            for (int i = 0; i < messages.size() && token != null && token.equals(owned.get(shard)) && !closed; i++) {
                if (System.nanoTime() - nextTick >= 0) {
                    // Renew between entries, so that a long batch does not outlive the leases.
                    settle(shard, token, inFlight);
                    tick();
                    if (!token.equals(owned.get(shard))) {
                        break;
                    }
                }
                StreamMessage<String, byte[]> m = messages.get(i);
                boolean repeat = done.contains(doneKeys[i]) || !handledNow.add(doneKeys[i]);
                QueuedUpdate update = repeat ? null : decode(m.getBody());
                if (repeat) {
                    inFlight.add(acknowledge(shard, token, m.getId(), doneKeys[i], false));
                } else if (update == null) {
                    quarantine(shard, token, m, "the entry lacks its chat key or payload");
                } else {
                    Throwable failure = handle(m.getId(), update);
                    if (failure == null) {
                        inFlight.add(acknowledge(shard, token, m.getId(), doneKeys[i], true));
                    } else if (failure instanceof TlDecodeException) {
                        quarantine(shard, token, m, failure.getClass().getSimpleName() + ": "
                                + failure.getMessage());
                    } else {
                        // Not the entry's fault (an executor that refused the work, say): it stays
                        // pending here and is handed out again after the back-off.
                        throw new SessionStoreException(SessionStoreException.Kind.UNAVAILABLE, "handling update"
                                + " queue entry " + m.getId() + " failed; it is handed out again: " + failure, failure);
                    }
                }
            }
        } finally {
            settle(shard, token, inFlight);
        }
    }

    private Throwable handle(String id, QueuedUpdate update) {
        try {
            handler.handle(id, update).toCompletableFuture().join();
            return null;
        } catch (RuntimeException e) {
            return Failures.unwrap(e);
        }
    }

    private static QueuedUpdate decode(Map<String, byte[]> body) {
        byte[] chat = body == null ? null : body.get(CHAT);
        byte[] payload = body == null ? null : body.get(PAYLOAD);
        if (chat == null || payload == null) {
            return null;
        }
        byte[] dedup = body.get(DEDUP);
        try {
            return new QueuedUpdate(new String(chat, StandardCharsets.UTF_8),
                    dedup == null ? null : new String(dedup, StandardCharsets.UTF_8), payload);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An acknowledgement on its way. */
    private record Ack(String id, String doneKey, boolean handled, CompletableFuture<Long> answer) {
    }

    /**
     * Sends the acknowledgement of an entry (and with {@code handled}, records its update as
     * handled), fenced by the shard lease; {@link #settle} waits for it.
     */
    private Ack acknowledge(int shard, String token, String id, String doneKey, boolean handled) {
        return new Ack(id, doneKey, handled, ackScript(shard, token, id, doneKey, handled));
    }

    private CompletableFuture<Long> ackScript(int shard, String token, String id, String doneKey, boolean handled) {
        return store.guarded(name, () -> store.commands().thenCompose(redis -> redis.scripting().<Long>eval(
                ACK_SCRIPT, ScriptOutputType.INTEGER, new String[] {leaseKey(shard), streamKey(shard), doneKey},
                b(token), b(GROUP), b(id), b(Long.toString(settings.dedupTtl().toMillis())), b(handled ? "1" : "0"))
                .toCompletableFuture()));
    }

    /**
     * Waits for the acknowledgements sent. One that failed for a Redis outage is sent again until
     * it lands (a handler that finished is not run again for an outage shorter than the lease);
     * one that found the lease gone loses the shard.
     */
    private void settle(int shard, String token, List<Ack> acks) {
        boolean lost = false;
        for (Ack a : acks) {
            long result;
            try {
                result = Failures.join(a.answer());
            } catch (SessionStoreException e) {
                if (closed || e.kind() != SessionStoreException.Kind.UNAVAILABLE) {
                    throw e;
                }
                result = retrying(() -> ackScript(shard, token, a.id(), a.doneKey(), a.handled()));
            }
            lost |= result == 0;
        }
        acks.clear();
        if (lost && token != null && token.equals(owned.get(shard))) {
            lose(shard);
        }
    }

    /** Moves an entry to the dead-letter stream, acknowledges it and reports it. */
    private void quarantine(int shard, String token, StreamMessage<String, byte[]> m, String reason) {
        List<byte[]> args = new ArrayList<>(List.of(b(token), b(GROUP),
                b(m.getId()), reason.getBytes(StandardCharsets.UTF_8),
                b(Integer.toString(settings.deadLetterMaxLength()))));
        if (m.getBody() != null) {
            m.getBody().forEach((field, value) -> {
                args.add(field.getBytes(StandardCharsets.UTF_8));
                args.add(value);
            });
        }
        long result = retrying(() -> store.guarded(name, () -> store.commands().thenCompose(redis -> redis.scripting()
                .<Long>eval(QUARANTINE_SCRIPT, ScriptOutputType.INTEGER, new String[] {leaseKey(shard),
                        streamKey(shard), deadKey()}, args.toArray(byte[][]::new)).toCompletableFuture())));
        if (result == 0) {
            if (token.equals(owned.get(shard))) {
                lose(shard);
            }
            return;
        }
        listener.failed(new SessionStoreException(SessionStoreException.Kind.CORRUPT, "update queue entry " + m.getId()
                + " of " + streamKey(shard) + " was moved to " + deadKey() + ": " + reason, null));
    }

    private long retrying(Supplier<CompletableFuture<Long>> script) {
        long wait = 50;
        boolean reported = false;
        while (true) {
            try {
                return Failures.join(script.get());
            } catch (SessionStoreException e) {
                if (closed || e.kind() != SessionStoreException.Kind.UNAVAILABLE) {
                    throw e;
                }
                if (!reported) {
                    reported = true;
                    listener.failed(e);
                }
                pause(wait);
                wait = Math.min(MAX_BACKOFF_MILLIS, wait * 2);
            }
        }
    }

    // ---- Redis access ----

    private <T> T await(java.util.function.Function<RedisCommands, CompletableFuture<T>> command) {
        return Failures.join(store.guarded(name, () -> store.commands().thenCompose(command)));
    }

    /** A blocking read, on this queue's own connection (it would hold up every command on the shared one). */
    private <T> T awaitReader(java.util.function.Function<RedisCommands, CompletableFuture<T>> command,
            long blockMillis) {
        CompletableFuture<RedisCommands> connection;
        synchronized (lock) {
            if (reader == null || reader.isCompletedExceptionally()) {
                reader = link.openDedicated();
            }
            connection = reader;
        }
        try {
            return connection.thenCompose(command).orTimeout(timeout.toMillis() + blockMillis, TimeUnit.MILLISECONDS)
                    .join();
        } catch (RuntimeException e) {
            Throwable cause = Failures.unwrap(e);
            if (cause instanceof TimeoutException || cause instanceof RedisException || cause instanceof IOException) {
                throw (RuntimeException) store.translate(cause, name);
            }
            throw e;
        }
    }

    private void dropReader() {
        CompletableFuture<RedisCommands> dropped;
        synchronized (lock) {
            dropped = reader;
            reader = null;
        }
        if (dropped != null) {
            dropped.thenAccept(RedisLink::closeQuietly);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static XReadArgs.StreamOffset<String>[] offsets(List<XReadArgs.StreamOffset<String>> list) {
        return list.toArray(new XReadArgs.StreamOffset[0]);
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- keys and hashing ----

    String streamKey(int shard) {
        return store.fanoutKey(name, Integer.toString(shard));
    }

    private String leaseKey(int shard) {
        return store.fanoutKey(name, "lease:" + shard);
    }

    private String hostsKey() {
        return store.fanoutKey(name, "hosts");
    }

    private String deadKey() {
        return store.fanoutKey(name, "dead");
    }

    /** An update's own id if it has one, else its entry's: repeats of either are skipped. */
    private String doneKey(int shard, StreamMessage<String, byte[]> m) {
        byte[] dedup = m.getBody() == null ? null : m.getBody().get(DEDUP);
        return store.fanoutKey(name, "done:" + (dedup != null ? "u:" + new String(dedup, StandardCharsets.UTF_8)
                : "e:" + shard + ":" + m.getId()));
    }

    private int shardOfKey(String streamKey) {
        return Integer.parseInt(streamKey.substring(streamKey.lastIndexOf(':') + 1));
    }

    /**
     * The shard of a chat.
     *
     * @param chatKey the chat
     * @param shards the shard count
     * @return 0 to {@code shards - 1}
     */
    static int shardOf(String chatKey, int shards) {
        return (int) Long.remainderUnsigned(hash(chatKey, 0), shards);
    }

    /**
     * A host's share of the shards: those for which its hash with the shard is the highest of the
     * live hosts (rendezvous hashing: when a host comes or goes, only its own shards move).
     *
     * @param hosts the live hosts
     * @param self this host
     * @param shards the shard count
     * @return the shards this host should hold
     */
    static Set<Integer> share(List<String> hosts, String self, int shards) {
        Set<Integer> mine = new TreeSet<>();
        for (int shard = 0; shard < shards; shard++) {
            String best = null;
            long bestScore = 0;
            for (String h : hosts) {
                long score = hash(h, shard + 1);
                if (best == null || Long.compareUnsigned(score, bestScore) > 0
                        || score == bestScore && h.compareTo(best) < 0) {
                    best = h;
                    bestScore = score;
                }
            }
            if (self.equals(best)) {
                mine.add(shard);
            }
        }
        return mine;
    }

    /** FNV-1a over the UTF-8 bytes and the salt, then the 64-bit finaliser of MurmurHash3: stable across JVMs. */
    private static long hash(String text, int salt) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ salt) * 0x100000001b3L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
