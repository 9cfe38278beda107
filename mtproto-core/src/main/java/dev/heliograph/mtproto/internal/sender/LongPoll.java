package dev.heliograph.mtproto.internal.sender;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * HTTP long polling for one sender: over HTTP the server can only answer requests, so while no
 * request is in flight one {@code http_wait} is kept outstanding. Polls are spaced by at least
 * {@link #MIN_INTERVAL_MILLIS} so that polls the server answers at once do not spin. Confined to
 * the sender's loop, except {@link #sent()} and {@link #packetSent()}.
 */
final class LongPoll {

    /**
     * How long the server may hold an http_wait: below the HTTP transport's read timeout (60 s by
     * default), and the server caps it anyway.
     */
    static final int MAX_WAIT_MILLIS = 25_000;
    /** Least time between two long polls. */
    static final long MIN_INTERVAL_MILLIS = 250;

    /** Sends the poll on the sender's connection. */
    @FunctionalInterface
    interface Poller {
        /**
         * Queues an http_wait and sends it, if the connection the poll was asked for still
         * carries calls.
         *
         * @param maxWaitMillis the http_wait's max_wait
         * @return whether it was sent
         */
        boolean poll(int maxWaitMillis);
    }

    private final LongSupplier clock;
    private final LoopTimers timers;
    /** Packets handed to the transport; tells whether one went out after a long-poll request. */
    private final AtomicLong packetsSent = new AtomicLong();
    private long lastPollAt = Long.MIN_VALUE;
    /** {@link #packetsSent} at the latest long-poll request, or -1 when none is pending. */
    private long wanted = -1;
    private boolean scheduled;

    /**
     * Creates the poller's state.
     *
     * @param clock local time in milliseconds
     * @param timers timers on the sender's loop
     */
    LongPoll(LongSupplier clock, LoopTimers timers) {
        this.clock = clock;
        this.timers = timers;
    }

    /** Counts a packet handed to the transport. Any thread. */
    void packetSent() {
        packetsSent.incrementAndGet();
    }

    /**
     * Returns the packets sent so far, to pass to {@link #needed} when the transport asks for a
     * poll. Any thread.
     *
     * @return the count
     */
    long sent() {
        return packetsSent.get();
    }

    /**
     * Records a poll the sender queued itself (the first one of a session).
     *
     * @return the http_wait's max_wait to queue
     */
    int polled() {
        lastPollAt = clock.getAsLong();
        return MAX_WAIT_MILLIS;
    }

    /**
     * The transport has no request in flight, so the server cannot reach us: poll, after the
     * least interval since the last poll.
     *
     * @param sentBefore {@link #sent()} when the transport said so
     * @param poller sends the poll on the connection that asked
     */
    void needed(long sentBefore, Poller poller) {
        wanted = sentBefore;
        if (!scheduled) {
            long wait = lastPollAt == Long.MIN_VALUE ? 0 : lastPollAt + MIN_INTERVAL_MILLIS - clock.getAsLong();
            scheduled = true;
            timers.after(Math.max(0, wait), () -> due(poller));
        }
    }

    /**
     * Sends the http_wait asked for, unless a packet went out since the transport asked: that one
     * is in flight and the transport will ask again once it is answered. So one poll is
     * outstanding, not one per request.
     */
    private void due(Poller poller) {
        scheduled = false;
        long asked = wanted;
        wanted = -1;
        if (asked != packetsSent.get()) {
            return;
        }
        long at = clock.getAsLong();
        if (poller.poll(MAX_WAIT_MILLIS)) {
            lastPollAt = at;
        }
    }
}
