package dev.heliograph.client.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.UUID;

/**
 * The host id of a client whose configuration names none: stable per machine and session, so a
 * host that restarts is the same host to the store (it takes its own auth key and receiver lease
 * back at once instead of waiting out their graces), and unique among the processes of the machine
 * running the session at the same time.
 *
 * <p>It is {@code <machine>/<session>/<slot>}: the slot is the lowest number whose lock file
 * ({@code heliograph-hosts-<user>/<session>.<slot>.lock} in the temporary directory) this process
 * could lock; the lock is held until {@link #close()}, and the operating system drops it when the
 * process dies, so the next process of the session gets the slot back. Without a machine name or a
 * usable lock directory the id is random (as stable as the process).
 */
final class HostClaim implements AutoCloseable {

    /** Processes of one session on one machine that get a stable id; more get random ones. */
    static final int MAX_SLOTS = 64;

    private final String id;
    private final FileChannel channel;
    private final FileLock lock;

    private HostClaim(String id, FileChannel channel, FileLock lock) {
        this.id = id;
        this.channel = channel;
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
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                for (int slot = 0; slot < MAX_SLOTS; slot++) {
                    HostClaim claim = tryLock(directory.resolve(session + "." + slot + ".lock"),
                            machine + "/" + session + "/" + slot);
                    if (claim != null) {
                        return claim;
                    }
                }
            } catch (IOException | UnsupportedOperationException e) {
                // No usable lock directory: fall through to a random id.
            }
        }
        return new HostClaim(UUID.randomUUID().toString(), null, null);
    }

    private static HostClaim tryLock(Path file, String id) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new HostClaim(id, channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // Another client of this JVM holds the slot.
        }
        channel.close();
        return null;
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
        if (channel == null) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The process's exit releases it anyway.
        }
    }
}
