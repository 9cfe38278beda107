package dev.heliograph.client.internal.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.session.NamedLease;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The receiver lease timing on a clock the test sets: a 3 s lease. */
class ReceiverLeaseStateTest {

    private static final long TTL = 3000;
    private static final long T0 = 1_000_000;

    private static NamedLease lease(long token, long askedAt) {
        return new NamedLease("s", "updates", "me", token, Instant.ofEpochMilli(askedAt + TTL));
    }

    private static ReceiverLeaseState receiverSince(long t) {
        ReceiverLeaseState state = new ReceiverLeaseState(TTL);
        assertEquals(ReceiverLeaseState.Action.ACQUIRE, state.next(t));
        assertTrue(state.held(lease(1, t), t, false));
        return state;
    }

    @Test
    void aFollowerAsksAtOnceAndAgainEverySixthOfTheLeaseWhileAnotherHostHoldsIt() {
        ReceiverLeaseState state = new ReceiverLeaseState(TTL);
        assertFalse(state.receiving(T0));
        assertEquals(ReceiverLeaseState.Action.ACQUIRE, state.next(T0));
        assertEquals(ReceiverLeaseState.Action.NONE, state.next(T0), "one request at a time");
        state.busy(T0 + 5);
        assertEquals(T0 + 505, state.nextWake(T0 + 5));
        assertEquals(ReceiverLeaseState.Action.NONE, state.next(T0 + 504));
        assertEquals(ReceiverLeaseState.Action.ACQUIRE, state.next(T0 + 505));
    }

    @Test
    void aReceiverRenewsEveryThirdOfTheLeaseAndReceivesUntilThreeQuartersAfterItAsked() {
        ReceiverLeaseState state = receiverSince(T0);
        assertTrue(state.receiving(T0 + 2249));
        assertFalse(state.receiving(T0 + 2250), "the deadline counts from the request, not the answer");
        assertEquals(T0 + 1000, state.nextWake(T0 + 10));
        assertEquals(ReceiverLeaseState.Action.NONE, state.next(T0 + 999));
        assertEquals(ReceiverLeaseState.Action.RENEW, state.next(T0 + 1000));
        assertFalse(state.held(lease(1, T0 + 1000), T0 + 1000, true), "a renewal is no new role");
        assertTrue(state.receiving(T0 + 3249));
        assertFalse(state.receiving(T0 + 3250));
    }

    @Test
    void aReceiverWhoseRenewalsFailBecomesAFollowerAtItsDeadlineBeforeTheLeaseCanLapse() {
        ReceiverLeaseState state = receiverSince(T0);
        assertEquals(ReceiverLeaseState.Action.RENEW, state.next(T0 + 1000));
        state.failed(T0 + 1100);
        assertEquals(T0 + 1400, state.nextWake(T0 + 1100), "retried every tenth of the lease");
        assertEquals(ReceiverLeaseState.Action.RENEW, state.next(T0 + 1400));
        assertFalse(state.expire(T0 + 2249));
        assertEquals(T0 + 2250, state.nextWake(T0 + 1500), "the deadline wakes the driver while a renewal hangs");
        assertTrue(state.expire(T0 + 2250));
        assertFalse(state.receiving(T0 + 2250));
        assertTrue(T0 + 2250 < lease(1, T0).expiresAt().toEpochMilli(), "a quarter of the lease is left as margin");
        assertFalse(state.held(lease(1, T0 + 1400), T0 + 1400, true), "the hung renewal's answer is ignored");
        assertFalse(state.receiving(T0 + 2300));
        assertNull(state.lease());
    }

    @Test
    void aReceiverPausedPastItsDeadlineIsAFollowerWhenItResumes() {
        ReceiverLeaseState state = receiverSince(T0);
        long resumed = T0 + 60_000;
        assertFalse(state.receiving(resumed));
        assertTrue(state.expire(resumed));
        assertEquals(ReceiverLeaseState.Action.ACQUIRE, state.next(resumed + TTL / 6));
    }

    @Test
    void leaseLostMakesTheReceiverAFollowerAtOnce() {
        ReceiverLeaseState state = receiverSince(T0);
        state.next(T0 + 1000);
        assertTrue(state.lost(T0 + 1010));
        assertFalse(state.receiving(T0 + 1010));
        assertFalse(state.lost(T0 + 1020), "reported once");
        assertEquals(ReceiverLeaseState.Action.NONE, state.next(T0 + 1100));
        assertEquals(ReceiverLeaseState.Action.ACQUIRE, state.next(T0 + 1510));
    }

    @Test
    void resigningHandsBackTheLeaseAndStopsAsking() {
        ReceiverLeaseState state = receiverSince(T0);
        NamedLease held = state.lease();
        assertSame(held, state.resign());
        assertFalse(state.receiving(T0 + 1));
        assertEquals(ReceiverLeaseState.Action.NONE, state.next(T0 + 100_000));
        assertNull(state.resign());
    }

    @Test
    void aLeaseTooShortToScheduleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReceiverLeaseState(5));
    }
}
