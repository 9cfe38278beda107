package dev.heliograph.testdc.internal;

import dev.heliograph.testdc.Knobs;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A DC's clock: wall time plus the skew knob, and the generator of server msg_ids (strictly
 * increasing, {@code mod 4 == 1} for responses and {@code 3} for other messages).
 */
public final class ServerClock {

    private final LongSupplier millis;
    private final Knobs knobs;
    private final AtomicLong lastMsgId = new AtomicLong();

    /**
     * Creates a clock.
     *
     * @param millis wall time in milliseconds since the epoch
     * @param knobs where the skew comes from
     */
    public ServerClock(LongSupplier millis, Knobs knobs) {
        this.millis = millis;
        this.knobs = knobs;
    }

    /**
     * Returns the DC's time.
     *
     * @return milliseconds since the epoch, skew included
     */
    public long nowMillis() {
        return millis.getAsLong() + knobs.clockSkew().toMillis();
    }

    /**
     * Returns the DC's time in whole seconds.
     *
     * @return unix time
     */
    public int nowSeconds() {
        return (int) Math.floorDiv(nowMillis(), 1000L);
    }

    /**
     * Returns a new server msg_id.
     *
     * @param response whether the message answers a client message
     * @return the id
     */
    public long nextMsgId(boolean response) {
        long now = nowMillis();
        long candidate = (Math.floorDiv(now, 1000L) << 32) | ((Math.floorMod(now, 1000L) << 32) / 1000L);
        long low = response ? 1 : 3;
        while (true) {
            long last = lastMsgId.get();
            long id = (candidate & ~3L) | low;
            if (id <= last) {
                id = ((last & ~3L) + 4) | low;
            }
            if (lastMsgId.compareAndSet(last, id)) {
                return id;
            }
        }
    }
}
