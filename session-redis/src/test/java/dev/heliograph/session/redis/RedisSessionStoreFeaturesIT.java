package dev.heliograph.session.redis;

import static dev.heliograph.error.Failures.join;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.NamedLeaseAttempt;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionFixtures;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.SessionStores;
import dev.heliograph.session.impl.AuthKeyEncryption;
import dev.heliograph.session.impl.InMemorySessionStore;
import dev.heliograph.session.impl.SnapshotCodec;
import dev.heliograph.session.redis.internal.LettuceWireTrace;
import dev.heliograph.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the Redis store adds to the contract: sealing, prefixes, typed errors on bad data, user clients. */
class RedisSessionStoreFeaturesIT {

    private static RedisClient client;
    private static StatefulRedisConnection<String, byte[]> raw;
    private static String uri;

    private final String name = "features-" + UUID.randomUUID();

    @BeforeAll
    static void connect() throws Exception {
        uri = RedisServer.sharedUri();
        // this raw client authenticates with the shared password too
        LettuceWireTrace.suppress();
        client = RedisClient.create();
        raw = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), RedisURI.create(uri));
    }

    @AfterAll
    static void disconnect() {
        raw.close();
        client.shutdown();
    }

    @Test
    void sealedAuthKeysNeverReachRedisInClear() {
        byte[] key = new byte[32];
        key[31] = 9;
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        try (RedisSessionStore store = RedisSessionStore.builder().uri(uri)
                .encryption(AuthKeyEncryption.aesGcm(key)).build()) {
            join(store.replace(name, snapshot));
            byte[] stored = raw.sync().hget(store.sessionKey(name), "snap");
            String hex = HexFormat.of().formatHex(stored);
            for (DcAuth dc : snapshot.dcs().values()) {
                assertFalse(hex.contains(HexFormat.of().formatHex(dc.authKey().bytes()).substring(0, 32)));
            }
            assertEquals(snapshot, join(store.load(name)));
        }
        try (RedisSessionStore withoutKey = RedisSessionStore.builder().uri(uri).build()) {
            SessionStoreException e = assertThrows(SessionStoreException.class, () -> join(withoutKey.load(name)));
            assertEquals(SessionStoreException.Kind.INVALID, e.kind());
        }
    }

    @Test
    void storesForOneRedisShareOneConnectionAndClosingOneLeavesTheOthersWorking() {
        long before = connections();
        RedisSessionStore first = RedisSessionStore.builder().uri(uri).keyPrefix("one:").build();
        try (RedisSessionStore second = RedisSessionStore.builder().uri(uri).keyPrefix("two:").build()) {
            join(first.persist(name, new SessionChange.HomeDcChanged(2)));
            join(second.persist(name, new SessionChange.HomeDcChanged(4)));
            assertTrue(connections() - before <= 1, "two stores for one Redis opened more than one connection");
            first.close();
            join(second.persist(name, new SessionChange.HomeDcChanged(5)));
            assertEquals(5, join(second.load(name)).homeDc().orElseThrow());
            SessionStoreException closed = assertThrows(SessionStoreException.class, () -> join(first.load(name)));
            assertEquals(SessionStoreException.Kind.UNAVAILABLE, closed.kind());
        }
        try (RedisSessionStore again = RedisSessionStore.builder().uri(uri).keyPrefix("two:").build()) {
            assertEquals(5, join(again.load(name)).homeDc().orElseThrow(), "a store opened after all closed works");
        }
    }

    private static long connections() {
        return raw.sync().clientList().lines().filter(l -> !l.isBlank()).count();
    }

    @Test
    void prefixesSeparateDeployments() {
        try (RedisSessionStore blue = RedisSessionStore.builder().uri(uri).keyPrefix("blue:").build();
             RedisSessionStore green = RedisSessionStore.builder().uri(uri).keyPrefix("green:").build()) {
            join(blue.persist(name, new SessionChange.HomeDcChanged(2)));
            assertTrue(join(green.load(name)).isEmpty());
            assertEquals("blue:{" + name + "}:session", blue.sessionKey(name));
        }
    }

    @Test
    void aGarbledLeaseIsReplacedByTheNextHostAndReportedAsCorrupt() {
        try (RedisSessionStore store = RedisSessionStore.builder().uri(uri).build()) {
            raw.sync().hset(store.leasesKey(name), "updates", new byte[] {1, 2, 3});
            NamedLeaseAttempt.Acquired got = assertInstanceOf(NamedLeaseAttempt.Acquired.class,
                    join(store.tryLease(name, "updates", "host-a", Duration.ofSeconds(5))));
            assertEquals(1, got.problems().size());
            assertEquals(SessionStoreException.Kind.CORRUPT, got.problems().get(0).kind());
            assertTrue(got.problems().get(0).getMessage().contains(store.leasesKey(name)),
                    got.problems().get(0).getMessage());
            assertEquals(java.util.Optional.of(got.lease()), join(store.currentLease(name, "updates")));
        }
    }

    @Test
    void corruptDataIsAnErrorNamingTheKeyAndIsNeverOverwritten() {
        try (RedisSessionStore store = RedisSessionStore.builder().uri(uri).build()) {
            join(store.replace(name, SessionFixtures.fullSnapshot()));
            String key = store.sessionKey(name);
            byte[] damaged = raw.sync().hget(key, "snap");
            damaged[damaged.length / 2] ^= 1;
            raw.sync().hset(key, "snap", damaged);
            SessionStoreException e = assertThrows(SessionStoreException.class,
                    () -> join(store.persist(name, new SessionChange.HomeDcChanged(1))));
            assertEquals(SessionStoreException.Kind.CORRUPT, e.kind());
            assertTrue(e.getMessage().contains(key), e.getMessage());
            assertArrayEquals(damaged, raw.sync().hget(key, "snap"));
        }
    }

    @Test
    void anEntryWrittenByTheVersion1CodecLoadsAndTakesTheUpdateStateOnItsNextChange() {
        try (RedisSessionStore store = RedisSessionStore.builder().uri(uri).build()) {
            raw.sync().hset(store.sessionKey(name), "snap", SessionFixtures.version1Bytes(false));
            assertEquals(SessionFixtures.version1Snapshot(), join(store.load(name)));
            dev.heliograph.session.UpdateState state = dev.heliograph.session.UpdateState.of(5, 1, 2, 3);
            join(store.persist(name, new SessionChange.UpdateStateChanged(state)));
            assertEquals(SessionFixtures.version1Snapshot().apply(new SessionChange.UpdateStateChanged(state)),
                    join(store.load(name)));
            assertEquals(2, ByteBuffer.wrap(raw.sync().hget(store.sessionKey(name), "snap")).getShort(4));
        }
    }

    @Test
    void dataOfANewerFormatIsUnsupported() {
        try (RedisSessionStore store = RedisSessionStore.builder().uri(uri).build()) {
            byte[] newer = SnapshotCodec.plain().encode(SessionSnapshot.empty());
            ByteBuffer.wrap(newer).putShort(4, (short) 7);
            raw.sync().hset(store.sessionKey(name), "snap", newer);
            SessionStoreException e = assertThrows(SessionStoreException.class, () -> join(store.load(name)));
            assertEquals(SessionStoreException.Kind.UNSUPPORTED_VERSION, e.kind());
        }
    }

    @Test
    void aClientOfTheUsersOwnIsUsedAndLeftOpen() {
        RedisClient own = RedisClient.create();
        try {
            try (RedisSessionStore store = RedisSessionStore.builder().client(own).uri(uri).build()) {
                join(store.persist(name, new SessionChange.HomeDcChanged(4)));
            }
            try (RedisSessionStore again = RedisSessionStore.builder().client(own).uri(uri).build()) {
                assertEquals(4, join(again.load(name)).homeDc().orElseThrow());
            }
        } finally {
            own.shutdown();
        }
    }

    @Test
    void aSessionMovesToAnotherStoreAndBackUnchanged() {
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        try (RedisSessionStore redis = RedisSessionStore.builder().uri(uri).build();
             InMemorySessionStore memory = new InMemorySessionStore()) {
            join(redis.replace(name, snapshot));
            join(SessionStores.copy(redis, name, memory, "moved"));
            join(redis.delete(name));
            join(SessionStores.copy(memory, "moved", redis, name));
            assertEquals(snapshot, join(redis.load(name)));
        }
    }
}
