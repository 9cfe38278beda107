package dev.heliograph.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.impl.LeaseRecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The named lease rules, on a clock the test sets (milliseconds). */
class LeaseRecordTest {

    private static final Duration TTL = Duration.ofSeconds(3);
    private static final long T0 = 1_700_000_000_000L;

    private static NamedLease acquired(LeaseRecord.Step<NamedLeaseAttempt> step) {
        return assertInstanceOf(NamedLeaseAttempt.Acquired.class, step.result()).lease();
    }

    @Test
    void aHeldLeaseIsBusyForOthersUntilItsExpiryAndThenAnyoneTakesIt() {
        LeaseRecord.Step<NamedLeaseAttempt> first = LeaseRecord.absent().acquire("s", "updates", "a", T0, TTL);
        NamedLease a = acquired(first);
        assertEquals(1, a.fencingToken());
        assertEquals(T0 + 3000, a.expiresAt().toEpochMilli());
        LeaseRecord held = first.record();
        LeaseRecord.Step<NamedLeaseAttempt> early = held.acquire("s", "updates", "b", T0 + 2999, TTL);
        assertSame(held, early.record());
        assertEquals(new NamedLeaseAttempt.Busy("a", a.expiresAt()), early.result());
        NamedLease b = acquired(held.acquire("s", "updates", "b", T0 + 3000, TTL));
        assertEquals(2, b.fencingToken());
        assertEquals("b", b.hostId());
    }

    @Test
    void renewingMovesTheExpiryAndKeepsTheToken() {
        LeaseRecord.Step<NamedLeaseAttempt> first = LeaseRecord.absent().acquire("s", "updates", "a", T0, TTL);
        LeaseRecord.Step<Optional<NamedLease>> renewed = first.record().renew(acquired(first), T0 + 1000, TTL);
        NamedLease lease = renewed.result().orElseThrow();
        assertEquals(1, lease.fencingToken());
        assertEquals(T0 + 4000, lease.expiresAt().toEpochMilli());
        assertInstanceOf(NamedLeaseAttempt.Busy.class, renewed.record().acquire("s", "updates", "b", T0 + 3500, TTL)
                .result());
    }

    @Test
    void aStaleGrantCanNeitherRenewNorRelease() {
        LeaseRecord.Step<NamedLeaseAttempt> first = LeaseRecord.absent().acquire("s", "updates", "a", T0, TTL);
        NamedLease stale = acquired(first);
        LeaseRecord.Step<NamedLeaseAttempt> second = first.record().acquire("s", "updates", "b", T0 + 5000, TTL);
        LeaseRecord now = second.record();
        assertSame(now, now.renew(stale, T0 + 5001, TTL).record());
        assertEquals(Optional.empty(), now.renew(stale, T0 + 5001, TTL).result());
        assertFalse(now.release(stale, T0 + 5001).result());
        assertSame(now, now.release(stale, T0 + 5001).record());
    }

    @Test
    void theHolderRetakingItsLeaseGetsANewTokenThatFencesTheOldGrant() {
        LeaseRecord.Step<NamedLeaseAttempt> first = LeaseRecord.absent().acquire("s", "updates", "a", T0, TTL);
        LeaseRecord.Step<NamedLeaseAttempt> again = first.record().acquire("s", "updates", "a", T0 + 10, TTL);
        assertEquals(2, acquired(again).fencingToken());
        assertEquals(Optional.empty(), again.record().renew(acquired(first), T0 + 20, TTL).result());
    }

    @Test
    void aReleasedLeaseIsFreeAtOnceAndHeldByNobody() {
        LeaseRecord.Step<NamedLeaseAttempt> first = LeaseRecord.absent().acquire("s", "updates", "a", T0, TTL);
        LeaseRecord.Step<Boolean> released = first.record().release(acquired(first), T0 + 100);
        assertTrue(released.result());
        assertEquals(Optional.empty(), released.record().heldAt("s", "updates", T0 + 100));
        assertEquals(2, acquired(released.record().acquire("s", "updates", "b", T0 + 100, TTL)).fencingToken());
    }

    @Test
    void aLeaseHeldByAHostItNeverGrantedIsReplacedAndReportedAsCorrupt() {
        LeaseRecord forged = LeaseRecord.of(7, "intruder", T0 + 60_000, List.of("a"));
        assertEquals(Optional.empty(), forged.heldAt("s", "updates", T0));
        LeaseRecord.Step<NamedLeaseAttempt> step = forged.acquire("s", "updates", "b", T0, TTL);
        NamedLeaseAttempt.Acquired got = assertInstanceOf(NamedLeaseAttempt.Acquired.class, step.result());
        assertEquals(1, got.problems().size());
        assertEquals(SessionStoreException.Kind.CORRUPT, got.problems().get(0).kind());
        assertTrue(got.problems().get(0).getMessage().contains("intruder"), got.problems().get(0).getMessage());
        assertTrue(got.lease().fencingToken() >= T0 * 1000, "a replaced record's token starts above the time");
        assertEquals(Optional.empty(), step.record().problem());
        assertEquals(Optional.empty(), forged.renew(new NamedLease("s", "updates", "intruder", 7,
                java.time.Instant.ofEpochMilli(T0)), T0, TTL).result());
    }

    @Test
    void garbledBytesDecodeToADamagedRecordThatTheNextHostReplaces() {
        LeaseRecord garbled = LeaseRecordCodec.decode("not a lease".getBytes(StandardCharsets.US_ASCII), "field x");
        assertTrue(garbled.problem().orElseThrow().contains("field x"));
        NamedLeaseAttempt.Acquired got = assertInstanceOf(NamedLeaseAttempt.Acquired.class,
                garbled.acquire("s", "updates", "a", T0, TTL).result());
        assertEquals(SessionStoreException.Kind.CORRUPT, got.problems().get(0).kind());

        byte[] sound = LeaseRecordCodec.encode(LeaseRecord.absent().acquire("s", "updates", "a", T0, TTL).record());
        for (int i = 0; i < sound.length; i++) {
            byte[] flipped = sound.clone();
            flipped[i] ^= 0x10;
            if (i == 4 || i == 5) {
                continue; // the version: a higher one is a newer format, tested below
            }
            assertTrue(LeaseRecordCodec.decode(flipped, "f").problem().isPresent(), "byte " + i);
        }
        for (int n = 0; n < sound.length; n++) {
            assertTrue(LeaseRecordCodec.decode(java.util.Arrays.copyOf(sound, n), "t").problem().isPresent());
        }
    }

    @Test
    void aRecordOfANewerFormatIsRefusedRatherThanReplaced() {
        byte[] sound = LeaseRecordCodec.encode(LeaseRecord.absent().acquire("s", "updates", "a", T0, TTL).record());
        sound[5] = 9;
        assertEquals(SessionStoreException.Kind.UNSUPPORTED_VERSION,
                assertThrows(SessionStoreException.class, () -> LeaseRecordCodec.decode(sound, "f")).kind());
    }

    @Test
    void aRecordSurvivesEncodingAndRemembersABoundedNumberOfHosts() {
        LeaseRecord record = LeaseRecord.absent();
        long now = T0;
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < LeaseRecord.MAX_HOSTS + 5; i++) {
            now += 5000;
            record = record.acquire("s", "updates", "host-" + i, now, TTL).record();
            expected.add("host-" + i);
        }
        assertEquals(expected.subList(5, expected.size()), record.hosts());
        assertEquals(record, LeaseRecordCodec.decode(LeaseRecordCodec.encode(record), "r"));
        LeaseRecord released = record.release(record.heldAt("s", "updates", now).orElseThrow(), now).record();
        assertEquals(released, LeaseRecordCodec.decode(LeaseRecordCodec.encode(released), "r"));
    }
}
