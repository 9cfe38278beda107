package dev.heliograph.transport.tcp.codec;

/**
 * The MTProto TCP framings (see <a href="https://core.telegram.org/mtproto/mtproto-transports">MTProto
 * transports</a>).
 *
 * <table>
 *   <caption>Wire layout per framing (all integers little-endian)</caption>
 *   <tr><th>framing</th><th>connection tag</th><th>frame</th></tr>
 *   <tr><td>{@link #ABRIDGED}</td><td>{@code EF}</td>
 *       <td>{@code len/4} as one byte (below 127), or {@code 7F} + {@code len/4} as 3 bytes; payload</td></tr>
 *   <tr><td>{@link #INTERMEDIATE}</td><td>{@code EE EE EE EE}</td><td>{@code len:int32}; payload</td></tr>
 *   <tr><td>{@link #PADDED_INTERMEDIATE}</td><td>{@code DD DD DD DD}</td>
 *       <td>{@code len:int32} (payload + padding); payload; 0..15 random bytes</td></tr>
 *   <tr><td>{@link #FULL}</td><td>none</td>
 *       <td>{@code len:int32} (payload + 12); {@code seq:int32}; payload; {@code crc32(len||seq||payload)}</td></tr>
 * </table>
 */
public enum Framing {
    /** One- or four-byte length in 4-byte units; the smallest overhead. */
    ABRIDGED(0xefefefef),
    /** A 4-byte length before each packet. */
    INTERMEDIATE(0xeeeeeeee),
    /** Intermediate with 0..15 random bytes after each packet, counted in the length. */
    PADDED_INTERMEDIATE(0xdddddddd),
    /** Length, sequence number and CRC32 around each packet; cannot be obfuscated. */
    FULL(0);

    private final int obfuscationTag;

    Framing(int obfuscationTag) {
        this.obfuscationTag = obfuscationTag;
    }

    /**
     * Tells whether this framing can run inside obfuscation (every framing but {@link #FULL}).
     *
     * @return {@code true} for abridged, intermediate and padded intermediate
     */
    public boolean supportsObfuscation() {
        return this != FULL;
    }

    /**
     * Tells whether the framing can carry quick-ack requests and replies (every framing but
     * {@link #FULL}).
     *
     * @return {@code true} for abridged, intermediate and padded intermediate
     */
    public boolean supportsQuickAck() {
        return this != FULL;
    }

    /** The 4-byte tag placed at bytes 56..59 of an obfuscation header (the plain tag repeated). */
    int obfuscationTag() {
        return obfuscationTag;
    }

    /** Maps the decrypted tag of an obfuscation header back to a framing, or null. */
    static Framing fromObfuscationTag(int tag) {
        for (Framing f : values()) {
            if (f != FULL && f.obfuscationTag == tag) {
                return f;
            }
        }
        return null;
    }
}
