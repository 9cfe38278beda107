package dev.heliograph.session.file;

/**
 * What {@link FileSessionStore} does with an existing session file that others than its owner may
 * read or write (on file systems with POSIX permissions).
 */
public enum PermissionPolicy {
    /** Narrow the file to owner read/write (0600) and log a warning naming it. */
    FIX,
    /** Refuse to use the file: fail with a {@code SessionStoreException} of kind {@code INVALID}. */
    REFUSE
}
