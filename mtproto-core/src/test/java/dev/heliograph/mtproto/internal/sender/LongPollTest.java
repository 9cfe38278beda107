package dev.heliograph.mtproto.internal.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LongPollTest {

    private long now = 1_000_000;
    private final ManualTimers timers = new ManualTimers();
    private final LongPoll poll = new LongPoll(() -> now, timers);
    private final List<Integer> polls = new ArrayList<>();
    private final LongPoll.Poller accepting = maxWait -> polls.add(maxWait);

    @Test
    void theFirstPollGoesOutAtOnceWithTheLongestWaitTheTransportAllows() {
        poll.needed(poll.sent(), accepting);
        assertEquals(0, timers.only().delayMillis);
        timers.only().fire();
        assertEquals(List.of(LongPoll.MAX_WAIT_MILLIS), polls);
    }

    @Test
    void noPollGoesOutWhenAPacketWasSentSinceTheTransportAsked() {
        poll.needed(poll.sent(), accepting);
        poll.packetSent();
        timers.only().fire();
        assertTrue(polls.isEmpty(), "the packet in flight lets the server answer; the transport asks again after it");
    }

    @Test
    void pollsAreSpacedByTheLeastInterval() {
        poll.needed(poll.sent(), accepting);
        timers.scheduled.get(0).fire();
        now += 100;
        poll.packetSent();
        poll.needed(poll.sent(), accepting);
        assertEquals(LongPoll.MIN_INTERVAL_MILLIS - 100, timers.scheduled.get(1).delayMillis);
        now += LongPoll.MIN_INTERVAL_MILLIS;
        poll.needed(poll.sent(), accepting);
        assertEquals(2, timers.scheduled.size(), "a poll already scheduled serves later requests");
    }

    @Test
    void aScheduledPollUsesTheLatestRequest() {
        poll.needed(poll.sent(), accepting);
        poll.packetSent();
        poll.needed(poll.sent(), accepting);
        timers.only().fire();
        assertEquals(1, polls.size());
    }

    @Test
    void thePollTheSessionQueuedItselfCountsForTheInterval() {
        assertEquals(LongPoll.MAX_WAIT_MILLIS, poll.polled());
        poll.needed(poll.sent(), accepting);
        assertEquals(LongPoll.MIN_INTERVAL_MILLIS, timers.only().delayMillis);
    }

    @Test
    void aPollTheConnectionRefusedDoesNotDelayTheNextOne() {
        poll.needed(poll.sent(), maxWait -> false);
        timers.only().fire();
        poll.needed(poll.sent(), accepting);
        assertEquals(0, timers.scheduled.get(1).delayMillis);
    }
}
