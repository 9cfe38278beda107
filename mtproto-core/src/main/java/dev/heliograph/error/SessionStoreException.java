package dev.heliograph.error;

/**
 * The session store failed (unreachable, timed out) or holds data that cannot be trusted
 * (corrupt, truncated, written by a newer version). {@link #kind()} says which.
 */
public final class SessionStoreException extends HeliographException {

    private static final long serialVersionUID = 1L;

    /** What went wrong with the store. */
    public enum Kind {
        /** The store could not be reached or did not answer in time; retrying may succeed. */
        UNAVAILABLE,
        /** Stored data is corrupt, truncated or fails its checksum. */
        CORRUPT,
        /** Stored data was written by a newer, unknown format version. */
        UNSUPPORTED_VERSION,
        /**
         * An auth key lease or a named lease this host held has expired or been taken over: the
         * host must not send on that key, or act in that role, any more.
         */
        LEASE_LOST,
        /** The store's files or settings are unsafe or unusable (permissions, configuration). */
        INVALID
    }

    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind what went wrong
     * @param message details, naming the session or file but no secret
     * @param cause the underlying cause, or {@code null}
     */
    public SessionStoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /**
     * Returns what went wrong.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
