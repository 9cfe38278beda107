package dev.heliograph.testkit;

import static dev.heliograph.error.Failures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.DcOption;
import dev.heliograph.session.KeyLease;
import dev.heliograph.session.KeyLeaseAttempt;
import dev.heliograph.session.KeyPoolPolicy;
import dev.heliograph.session.KnownPeer;
import dev.heliograph.session.NamedLease;
import dev.heliograph.session.NamedLeaseAttempt;
import dev.heliograph.session.SelfUser;
import dev.heliograph.session.ServerSalt;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionFixtures;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.SessionStore;
import dev.heliograph.session.SessionStores;
import dev.heliograph.session.UpdateState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionStore} must have. A store's test extends this class and says
 * how to open an instance; two instances opened in one test share their backing storage (the same
 * directory, the same Redis), as two hosts would.
 */
public abstract class SessionStoreContract {

    private final List<SessionStore> opened = new ArrayList<>();

    /** A session name no other test uses, so that tests need no cleaning between them. */
    protected final String name = "contract-" + UUID.randomUUID();

    /**
     * Opens a new instance over the shared backing storage of this test (a store that cannot be
     * shared, such as the in-memory one, returns the same instance every time).
     *
     * @return the store
     */
    protected abstract SessionStore openStore();

    private SessionStore open() {
        SessionStore store = openStore();
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(SessionStore::close);
    }

    @Test
    void unknownSessionLoadsEmpty() {
        assertEquals(SessionSnapshot.empty(), join(open().load(name)));
    }

    @Test
    void replacedSnapshotLoadsEqual() {
        SessionStore store = open();
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        join(store.replace(name, snapshot));
        assertEquals(snapshot, join(store.load(name)));
    }

    @Test
    void eachKindOfChangeIsPersisted() {
        SessionStore store = open();
        DcAuth dc2 = SessionFixtures.newDc(2);
        List<ServerSalt> salts = List.of(new ServerSalt(5, 10, 20));
        SelfUser self = new SelfUser(42, "bot", "Bot", true);
        List<DcOption> options = List.of(DcOption.of(2, "10.0.0.2", 443));
        join(store.persist(name, new SessionChange.AuthKeyCreated(dc2)));
        join(store.persist(name, new SessionChange.ServerSaltsUpdated(2, dc2.authKeyId(), salts)));
        join(store.persist(name, new SessionChange.TimeOffsetUpdated(2, dc2.authKeyId(), -3000)));
        join(store.persist(name, new SessionChange.HomeDcChanged(2)));
        join(store.persist(name, new SessionChange.DcOptionsUpdated(options)));
        join(store.persist(name, new SessionChange.SelfUserChanged(self)));

        SessionSnapshot expected = SessionSnapshot.builder()
                .dc(dc2.withSalts(salts).withTimeOffset(-3000)).homeDc(2).dcOptions(options).selfUser(self).build();
        assertEquals(expected, join(store.load(name)));
    }

    @Test
    void changesAreVisibleToAnotherInstance() {
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        join(open().replace(name, snapshot));
        join(open().persist(name, new SessionChange.HomeDcChanged(4)));
        assertEquals(snapshot.apply(new SessionChange.HomeDcChanged(4)), join(open().load(name)));
    }

    @Test
    void saltsOfAReplacedKeyAreIgnored() {
        SessionStore store = open();
        DcAuth old = SessionFixtures.newDc(3);
        DcAuth replacement = SessionFixtures.newDc(3);
        join(store.persist(name, new SessionChange.AuthKeyCreated(old)));
        join(store.persist(name, new SessionChange.AuthKeyCreated(replacement)));
        join(store.persist(name, new SessionChange.ServerSaltsUpdated(3, old.authKeyId(),
                List.of(new ServerSalt(1, 2, 3)))));
        join(store.persist(name, new SessionChange.AuthKeyRevoked(3, old.authKeyId())));
        assertEquals(replacement, join(store.load(name)).dc(3).orElseThrow());
    }

    @Test
    void revokingTheCurrentKeyForgetsIt() {
        SessionStore store = open();
        DcAuth dc = SessionFixtures.newDc(5);
        join(store.persist(name, new SessionChange.AuthKeyCreated(dc)));
        join(store.persist(name, new SessionChange.AuthKeyRevoked(5, dc.authKeyId())));
        assertTrue(join(store.load(name)).dc(5).isEmpty());
    }

    @Test
    void logoutForgetsKeysAndAccountButKeepsDcOptions() {
        SessionStore store = open();
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        join(store.replace(name, snapshot));
        join(store.persist(name, new SessionChange.LoggedOut()));
        SessionSnapshot after = join(store.load(name));
        assertTrue(after.dcs().isEmpty());
        assertTrue(after.selfUser().isEmpty());
        assertTrue(after.homeDc().isEmpty());
        assertEquals(snapshot.dcOptions(), after.dcOptions());
    }

    @Test
    void updateStateAndLearnedPeersArePersistedAndForgottenAtLogout() {
        SessionStore store = open();
        UpdateState state = new UpdateState(100, 5, 1_700_000_000, 12, java.util.Map.of(77L, 9));
        KnownPeer user = new KnownPeer(KnownPeer.Kind.USER, 1001, -5);
        KnownPeer channel = new KnownPeer(KnownPeer.Kind.CHANNEL, 77, 6);
        join(store.persist(name, new SessionChange.SelfUserChanged(new SelfUser(42, "bot", "Bot", true))));
        join(store.persist(name, new SessionChange.PeersLearned(List.of(user))));
        join(store.persist(name, new SessionChange.PeersLearned(List.of(channel,
                new KnownPeer(KnownPeer.Kind.USER, 1001, -6)))));
        join(store.persist(name, new SessionChange.UpdateStateChanged(state)));

        SessionSnapshot loaded = join(store.load(name));
        assertEquals(java.util.Optional.of(state), loaded.updateState());
        assertEquals(-6, loaded.peer(KnownPeer.Kind.USER, 1001).orElseThrow().accessHash());
        assertEquals(java.util.Optional.of(channel), loaded.peer(KnownPeer.Kind.CHANNEL, 77));

        join(store.persist(name, new SessionChange.LoggedOut()));
        SessionSnapshot out = join(store.load(name));
        assertTrue(out.updateState().isEmpty());
        assertTrue(out.peers().isEmpty());
    }

    @Test
    void deletedSessionLoadsEmptyAndDeletingTwiceSucceeds() {
        SessionStore store = open();
        join(store.replace(name, SessionFixtures.fullSnapshot()));
        join(store.delete(name));
        join(store.delete(name));
        assertEquals(SessionSnapshot.empty(), join(store.load(name)));
    }

    @Test
    void sessionsWithDifferentNamesAreIndependent() {
        SessionStore store = open();
        join(store.replace(name, SessionFixtures.fullSnapshot()));
        join(store.persist(name + "-other", new SessionChange.HomeDcChanged(3)));
        assertEquals(SessionFixtures.fullSnapshot().homeDc(), join(store.load(name)).homeDc());
        assertEquals(3, join(store.load(name + "-other")).homeDc().orElseThrow());
    }

    @Test
    void invalidSessionNamesAreRejectedAsInvalid() {
        SessionStore store = open();
        for (String bad : List.of("", "../escape", "a/b", "{tag}", ".hidden", "x".repeat(129))) {
            SessionStoreException e = assertThrows(SessionStoreException.class, () -> join(store.load(bad)));
            assertEquals(SessionStoreException.Kind.INVALID, e.kind());
        }
    }

    @Test
    void concurrentChangesFromTwoInstancesAreAllKept() throws Exception {
        SessionStore first = open();
        SessionStore second = open();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int dc = 1; dc <= 16; dc++) {
                SessionStore store = dc % 2 == 0 ? first : second;
                DcAuth auth = SessionFixtures.newDc(dc);
                writes.add(pool.submit(() -> join(store.persist(name, new SessionChange.AuthKeyCreated(auth)))));
            }
            for (Future<?> write : writes) {
                write.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(16, join(first.load(name)).dcs().size());
    }

    @Test
    void changesFromOneInstanceApplyInOrder() {
        SessionStore store = open();
        DcAuth dc = SessionFixtures.newDc(2);
        join(store.persist(name, new SessionChange.AuthKeyCreated(dc)));
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            pending.add(store.persist(name, new SessionChange.TimeOffsetUpdated(2, dc.authKeyId(), i))
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        assertEquals(50, join(store.load(name)).dc(2).orElseThrow().timeOffsetMillis());
    }

    // ---- auth key leases ----

    private static final KeyPoolPolicy SHORT =
            new KeyPoolPolicy(Duration.ofMillis(400), Duration.ofMillis(300), Duration.ofMillis(200));

    @Test
    void eachHostGetsItsOwnKeyAndAThirdFindsNoneFree() {
        SessionStore a = open();
        SessionStore b = open();
        KeyLease la = join(a.addAuthKey(name, "host-a", SessionFixtures.newDc(2), KeyPoolPolicy.DEFAULT));
        KeyLease lb = join(b.addAuthKey(name, "host-b", SessionFixtures.newDc(2), KeyPoolPolicy.DEFAULT));
        assertTrue(lb.fencingToken() > la.fencingToken());
        KeyLeaseAttempt third = join(open().leaseAuthKey(name, 2, "host-c", KeyPoolPolicy.DEFAULT));
        assertEquals(new KeyLeaseAttempt.NoFreeKey(java.util.Optional.empty(), List.of()), third);
        assertInstanceOf(KeyLeaseAttempt.NoFreeKey.class, join(a.leaseAuthKey(name, 4, "host-a", KeyPoolPolicy.DEFAULT)));
    }

    @Test
    void aReleasedKeyGoesToTheNextHostAfterTheReleaseGraceWithNoNewKey() throws InterruptedException {
        SessionStore a = open();
        SessionStore b = open();
        DcAuth key = SessionFixtures.newDc(2);
        KeyLease held = join(a.addAuthKey(name, "host-a", key, SHORT));
        join(a.releaseAuthKey(held, false));
        KeyLeaseAttempt.NoFreeKey resting = assertInstanceOf(KeyLeaseAttempt.NoFreeKey.class,
                join(b.leaseAuthKey(name, 2, "host-b", SHORT)));
        Thread.sleep(Math.max(0, resting.nextFree().orElseThrow().toEpochMilli() - System.currentTimeMillis()) + 20);
        KeyLeaseAttempt.Leased taken = assertInstanceOf(KeyLeaseAttempt.Leased.class,
                join(b.leaseAuthKey(name, 2, "host-b", SHORT)));
        assertEquals(key.authKeyId(), taken.auth().authKeyId());
        assertEquals(key.authKey(), taken.auth().authKey());
    }

    @Test
    void renewingAfterAnotherHostTookTheLapsedKeyFailsWithLeaseLost() throws InterruptedException {
        SessionStore a = open();
        SessionStore b = open();
        KeyLease held = join(a.addAuthKey(name, "host-a", SessionFixtures.newDc(2), SHORT));
        KeyLease renewed = join(a.renewAuthKeyLease(held, SHORT));
        assertTrue(!renewed.expiresAt().isBefore(held.expiresAt()));
        Thread.sleep(SHORT.leaseTtl().plus(SHORT.expiryGrace()).toMillis() + 100);
        assertInstanceOf(KeyLeaseAttempt.Leased.class, join(b.leaseAuthKey(name, 2, "host-b", SHORT)));
        SessionStoreException lost = assertThrows(SessionStoreException.class,
                () -> join(a.renewAuthKeyLease(renewed, SHORT)));
        assertEquals(SessionStoreException.Kind.LEASE_LOST, lost.kind());
        join(a.releaseAuthKey(renewed, false));
        assertInstanceOf(KeyLeaseAttempt.NoFreeKey.class, join(a.leaseAuthKey(name, 2, "host-c", SHORT)));
    }

    @Test
    void aRevokedKeyIsNeverLeasedAgain() {
        SessionStore store = open();
        KeyLease held = join(store.addAuthKey(name, "host-a", SessionFixtures.newDc(2), KeyPoolPolicy.DEFAULT));
        join(store.releaseAuthKey(held, true));
        assertInstanceOf(KeyLeaseAttempt.NoFreeKey.class,
                join(store.leaseAuthKey(name, 2, "host-a", KeyPoolPolicy.DEFAULT)));
    }

    @Test
    void aSessionStoredWithOneKeyPerDcHasThatKeyLeasedAsTheFirstPoolEntry() {
        SessionStore store = open();
        SessionSnapshot legacy = SessionFixtures.fullSnapshot();
        join(store.replace(name, legacy));
        int dc = legacy.dcs().keySet().iterator().next();
        KeyLeaseAttempt.Leased got = assertInstanceOf(KeyLeaseAttempt.Leased.class,
                join(store.leaseAuthKey(name, dc, "host-a", KeyPoolPolicy.DEFAULT)));
        assertEquals(legacy.dc(dc).orElseThrow(), got.auth());
        assertInstanceOf(KeyLeaseAttempt.NoFreeKey.class,
                join(open().leaseAuthKey(name, dc, "host-b", KeyPoolPolicy.DEFAULT)));
    }

    @Test
    void hostsLeasingAtOnceNeverShareAKey() throws Exception {
        KeyPoolPolicy instant = new KeyPoolPolicy(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
        SessionStore seed = open();
        for (int i = 0; i < 4; i++) {
            join(seed.releaseAuthKey(join(seed.addAuthKey(name, "seed", SessionFixtures.newDc(2), instant)), false));
        }
        int hosts = 8;
        List<SessionStore> stores = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            stores.add(i % 2 == 0 ? seed : open());
        }
        ExecutorService pool = Executors.newFixedThreadPool(hosts);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<KeyLeaseAttempt>> results = new ArrayList<>();
            for (int i = 0; i < hosts; i++) {
                SessionStore s = stores.get(i);
                String host = "host-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return join(s.leaseAuthKey(name, 2, host, instant));
                }));
            }
            start.countDown();
            Set<Long> leased = ConcurrentHashMap.newKeySet();
            int granted = 0;
            for (Future<KeyLeaseAttempt> f : results) {
                if (f.get(30, TimeUnit.SECONDS) instanceof KeyLeaseAttempt.Leased l) {
                    granted++;
                    assertTrue(leased.add(l.lease().authKeyId()), "a key leased twice");
                }
            }
            assertEquals(4, granted);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- shared flood waits ----

    @Test
    void aFloodWaitOneHostRecordsBlocksTheMethodForAnotherAndTheLaterEndWins() {
        SessionStore a = open();
        SessionStore b = open();
        java.time.Instant until = java.time.Instant.ofEpochMilli(System.currentTimeMillis() + 60_000);
        join(a.recordFloodWait(name, "auth.importBotAuthorization", until));
        join(b.recordFloodWait(name, "auth.importBotAuthorization", until.minusSeconds(30)));
        assertEquals(java.util.Optional.of(until), join(b.floodWaitUntil(name, "auth.importBotAuthorization")));
        assertEquals(java.util.Optional.empty(), join(b.floodWaitUntil(name, "messages.sendMessage")));
        join(a.delete(name));
        assertEquals(java.util.Optional.empty(), join(b.floodWaitUntil(name, "auth.importBotAuthorization")));
    }

    @Test
    void aCopiedSessionCarriesItsPooledKeyToAStoreThatLeasesItWithoutANewKey() {
        SessionStore source = open();
        DcAuth key = SessionFixtures.newDc(4);
        join(source.persist(name, new SessionChange.HomeDcChanged(4)));
        join(source.releaseAuthKey(join(source.addAuthKey(name, "host-a", key, KeyPoolPolicy.DEFAULT)), false));
        try (SessionStore target = new dev.heliograph.session.impl.InMemorySessionStore()) {
            join(SessionStores.copy(source, name, target, "copy"));
            KeyLeaseAttempt.Leased got = assertInstanceOf(KeyLeaseAttempt.Leased.class,
                    join(target.leaseAuthKey("copy", 4, "host-b", KeyPoolPolicy.DEFAULT)));
            assertEquals(key, got.auth());
        }
    }

    // ---- named leases ----

    private static final Duration LEASE = Duration.ofSeconds(30);

    @Test
    void aNamedLeaseIsHeldByOneHostUntilReleasedThenAnotherTakesItAtOnce() {
        SessionStore a = open();
        SessionStore b = open();
        NamedLease held = assertInstanceOf(NamedLeaseAttempt.Acquired.class,
                join(a.tryLease(name, "updates", "host-a", LEASE))).lease();
        assertEquals("host-a", held.hostId());
        NamedLeaseAttempt.Busy busy = assertInstanceOf(NamedLeaseAttempt.Busy.class,
                join(b.tryLease(name, "updates", "host-b", LEASE)));
        assertEquals("host-a", busy.holder());
        assertEquals(held.expiresAt(), busy.expiresAt());
        assertEquals(java.util.Optional.of(held), join(b.currentLease(name, "updates")));
        join(a.releaseLease(held));
        assertEquals(java.util.Optional.empty(), join(b.currentLease(name, "updates")));
        NamedLease taken = assertInstanceOf(NamedLeaseAttempt.Acquired.class,
                join(b.tryLease(name, "updates", "host-b", LEASE))).lease();
        assertTrue(taken.fencingToken() > held.fencingToken());
        SessionStoreException lost = assertThrows(SessionStoreException.class, () -> join(a.renewLease(held, LEASE)));
        assertEquals(SessionStoreException.Kind.LEASE_LOST, lost.kind());
    }

    @Test
    void aLapsedNamedLeaseGoesToAnotherHostAndTheOldHolderCanNeitherRenewNorReleaseIt() throws InterruptedException {
        SessionStore a = open();
        SessionStore b = open();
        Duration shortLease = Duration.ofMillis(300);
        NamedLease held = assertInstanceOf(NamedLeaseAttempt.Acquired.class,
                join(a.tryLease(name, "updates", "host-a", shortLease))).lease();
        NamedLease renewed = join(a.renewLease(held, shortLease));
        assertEquals(held.fencingToken(), renewed.fencingToken());
        assertTrue(!renewed.expiresAt().isBefore(held.expiresAt()));
        Thread.sleep(shortLease.toMillis() + 100);
        NamedLease taken = assertInstanceOf(NamedLeaseAttempt.Acquired.class,
                join(b.tryLease(name, "updates", "host-b", LEASE))).lease();
        assertTrue(taken.fencingToken() > renewed.fencingToken());
        assertEquals(SessionStoreException.Kind.LEASE_LOST,
                assertThrows(SessionStoreException.class, () -> join(a.renewLease(renewed, LEASE))).kind());
        join(a.releaseLease(renewed));
        assertEquals(java.util.Optional.of(taken), join(a.currentLease(name, "updates")));
    }

    @Test
    void aLapsedNamedLeaseNobodyTookCanStillBeRenewedByItsHolder() throws InterruptedException {
        SessionStore a = open();
        Duration shortLease = Duration.ofMillis(200);
        NamedLease held = assertInstanceOf(NamedLeaseAttempt.Acquired.class,
                join(a.tryLease(name, "updates", "host-a", shortLease))).lease();
        Thread.sleep(shortLease.toMillis() + 50);
        assertEquals(java.util.Optional.empty(), join(a.currentLease(name, "updates")));
        NamedLease renewed = join(a.renewLease(held, LEASE));
        assertEquals(held.fencingToken(), renewed.fencingToken());
        assertEquals(java.util.Optional.of(renewed), join(open().currentLease(name, "updates")));
    }

    @Test
    void theHolderTakesItsNamedLeaseBackAtOnceWhichFencesItsOlderGrant() {
        SessionStore before = open();
        NamedLease old = assertInstanceOf(NamedLeaseAttempt.Acquired.class,
                join(before.tryLease(name, "updates", "host-a", LEASE))).lease();
        SessionStore restarted = open();
        NamedLease again = assertInstanceOf(NamedLeaseAttempt.Acquired.class,
                join(restarted.tryLease(name, "updates", "host-a", LEASE))).lease();
        assertTrue(again.fencingToken() > old.fencingToken());
        assertEquals(SessionStoreException.Kind.LEASE_LOST,
                assertThrows(SessionStoreException.class, () -> join(before.renewLease(old, LEASE))).kind());
        join(before.releaseLease(old));
        assertEquals(java.util.Optional.of(again), join(restarted.currentLease(name, "updates")));
    }

    @Test
    void namedLeasesOfOtherNamesAndSessionsAreIndependentAndDeletingTheSessionFreesThem() {
        SessionStore store = open();
        String other = name + "-other";
        assertInstanceOf(NamedLeaseAttempt.Acquired.class, join(store.tryLease(name, "updates", "host-a", LEASE)));
        assertInstanceOf(NamedLeaseAttempt.Acquired.class, join(store.tryLease(name, "shard-1", "host-b", LEASE)));
        assertInstanceOf(NamedLeaseAttempt.Acquired.class, join(store.tryLease(other, "updates", "host-b", LEASE)));
        join(store.delete(name));
        assertInstanceOf(NamedLeaseAttempt.Acquired.class, join(store.tryLease(name, "updates", "host-c", LEASE)));
        assertInstanceOf(NamedLeaseAttempt.Busy.class, join(store.tryLease(other, "updates", "host-c", LEASE)));
        join(store.delete(other));
    }

    @Test
    void badLeaseNamesAreRejectedAsInvalid() {
        SessionStore store = open();
        for (String bad : new String[] {"", "a.b", "a:b", "x".repeat(65), "a/b"}) {
            SessionStoreException e = assertThrows(SessionStoreException.class,
                    () -> join(store.tryLease(name, bad, "host-a", LEASE)), bad);
            assertEquals(SessionStoreException.Kind.INVALID, e.kind());
        }
    }

    @Test
    void hostsTakingOneNamedLeaseAtOnceGetItExactlyOnceWithIncreasingTokens() throws Exception {
        int hosts = 8;
        List<SessionStore> stores = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            stores.add(open());
        }
        long lastToken = 0;
        for (int round = 0; round < 3; round++) {
            ExecutorService pool = Executors.newFixedThreadPool(hosts);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<NamedLeaseAttempt>> results = new ArrayList<>();
                for (int i = 0; i < hosts; i++) {
                    SessionStore s = stores.get(i);
                    String host = "host-" + i;
                    results.add(pool.submit(() -> {
                        start.await();
                        return join(s.tryLease(name, "race", host, LEASE));
                    }));
                }
                start.countDown();
                List<NamedLease> winners = new ArrayList<>();
                for (Future<NamedLeaseAttempt> f : results) {
                    if (f.get(30, TimeUnit.SECONDS) instanceof NamedLeaseAttempt.Acquired won) {
                        winners.add(won.lease());
                    }
                }
                assertEquals(1, winners.size(), winners::toString);
                assertTrue(winners.get(0).fencingToken() > lastToken);
                lastToken = winners.get(0).fencingToken();
                assertEquals(java.util.Optional.of(winners.get(0)), join(stores.get(0).currentLease(name, "race")));
                join(stores.get(0).releaseLease(winners.get(0)));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
