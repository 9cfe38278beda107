package dev.heliograph.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.SessionStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyPoolTest {

    private static final KeyPoolPolicy POLICY =
            new KeyPoolPolicy(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(30));

    private KeyPool pool = KeyPool.absent();

    private KeyLease add(String host, DcAuth auth, long now) {
        KeyPool.Step<KeyLease> step = pool.add("s", host, auth, now, POLICY);
        pool = step.pool();
        return step.result();
    }

    private KeyLeaseAttempt lease(String host, long now) {
        KeyPool.Step<KeyLeaseAttempt> step = pool.lease("s", 2, host, now, POLICY);
        pool = step.pool();
        return step.result();
    }

    @Test
    void anEmptyPoolHasNoFreeKeyAndIsNotWritten() {
        KeyPool.Step<KeyLeaseAttempt> step = pool.lease("s", 2, "a", 0, POLICY);
        assertEquals(new KeyLeaseAttempt.NoFreeKey(Optional.empty(), List.of()), step.result());
        assertSame(pool, step.pool());
    }

    @Test
    void aLeasedKeyIsNotLeasedToAnotherHost() {
        add("a", SessionFixtures.newDc(2), 0);
        assertInstanceOf(KeyLeaseAttempt.NoFreeKey.class, lease("b", 5_000));
    }

    @Test
    void aReleasedKeyRestsForTheReleaseGraceThenGoesToAnotherHostWithANewToken() {
        KeyLease first = add("a", SessionFixtures.newDc(2), 0);
        pool = pool.release(first, false, 1_000).pool();
        KeyLeaseAttempt early = lease("b", 2_999);
        assertEquals(Optional.of(Instant.ofEpochMilli(3_000)), ((KeyLeaseAttempt.NoFreeKey) early).nextFree());
        KeyLeaseAttempt.Leased later = assertInstanceOf(KeyLeaseAttempt.Leased.class, lease("b", 3_000));
        assertEquals(first.authKeyId(), later.lease().authKeyId());
        assertTrue(later.lease().fencingToken() > first.fencingToken());
        assertEquals(Instant.ofEpochMilli(13_000), later.lease().expiresAt());
    }

    @Test
    void aLapsedKeyRestsForTheExpiryGrace() {
        add("a", SessionFixtures.newDc(2), 0);
        assertInstanceOf(KeyLeaseAttempt.NoFreeKey.class, lease("b", 39_999));
        assertInstanceOf(KeyLeaseAttempt.Leased.class, lease("b", 40_000));
    }

    @Test
    void theLastHolderTakesItsKeyBackAtOnce() {
        KeyLease first = add("a", SessionFixtures.newDc(2), 0);
        pool = pool.release(first, false, 1_000).pool();
        KeyLeaseAttempt.Leased again = assertInstanceOf(KeyLeaseAttempt.Leased.class, lease("a", 1_001));
        assertEquals(first.authKeyId(), again.lease().authKeyId());
    }

    @Test
    void aHostPrefersItsOwnKeyOverAnotherFreeOne() {
        KeyLease a = add("a", SessionFixtures.newDc(2), 0);
        KeyLease b = add("b", SessionFixtures.newDc(2), 0);
        pool = pool.release(a, false, 1).pool().release(b, false, 1).pool();
        KeyLeaseAttempt.Leased got = assertInstanceOf(KeyLeaseAttempt.Leased.class, lease("b", 100_000));
        assertEquals(b.authKeyId(), got.lease().authKeyId());
    }

    @Test
    void renewingExtendsTheLeaseUntilAnotherHostTookTheKey() {
        KeyLease first = add("a", SessionFixtures.newDc(2), 0);
        KeyPool.Step<Optional<KeyLease>> renewed = pool.renew(first, 5_000, POLICY);
        assertEquals(Instant.ofEpochMilli(15_000), renewed.result().orElseThrow().expiresAt());
        pool = renewed.pool();
        lease("b", 15_000 + 30_000);
        assertEquals(Optional.empty(), pool.renew(first, 45_001, POLICY).result());
        assertEquals(false, pool.release(first, false, 45_001).result());
    }

    @Test
    void aRevokedKeyLeavesThePool() {
        KeyLease first = add("a", SessionFixtures.newDc(2), 0);
        pool = pool.release(first, true, 1).pool();
        assertTrue(pool.entries().isEmpty());
        assertTrue(pool.exists());
    }

    @Test
    void aSessionsLegacyKeyBecomesTheFirstEntryOnlyOfAPoolThatDoesNotExist() {
        DcAuth legacy = SessionFixtures.newDc(2);
        KeyPool adopted = pool.adopt(Optional.of(legacy));
        assertEquals(legacy, adopted.entries().get(0).auth());
        KeyLeaseAttempt.Leased got = assertInstanceOf(KeyLeaseAttempt.Leased.class,
                adopted.lease("s", 2, "a", 0, POLICY).result());
        assertEquals(legacy.authKeyId(), got.lease().authKeyId());
        KeyPool emptied = KeyPool.of(3, Set.of(), List.of(), List.of(), List.of());
        assertSame(emptied, emptied.adopt(Optional.of(legacy)));
    }

    @Test
    void aLeaseHeldByAnUnknownHostIsQuarantinedAndReportedWhileTheOtherKeysServe() {
        DcAuth good = SessionFixtures.newDc(2);
        DcAuth foreign = SessionFixtures.newDc(2);
        pool = KeyPool.of(5, Set.of("a"), List.of(new KeyPool.Entry(foreign, "intruder", 4, 1_000_000, false),
                new KeyPool.Entry(good, "a", 5, 0, true)), List.of(), List.of());
        KeyLeaseAttempt.Leased got = assertInstanceOf(KeyLeaseAttempt.Leased.class, lease("b", 10_000));
        assertEquals(good.authKeyId(), got.lease().authKeyId());
        SessionStoreException problem = got.quarantined().get(0);
        assertEquals(SessionStoreException.Kind.CORRUPT, problem.kind());
        assertTrue(problem.getMessage().contains("intruder"));
        assertEquals(foreign.authKeyId(), pool.quarantined().get(0).authKeyId());
        assertEquals(1, pool.entries().size());
    }

    @Test
    void aDamagedEntryIsQuarantinedOnceAndReported() {
        pool = KeyPool.of(0, Set.of(), List.of(), List.of(new KeyPool.Quarantined(77, "checksum mismatch")), List.of());
        KeyLeaseAttempt first = lease("a", 0);
        assertEquals(1, first.quarantined().size());
        assertEquals(List.of(), pool.damaged());
        assertEquals(77, pool.quarantined().get(0).authKeyId());
        assertEquals(List.of(), lease("a", 1).quarantined());
    }

    @Test
    void everyLeaseGetsAHigherFencingToken() {
        KeyLease a = add("a", SessionFixtures.newDc(2), 0);
        KeyLease b = add("b", SessionFixtures.newDc(2), 0);
        assertNotEquals(a.fencingToken(), b.fencingToken());
        assertEquals(b.fencingToken(), pool.lastToken());
    }
}
