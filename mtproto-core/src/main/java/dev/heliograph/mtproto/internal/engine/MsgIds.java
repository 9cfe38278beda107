package dev.heliograph.mtproto.internal.engine;

/**
 * Client msg_id generation (MTPROTO-NOTES 5.1): about {@code (unix_time + offset) * 2^32},
 * divisible by 4, strictly increasing. Also converts server msg_ids back to time.
 */
public final class MsgIds {

    /** How far ahead of the server's clock our ids may run; the server rejects them past 30 s. */
    private static final long MAX_LEAD_MILLIS = 10_000;

    private long offsetMillis;
    private long last;

    /**
     * Creates a generator.
     *
     * @param offsetMillis server time minus local time
     */
    public MsgIds(long offsetMillis) {
        this.offsetMillis = offsetMillis;
    }

    /**
     * Returns the next msg_id.
     *
     * @param nowMillis local time
     * @return an id divisible by 4, above every id returned before
     */
    public long next(long nowMillis) {
        long id = fromMillis(nowMillis + offsetMillis) & ~3L;
        if (id <= last) {
            id = last + 4;
        }
        last = id;
        return id;
    }

    long offsetMillis() {
        return offsetMillis;
    }

    /**
     * Adopts the server's clock. Ids never go back within a session: after a correction that moves
     * the clock behind the last id handed out, {@link #next} goes on from that id. That is fine
     * while it is only slightly ahead; when it is further ahead than the server accepts, the caller
     * must start a new session and {@link #restart}.
     *
     * @return {@code false} if the ids already handed out are too far ahead of the corrected clock
     */
    boolean correct(long serverMillis, long nowMillis) {
        offsetMillis = serverMillis - nowMillis;
        return toMillis(last) - serverMillis <= MAX_LEAD_MILLIS;
    }

    /** Moves the clock forward: the server's own msg_ids say it is later than we thought. */
    void advance(long millis) {
        offsetMillis += millis;
    }

    /** Forgets the ids handed out, for a new session. */
    void restart() {
        last = 0;
    }

    long serverNowMillis(long nowMillis) {
        return nowMillis + offsetMillis;
    }

    static long fromMillis(long millis) {
        long seconds = Math.floorDiv(millis, 1000);
        long fraction = Math.floorMod(millis, 1000);
        return seconds << 32 | (fraction << 32) / 1000;
    }

    static long toMillis(long msgId) {
        return (msgId >>> 32) * 1000 + ((msgId & 0xffffffffL) * 1000 >>> 32);
    }
}
