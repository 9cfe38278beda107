package dev.heliograph.mtproto.internal.engine;

/**
 * Client msg_id generation (MTPROTO-NOTES 5.1): about {@code (unix_time + offset) * 2^32},
 * divisible by 4, strictly increasing. Also converts server msg_ids back to time.
 */
public final class MsgIds {

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
     * Adopts the server's clock. When the correction moves the clock back, ids restart from the
     * corrected time: the server rejected the too-high ones, so none of them is in its history.
     */
    void correct(long serverMillis, long nowMillis) {
        long corrected = serverMillis - nowMillis;
        if (corrected < offsetMillis) {
            last = 0;
        }
        offsetMillis = corrected;
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
