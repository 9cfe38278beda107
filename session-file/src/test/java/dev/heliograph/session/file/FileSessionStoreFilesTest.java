package dev.heliograph.session.file;

import static dev.heliograph.error.Failures.join;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.SessionStoreException;
import dev.heliograph.plugin.HeliographPlugin;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.KeyLeaseAttempt;
import dev.heliograph.session.KeyPoolPolicy;
import dev.heliograph.session.LegacySessionFixture;
import dev.heliograph.session.NamedLeaseAttempt;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionFixtures;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.SessionStoreModules;
import dev.heliograph.session.impl.AuthKeyEncryption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class FileSessionStoreFilesTest {

    @TempDir
    Path directory;

    private FileSessionStore store;

    private FileSessionStore open() {
        store = FileSessionStore.open(directory);
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aGarbledLeaseFileIsReplacedByTheNextHostAndReportedAsCorrupt() throws IOException {
        FileSessionStore s = open();
        Path file = s.leaseFile("garbled", "updates");
        Files.write(file, "garbage".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        NamedLeaseAttempt.Acquired got = assertInstanceOf(NamedLeaseAttempt.Acquired.class,
                join(s.tryLease("garbled", "updates", "host-a", Duration.ofSeconds(5))));
        assertEquals(1, got.problems().size());
        assertEquals(SessionStoreException.Kind.CORRUPT, got.problems().get(0).kind());
        assertTrue(got.problems().get(0).getMessage().contains(file.toString()), got.problems().get(0).getMessage());
        assertEquals(java.util.Optional.of(got.lease()), join(s.currentLease("garbled", "updates")));
    }

    @Test
    void deletingASessionRemovesItsLeaseFilesButNotThoseOfASessionWhoseNameExtendsIt() throws IOException {
        FileSessionStore s = open();
        Duration ttl = Duration.ofSeconds(5);
        join(s.tryLease("a", "updates", "host-a", ttl));
        join(s.tryLease("a.b", "updates", "host-a", ttl));
        join(s.delete("a"));
        assertFalse(Files.exists(s.leaseFile("a", "updates")));
        assertTrue(Files.exists(s.leaseFile("a.b", "updates")));
    }

    @Test
    void sessionFileIsCreatedOwnerOnly() throws IOException {
        Path file = storeFullSnapshot(open());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aFileWrittenByTheVersion1CodecLoadsAndTakesTheUpdateStateOnItsNextChange() throws IOException {
        FileSessionStore files = open();
        Path file = files.sessionFile("old");
        Files.write(file, SessionFixtures.version1Bytes(false));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(SessionFixtures.version1Snapshot(), join(files.load("old")));
        dev.heliograph.session.UpdateState state = dev.heliograph.session.UpdateState.of(5, 1, 2, 3);
        join(files.persist("old", new dev.heliograph.session.SessionChange.UpdateStateChanged(state)));
        assertEquals(SessionFixtures.version1Snapshot()
                .apply(new dev.heliograph.session.SessionChange.UpdateStateChanged(state)), join(files.load("old")));
        assertEquals(2, java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).getShort(4));
    }

    @Test
    void missingDirectoryIsCreatedOwnerOnly() throws IOException {
        Path nested = directory.resolve("a/b");
        FileSessionStore.open(nested).close();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)));
    }

    @Test
    void looserFileIsNarrowedToOwnerOnlyByDefault() throws IOException {
        FileSessionStore files = open();
        Files.setPosixFilePermissions(storeFullSnapshot(files), PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(SessionFixtures.fullSnapshot().homeDc(), join(files.load("bot")).homeDc());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.sessionFile("bot"))));
    }

    @Test
    void looserFileIsRefusedWhenThePolicySaysSo() throws IOException {
        Path file = storeFullSnapshot(open());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        try (FileSessionStore strict = FileSessionStore.builder(directory)
                .permissionPolicy(PermissionPolicy.REFUSE).build()) {
            SessionStoreException e = assertFails(SessionStoreException.Kind.INVALID, () -> join(strict.load("bot")));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void corruptFileIsAnErrorNamingItAndIsNeverOverwritten() throws IOException {
        FileSessionStore files = open();
        Path file = storeFullSnapshot(files);
        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length / 2] ^= 0x40;
        Files.write(file, damaged);

        SessionStoreException onLoad = assertFails(SessionStoreException.Kind.CORRUPT, () -> join(files.load("bot")));
        assertTrue(onLoad.getMessage().contains(file.toString()), onLoad.getMessage());
        assertFails(SessionStoreException.Kind.CORRUPT,
                () -> join(files.persist("bot", new SessionChange.HomeDcChanged(1))));
        assertArrayEquals(damaged, Files.readAllBytes(file));
    }

    @Test
    void truncatedFileIsCorrupt() throws IOException {
        FileSessionStore files = open();
        Path file = storeFullSnapshot(files);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 1));
        assertFails(SessionStoreException.Kind.CORRUPT, () -> join(files.load("bot")));
    }

    @Test
    void fileOfANewerFormatIsUnsupportedAndKept() throws IOException {
        FileSessionStore files = open();
        Path file = storeFullSnapshot(files);
        byte[] newer = Files.readAllBytes(file);
        ByteBuffer.wrap(newer).putShort(4, (short) 99);
        Files.write(file, newer);
        SessionStoreException e = assertFails(SessionStoreException.Kind.UNSUPPORTED_VERSION,
                () -> join(files.persist("bot", new SessionChange.HomeDcChanged(1))));
        assertTrue(e.getMessage().contains(file.toString()));
        assertArrayEquals(newer, Files.readAllBytes(file));
    }

    @Test
    void temporaryFilesOfADeadWriterAreRemovedByTheNextWrite() throws IOException {
        FileSessionStore files = open();
        Path stale = directory.resolve("bot.session.tmp-dead");
        Files.write(stale, new byte[] {1, 2, 3});
        join(files.persist("bot", new SessionChange.HomeDcChanged(2)));
        assertFalse(Files.exists(stale));
        try (Stream<Path> left = Files.list(directory)) {
            assertEquals(List.of("bot.session", "bot.session.lock"), left.map(p -> p.getFileName().toString())
                    .sorted().toList());
        }
    }

    @Test
    void aLockHeldElsewhereMakesWritesFailAsUnavailableAfterTheTimeout() throws IOException {
        try (FileSessionStore files = FileSessionStore.builder(directory).lockTimeout(Duration.ofMillis(200)).build();
             FileChannel channel = FileChannel.open(directory.resolve("bot.session.lock"), StandardOpenOption.CREATE,
                     StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            assertTrue(held.isValid());
            assertFails(SessionStoreException.Kind.UNAVAILABLE,
                    () -> join(files.persist("bot", new SessionChange.HomeDcChanged(2))));
        }
    }

    @Test
    void sealedKeysAreReadableOnlyWithTheEncryptionKey() {
        byte[] key = new byte[32];
        key[0] = 1;
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        try (FileSessionStore sealed = FileSessionStore.builder(directory)
                .encryption(AuthKeyEncryption.aesGcm(key)).build()) {
            join(sealed.replace("bot", snapshot));
            assertEquals(snapshot, join(sealed.load("bot")));
        }
        assertFails(SessionStoreException.Kind.INVALID, () -> join(open().load("bot")));
    }

    @Test
    void theModuleOverridesTheCoreDefault() {
        SessionStoreModules.assertOverridesTheInMemoryDefault(new FileSessionModule(directory), FileSessionStore.class);
    }

    @Test
    void theServiceLoaderFindsTheFilePlugin() {
        HeliographPlugin plugin = ServiceLoader.load(HeliographPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("file"))
                .findFirst().orElseThrow();
        assertEquals(HeliographPlugin.Kind.SESSION_STORE, plugin.kind());
        assertInstanceOf(FileSessionModule.class, plugin.module());
    }

    @Test
    void aKeyAddedInOneStoreIsLeasedByAnotherOnTheSameDirectoryOnceReleased() {
        KeyPoolPolicy instant = new KeyPoolPolicy(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
        DcAuth created = SessionFixtures.newDc(2);
        FileSessionStore first = open();
        join(first.releaseAuthKey(join(first.addAuthKey("bot", "host-a", created, instant)), false));
        try (FileSessionStore other = FileSessionStore.open(directory)) {
            assertEquals(created, assertInstanceOf(KeyLeaseAttempt.Leased.class,
                    join(other.leaseAuthKey("bot", 2, "host-b", instant))).auth());
        }
    }

    /** Stores the full snapshot as "bot" and returns the file it went to. */
    private static Path storeFullSnapshot(FileSessionStore files) {
        join(files.replace("bot", SessionFixtures.fullSnapshot()));
        return files.sessionFile("bot");
    }

    private static SessionStoreException assertFails(SessionStoreException.Kind kind, Executable action) {
        SessionStoreException e = assertThrows(SessionStoreException.class, action);
        assertEquals(kind, e.kind());
        return e;
    }

    @Test
    void aSessionFileWrittenByTheFirstFormatHasItsKeyMovedIntoThePoolFile() throws IOException {
        FileSessionStore files = open();
        Files.write(files.sessionFile("legacy"), LegacySessionFixture.bytes());
        KeyLeaseAttempt.Leased got = assertInstanceOf(
                KeyLeaseAttempt.Leased.class, files.leaseAuthKey("legacy", 4, "host-a",
                        KeyPoolPolicy.DEFAULT).toCompletableFuture().join());
        assertEquals(LegacySessionFixture.KEY_ID, got.auth().authKeyId());
        assertTrue(Files.exists(files.keyPoolFile("legacy", 4)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(files.keyPoolFile("legacy", 4))));
    }

    @Test
    void aPoolEntryDamagedOnDiskIsQuarantinedWithATypedErrorAndTheOtherKeyIsLeased() throws IOException {
        FileSessionStore files = open();
        KeyPoolPolicy instant = new KeyPoolPolicy(
                Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
        DcAuth first = SessionFixtures.newDc(2);
        DcAuth second = SessionFixtures.newDc(2);
        for (DcAuth key : List.of(first, second)) {
            files.releaseAuthKey(files.addAuthKey("s", "seed", key, instant).toCompletableFuture().join(), false)
                    .toCompletableFuture().join();
        }
        Path pool = files.keyPoolFile("s", 2);
        byte[] data = Files.readAllBytes(pool);
        // The first entry's key bytes start after the header, host "seed", the header CRC, the
        // entry count, the entry length, the key id, the DC and the key length.
        int firstKeyByte = 16 + 2 + 2 + 4 + 2 + 4 + 2 + 2 + 8 + 4 + 2;
        data[firstKeyByte + 10] ^= 0x55;
        Files.write(pool, data);
        KeyLeaseAttempt.Leased got = assertInstanceOf(
                KeyLeaseAttempt.Leased.class,
                files.leaseAuthKey("s", 2, "host-b", instant).toCompletableFuture().join());
        assertEquals(second.authKeyId(), got.auth().authKeyId());
        assertEquals(1, got.quarantined().size());
        assertEquals(SessionStoreException.Kind.CORRUPT, got.quarantined().get(0).kind());
        assertTrue(got.quarantined().get(0).getMessage().contains(Long.toHexString(first.authKeyId())),
                got.quarantined().get(0)::getMessage);
    }
}
