package dev.heliograph.tl;

/**
 * Bounds that a {@link TlReader} enforces on untrusted input.
 *
 * @param maxMessageSize largest buffer a reader accepts, and the largest {@code bytes}/{@code string}
 * @param maxVectorLength largest element count a vector may declare
 * @param maxInflatedSize largest size a {@code gzip_packed} payload may inflate to
 * @param maxDepth deepest nesting of boxed objects (guards against stack exhaustion)
 */
public record TlLimits(int maxMessageSize, int maxVectorLength, int maxInflatedSize, int maxDepth) {

    /** Defaults sized for MTProto: 16 MiB messages, one million vector elements, 64 levels. */
    public static final TlLimits DEFAULT = new TlLimits(16 << 20, 1_000_000, 16 << 20, 64);

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException if a limit is not positive
     */
    public TlLimits {
        if (maxMessageSize <= 0 || maxVectorLength <= 0 || maxInflatedSize <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("TL limits must be positive");
        }
    }
}
