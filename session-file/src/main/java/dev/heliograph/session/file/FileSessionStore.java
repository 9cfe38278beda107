package dev.heliograph.session.file;

import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.AbstractSessionStore;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.KeyPool;
import dev.heliograph.session.LeaseRecord;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionNames;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.SessionStore;
import dev.heliograph.session.impl.AuthKeyEncryption;
import dev.heliograph.session.impl.KeyPoolCodec;
import dev.heliograph.session.impl.LeaseRecordCodec;
import dev.heliograph.session.impl.SnapshotCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A session store that keeps one file per session in a directory the user chooses.
 *
 * <h2>Files</h2>
 * <ul>
 *   <li>{@code <name>.session}: the session in the {@link SnapshotCodec} format (versioned, with a
 *       checksum). Created owner-only (0600); an existing file that others may read is fixed or
 *       refused as the {@link PermissionPolicy} says.</li>
 *   <li>{@code <name>.session.lock}: locked ({@link FileChannel#lock}) around every change, so
 *       that processes on one host apply changes one at a time and lease keys and roles like
 *       hosts sharing a Redis store do.</li>
 *   <li>{@code <name>.flood}: flood waits every host of the session respects, one line per method
 *       ({@code <method> <epoch ms until>}) after a {@code heliograph-flood 1} header.</li>
 *   <li>{@code <name>.dc<N>.keys}: the auth key pool of DC N with each key's lease (holder, fencing
 *       token, expiry) in the {@link KeyPoolCodec} format, changed under the lock like the session,
 *       so that processes on one machine lease keys exclusively like hosts sharing Redis do.</li>
 *   <li>{@code <name>.<lease>.lease}: a {@link SessionStore#tryLease named lease} (holder, fencing
 *       token, expiry) in the {@link LeaseRecordCodec} format, changed under the lock like the
 *       session.</li>
 * </ul>
 *
 * <h2>Crash safety</h2>
 * A write goes to a temporary file in the same directory, which is flushed to disk (fsync),
 * renamed over the session file atomically, after which the directory is flushed too. A process
 * killed at any point leaves either the old or the new session, never a broken one. A file that is
 * corrupt, truncated or written by a newer version fails with a typed
 * {@link SessionStoreException} naming the file, and is never overwritten.
 *
 * <p>Operations run on one thread per store, in the order they were called; each waits at most the
 * lock timeout for other processes.
 */
public final class FileSessionStore extends AbstractSessionStore {

    private static final System.Logger LOG = System.getLogger(FileSessionStore.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final int MAX_FILE_SIZE = 1 << 20;
    /** Locks of this JVM: a FileChannel lock excludes other processes, not other threads. */
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path directory;
    private final SnapshotCodec codec;
    private final KeyPoolCodec poolCodec;
    private final PermissionPolicy permissionPolicy;
    private final Duration lockTimeout;
    private final InstantSource clock;
    private final boolean posix;
    private final ExecutorService executor;

    private FileSessionStore(Builder builder) {
        this.directory = builder.directory.toAbsolutePath().normalize();
        this.codec = builder.codec;
        this.poolCodec = builder.codec.keyPoolCodec();
        this.permissionPolicy = builder.permissionPolicy;
        this.lockTimeout = builder.lockTimeout;
        this.clock = builder.clock;
        try {
            if (Files.notExists(directory)) {
                Files.createDirectories(directory, dirAttributes(directory));
            }
        } catch (IOException e) {
            throw new SessionStoreException(SessionStoreException.Kind.INVALID,
                    "cannot create the session directory " + directory, e);
        }
        if (!Files.isDirectory(directory)) {
            throw new SessionStoreException(SessionStoreException.Kind.INVALID,
                    "not a directory: " + directory, null);
        }
        this.posix = Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null;
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "heliograph-session-file");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens a store in {@code directory} (created owner-only if missing) with the defaults.
     *
     * @param directory where session files live
     * @return the store
     */
    public static FileSessionStore open(Path directory) {
        return builder(directory).build();
    }

    /**
     * Returns a builder for a store in {@code directory}.
     *
     * @param directory where session files live
     * @return the builder
     */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /**
     * Returns the file a session is stored in.
     *
     * @param name the session
     * @return its path
     */
    public Path sessionFile(String name) {
        return directory.resolve(SessionNames.requireValid(name) + ".session");
    }

    @Override
    public CompletionStage<SessionSnapshot> load(String name) {
        return submit(name, () -> read(sessionFile(name)));
    }

    @Override
    public CompletionStage<Void> persist(String name, SessionChange change) {
        Objects.requireNonNull(change, "change is null");
        return persistAll(name, List.of(change));
    }

    /** One locked read, the changes applied in order, one write (so one pair of fsyncs). */
    @Override
    public CompletionStage<Void> persistAll(String name, List<SessionChange> changes) {
        List<SessionChange> all = List.copyOf(changes);
        return submit(name, () -> locked(name, () -> {
            Path file = sessionFile(name);
            SessionSnapshot current = read(file);
            SessionSnapshot next = current;
            for (SessionChange change : all) {
                next = next.apply(change);
            }
            if (next != current) {
                write(name, next);
            }
            return null;
        }));
    }

    @Override
    public CompletionStage<Void> replace(String name, SessionSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot is null");
        return submit(name, () -> locked(name, () -> {
            write(name, snapshot);
            return null;
        }));
    }

    @Override
    public CompletionStage<Void> delete(String name) {
        return submit(name, () -> locked(name, () -> {
            boolean deleted = Files.deleteIfExists(sessionFile(name)) | Files.deleteIfExists(floodFile(name));
            try (DirectoryStream<Path> pools = Files.newDirectoryStream(directory, name + ".dc*.keys")) {
                for (Path pool : pools) {
                    deleted |= Files.deleteIfExists(pool);
                }
            }
            try (DirectoryStream<Path> leases = Files.newDirectoryStream(directory, name + ".*.lease")) {
                for (Path lease : leases) {
                    // Only this session's: a lease name has no dot, a longer session name's file has one more.
                    String middle = lease.getFileName().toString();
                    middle = middle.substring(name.length() + 1, middle.length() - ".lease".length());
                    if (middle.indexOf('.') < 0) {
                        deleted |= Files.deleteIfExists(lease);
                    }
                }
            }
            if (deleted) {
                syncDirectory();
            }
            return null;
        }));
    }

    @Override
    protected <T> CompletionStage<T> updateKeyPool(String name, int dcId,
            Function<KeyPool, KeyPool.Step<T>> transition) {
        return updateFile(name, keyPoolFile(name, dcId), KeyPool.absent(), poolCodec::decode, poolCodec::encode,
                pool -> {
                    KeyPool.Step<T> step = transition.apply(pool);
                    return new Changed<>(step.pool(), step.pool().exists(), step.result());
                });
    }

    @Override
    protected <T> CompletionStage<T> updateLease(String name, String leaseName,
            Function<LeaseRecord, LeaseRecord.Step<T>> transition) {
        return updateFile(name, leaseFile(name, leaseName), LeaseRecord.absent(), LeaseRecordCodec::decode,
                LeaseRecordCodec::encode, record -> {
                    LeaseRecord.Step<T> step = transition.apply(record);
                    return new Changed<>(step.record(), step.record().exists(), step.result());
                });
    }

    /** A value after a change, whether it is to be stored, and the change's answer. */
    private record Changed<V, T>(V value, boolean store, T result) {
    }

    /**
     * Reads one of the session's files under the lock ({@code absent} if there is none; the bytes
     * are wiped once decoded, they may hold keys), applies {@code change}, and writes the new value
     * if it is another instance and is to be stored.
     */
    private <V, T> CompletionStage<T> updateFile(String name, Path file, V absent,
            BiFunction<byte[], String, V> decode, Function<V, byte[]> encode, Function<V, Changed<V, T>> change) {
        return submit(name, () -> locked(name, () -> {
            byte[] data = readBytes(file);
            V before;
            try {
                before = data == null ? absent : decode.apply(data, file.toString());
            } finally {
                if (data != null) {
                    Arrays.fill(data, (byte) 0);
                }
            }
            Changed<V, T> after = change.apply(before);
            if (after.value() != before && after.store()) {
                write(name, file, encode.apply(after.value()));
            }
            return after.result();
        }));
    }

    /**
     * Returns the file of a named lease.
     *
     * @param name the session
     * @param leaseName the lease
     * @return its path
     */
    public Path leaseFile(String name, String leaseName) {
        return directory.resolve(SessionNames.requireValid(name) + "." + SessionNames.requireValidLeaseName(leaseName)
                + ".lease");
    }

    @Override
    protected InstantSource clock() {
        return clock;
    }

    @Override
    public CompletionStage<List<DcAuth>> pooledAuthKeys(String name) {
        return submit(name, () -> {
            List<DcAuth> keys = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> pools = Files.newDirectoryStream(directory, name + ".dc*.keys")) {
                pools.forEach(files::add);
            }
            files.sort(null);
            for (Path file : files) {
                byte[] data = readBytes(file);
                if (data != null) {
                    poolCodec.decode(data, file.toString()).entries().forEach(e -> keys.add(e.auth()));
                    Arrays.fill(data, (byte) 0);
                }
            }
            return keys;
        });
    }

    @Override
    public CompletionStage<Void> recordFloodWait(String name, String method, Instant until) {
        Objects.requireNonNull(method, "method is null");
        Objects.requireNonNull(until, "until is null");
        if (method.isEmpty() || method.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a TL method name: " + method));
        }
        return submit(name, () -> locked(name, () -> {
            Map<String, Long> waits = readFloodWaits(name);
            waits.merge(method, until.toEpochMilli(), Math::max);
            long now = clock.millis();
            waits.values().removeIf(t -> t <= now);
            StringBuilder text = new StringBuilder(FLOOD_HEADER).append('\n');
            waits.forEach((m, t) -> text.append(m).append(' ').append(t).append('\n'));
            write(name, floodFile(name), text.toString().getBytes(StandardCharsets.US_ASCII));
            return null;
        }));
    }

    @Override
    public CompletionStage<Optional<Instant>> floodWaitUntil(String name, String method) {
        Objects.requireNonNull(method, "method is null");
        return submit(name, () -> Optional.ofNullable(readFloodWaits(name).get(method)).map(Instant::ofEpochMilli));
    }

    private static final String FLOOD_HEADER = "heliograph-flood 1";

    private Path floodFile(String name) {
        return directory.resolve(name + ".flood");
    }

    /** The stored flood waits; a damaged file is a typed error, never a silent reset. */
    private Map<String, Long> readFloodWaits(String name) throws IOException {
        Path file = floodFile(name);
        byte[] data = readBytes(file);
        Map<String, Long> waits = new TreeMap<>();
        if (data == null) {
            return waits;
        }
        String[] lines = new String(data, StandardCharsets.US_ASCII).split("\n");
        if (!lines[0].equals(FLOOD_HEADER)) {
            throw new SessionStoreException(SessionStoreException.Kind.CORRUPT, file + " is corrupt: bad header", null);
        }
        for (int i = 1; i < lines.length; i++) {
            String[] parts = lines[i].split(" ");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                waits.put(parts[0], Long.parseLong(parts[1]));
            } catch (NumberFormatException e) {
                throw new SessionStoreException(SessionStoreException.Kind.CORRUPT,
                        file + " is corrupt: bad line " + (i + 1), null);
            }
        }
        return waits;
    }

    /**
     * Returns the file of a DC's auth key pool.
     *
     * @param name the session
     * @param dcId the DC
     * @return its path
     */
    public Path keyPoolFile(String name, int dcId) {
        return directory.resolve(SessionNames.requireValid(name) + ".dc" + dcId + ".keys");
    }

    /** Waits up to 5 s for pending operations, then stops the store's thread. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FileSessionStore[" + directory + "]";
    }

    // ---- operations, all on the store's thread ----

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }

    private <T> CompletableFuture<T> submit(String name, IoAction<T> action) {
        try {
            SessionNames.requireValid(name);
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return action.run();
                } catch (IOException e) {
                    throw new SessionStoreException(SessionStoreException.Kind.UNAVAILABLE,
                            "I/O error on session " + name + " in " + directory + ": " + e, e);
                }
            }, executor);
        } catch (SessionStoreException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new SessionStoreException(SessionStoreException.Kind.UNAVAILABLE,
                    "the store is closed", e));
        }
    }

    private <T> T locked(String name, IoAction<T> action) throws IOException {
        Path lockFile = directory.resolve(name + ".session.lock");
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, path -> new ReentrantLock());
        try {
            if (!jvmLock.tryLock(lockTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw lockTimeout(lockFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionStoreException(SessionStoreException.Kind.UNAVAILABLE, "interrupted", e);
        }
        try (FileChannel channel = openOwnerOnly(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = acquire(channel, lockFile, deadline);
            try {
                return action.run();
            } finally {
                lock.release();
            }
        } finally {
            jvmLock.unlock();
        }
    }

    private FileLock acquire(FileChannel channel, Path lockFile, long deadline) throws IOException {
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // another channel of this JVM (outside this store's locking) holds it: wait like for a process
            }
            if (System.nanoTime() > deadline) {
                throw lockTimeout(lockFile);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SessionStoreException(SessionStoreException.Kind.UNAVAILABLE, "interrupted", e);
            }
        }
    }

    private SessionStoreException lockTimeout(Path lockFile) {
        return new SessionStoreException(SessionStoreException.Kind.UNAVAILABLE,
                "another process held " + lockFile + " longer than " + lockTimeout, null);
    }

    private SessionSnapshot read(Path file) throws IOException {
        byte[] data = readBytes(file);
        return data == null ? SessionSnapshot.empty() : codec.decode(data, file.toString());
    }

    /** The file's content, or null if there is none. */
    private byte[] readBytes(Path file) throws IOException {
        byte[] data;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            checkPermissions(file);
            long size = channel.size();
            if (size > MAX_FILE_SIZE) {
                throw new SessionStoreException(SessionStoreException.Kind.CORRUPT,
                        file + " is corrupt: " + size + " bytes is too large for a session", null);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until full or end of file
            }
            data = buffer.array();
            if (buffer.hasRemaining()) {
                data = Arrays.copyOf(data, buffer.position());
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        return data;
    }

    private void checkPermissions(Path file) throws IOException {
        if (!posix) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (OWNER_ONLY.containsAll(permissions)) {
            return;
        }
        String shown = PosixFilePermissions.toString(permissions);
        if (permissionPolicy == PermissionPolicy.REFUSE) {
            throw new SessionStoreException(SessionStoreException.Kind.INVALID,
                    file + " has permissions " + shown + "; a session file holds auth keys and must be owner-only"
                            + " (chmod 600)", null);
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        LOG.log(System.Logger.Level.WARNING, "{0} had permissions {1}; narrowed to rw------- because it holds"
                + " auth keys", file, shown);
    }

    private void write(String name, SessionSnapshot snapshot) throws IOException {
        write(name, sessionFile(name), codec.encode(snapshot));
    }

    /** Writes one of the session's files atomically; {@code data} is wiped afterwards. */
    private void write(String name, Path file, byte[] data) throws IOException {
        removeStaleTemporaryFiles(name);
        Path temporary = directory.resolve(name + ".session.tmp-" + UUID.randomUUID());
        try {
            try (FileChannel channel = openOwnerOnly(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new SessionStoreException(SessionStoreException.Kind.INVALID,
                        "the file system of " + directory + " cannot rename atomically", e);
            }
        } finally {
            Arrays.fill(data, (byte) 0);
            Files.deleteIfExists(temporary);
        }
        syncDirectory();
    }

    /** Temporary files left by a writer that died; only the lock holder writes, so all are stale. */
    private void removeStaleTemporaryFiles(String name) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(directory, name + ".session.tmp-*")) {
            for (Path path : stale) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (posix) {
                throw e;
            }
            // Windows cannot open a directory as a channel; its renames are durable on their own.
        }
    }

    private FileChannel openOwnerOnly(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = Set.of(options);
        return posix
                ? FileChannel.open(file, set, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : FileChannel.open(file, set);
    }

    private static FileAttribute<?>[] dirAttributes(Path directory) {
        Path existingParent = directory.getParent();
        while (existingParent != null && Files.notExists(existingParent)) {
            existingParent = existingParent.getParent();
        }
        boolean posixParent = existingParent != null
                && Files.getFileAttributeView(existingParent, PosixFileAttributeView.class) != null;
        return posixParent
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
    }

    /** Builds a {@link FileSessionStore}. */
    public static final class Builder {

        private final Path directory;
        private SnapshotCodec codec = SnapshotCodec.plain();
        private PermissionPolicy permissionPolicy = PermissionPolicy.FIX;
        private Duration lockTimeout = Duration.ofSeconds(10);
        private InstantSource clock = InstantSource.system();

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory is null");
        }

        /**
         * Seals auth keys with your key before they are written (AES-256-GCM). Default: plain (the
         * files are owner-only). Plain files are still read, and sealed the next time they are
         * written.
         *
         * @param value the encryption
         * @return this builder
         */
        public Builder encryption(AuthKeyEncryption value) {
            this.codec = SnapshotCodec.encrypting(value);
            return this;
        }

        /**
         * Sets what happens to an existing session file that is not owner-only. Default:
         * {@link PermissionPolicy#FIX}.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder permissionPolicy(PermissionPolicy value) {
            this.permissionPolicy = Objects.requireNonNull(value, "permissionPolicy is null");
            return this;
        }

        /**
         * Sets how long an operation waits for another process's lock before failing with
         * {@code UNAVAILABLE}. Default: 10 s.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder lockTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("lockTimeout must be positive: " + value);
            }
            this.lockTimeout = value;
            return this;
        }

        /**
         * Sets the clock that lease expiry is measured by. Processes sharing a directory must use
         * the same wall clock. Default: the system clock.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(InstantSource value) {
            this.clock = Objects.requireNonNull(value, "clock is null");
            return this;
        }

        /**
         * Opens the store (creating the directory, owner-only, if missing).
         *
         * @return the store
         * @throws SessionStoreException of kind {@code INVALID} if the directory cannot be used
         */
        public FileSessionStore build() {
            return new FileSessionStore(this);
        }
    }
}
