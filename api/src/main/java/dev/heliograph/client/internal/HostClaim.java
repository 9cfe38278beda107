package dev.heliograph.client.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host id of a client whose configuration names none: stable per machine and session, so a
 * host that restarts is the same host to the store (it takes its own auth key and receiver lease
 * back at once instead of waiting out their graces), and unique among the processes of the machine
 * running the session at the same time.
 *
 * <p>It is {@code <machine>/<session>/<slot>}: the slot is the lowest number whose byte this process
 * could lock in the one lock file {@code heliograph-hosts-<user>/hosts.lock} of the temporary
 * directory (the session's bytes start at a 56-bit hash of its name, times {@value #MAX_SLOTS}); the
 * lock is held until {@link #close()}, and the operating system drops it when the process dies, so
 * the next process of the session gets the slot back. Every claim of a JVM shares one open file:
 * ten thousand clients hold ten thousand byte locks, not ten thousand file descriptors (which
 * beside their sockets went past the process's limit) or files. Without a machine name or a usable
 * lock directory the id is random (as stable as the process).
 */
final class HostClaim implements AutoCloseable {

    /** Processes of one session on one machine that get a stable id; more get random ones. */
    static final int MAX_SLOTS = 64;

    /**
     * The open lock file per directory, shared by every claim of the JVM and never closed: closing
     * any descriptor of a file drops all of the process's locks on it.
     */
    private static final ConcurrentHashMap<Path, FileChannel> FILES = new ConcurrentHashMap<>();

    private final String id;
    private final FileLock lock;

    private HostClaim(String id, FileLock lock) {
        this.id = id;
        this.lock = lock;
    }

    /**
     * Claims the lowest free slot of a session on this machine.
     *
     * @param session the session name (valid as a file name)
     * @return the claim; close it when the client stops
     */
    static HostClaim claim(String session) {
        return claim(session, defaultDirectory(), machineName());
    }

    /**
     * Claims the lowest free slot of a session in {@code directory}.
     *
     * @param session the session name
     * @param directory where the lock files live
     * @param machine the machine's name, or null if unknown
     * @return the claim
     */
    static HostClaim claim(String session, Path directory, String machine) {
        Objects.requireNonNull(session, "session is null");
        if (machine != null) {
            try {
                FileChannel file = lockFile(directory);
                long first = firstByte(session);
                for (int slot = 0; slot < MAX_SLOTS; slot++) {
                    FileLock lock = tryLock(file, first + slot);
                    if (lock != null) {
                        return new HostClaim(machine + "/" + session + "/" + slot, lock);
                    }
                }
            } catch (IOException | UncheckedIOException | UnsupportedOperationException e) {
                // No usable lock directory: fall through to a random id.
            }
        }
        return new HostClaim(UUID.randomUUID().toString(), null);
    }

    private static FileChannel lockFile(Path directory) throws IOException {
        Path key = directory.toAbsolutePath().normalize();
        try {
            return FILES.computeIfAbsent(key, d -> {
                try {
                    Files.createDirectories(d, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                    return FileChannel.open(d.resolve("hosts.lock"), StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Where the session's slots start: a hash that keeps the slots of two sessions apart. */
    private static long firstByte(String session) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(session.getBytes(StandardCharsets.UTF_8));
            return (ByteBuffer.wrap(digest).getLong() >>> 8) * MAX_SLOTS;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static FileLock tryLock(FileChannel file, long slotByte) throws IOException {
        try {
            return file.tryLock(slotByte, 1, false);
        } catch (OverlappingFileLockException e) {
            // Another client of this JVM holds the slot.
            return null;
        }
    }

    private static Path defaultDirectory() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "heliograph-hosts-" + user);
    }

    /** The kernel's host name, else the usual environment variables; no name lookup (it can block). */
    static String machineName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: try the environment.
        }
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String name = System.getenv(variable);
            if (name != null && !name.isBlank()) {
                return name.trim();
            }
        }
        return null;
    }

    /**
     * Returns the host id.
     *
     * @return {@code <machine>/<session>/<slot>}, or a random id
     */
    String id() {
        return id;
    }

    /** Gives the slot back. Idempotent. */
    @Override
    public void close() {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
        } catch (IOException e) {
            // The process's exit releases it anyway.
        }
    }
}
