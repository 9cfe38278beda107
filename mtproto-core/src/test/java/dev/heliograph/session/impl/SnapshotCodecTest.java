package dev.heliograph.session.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.KnownPeer;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.SessionFixtures;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.UpdateState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

    private static final byte[] ENCRYPTION_KEY = new byte[32];

    static {
        Arrays.fill(ENCRYPTION_KEY, (byte) 7);
    }

    @Test
    void fullSnapshotRoundTrips() {
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        SnapshotCodec codec = SnapshotCodec.plain();
        assertEquals(snapshot, codec.decode(codec.encode(snapshot), "test"));
    }

    @Test
    void version1BytesWrittenBeforeUpdatesExistedStillRead() {
        SessionSnapshot read = SnapshotCodec.plain().decode(SessionFixtures.version1Bytes(false), "v1");
        assertEquals(SessionFixtures.version1Snapshot(), read);
        assertTrue(read.updateState().isEmpty());
        assertTrue(read.peers().isEmpty());
    }

    @Test
    void sealedVersion1BytesStillRead() {
        SnapshotCodec codec = SnapshotCodec.encrypting(AuthKeyEncryption.aesGcm(ENCRYPTION_KEY));
        assertEquals(SessionFixtures.version1Snapshot(), codec.decode(SessionFixtures.version1Bytes(true), "v1"));
    }

    @Test
    void aVersion1SessionIsRewrittenAsVersion2WithItsUpdates() {
        SessionSnapshot upgraded = SnapshotCodec.plain().decode(SessionFixtures.version1Bytes(false), "v1")
                .apply(new SessionChange.UpdateStateChanged(UpdateState.of(10, 2, 3, 4)));
        byte[] encoded = SnapshotCodec.plain().encode(upgraded);
        assertEquals(2, ByteBuffer.wrap(encoded).getShort(4));
        assertEquals(upgraded, SnapshotCodec.plain().decode(encoded, "v2"));
    }

    @Test
    void updateStateAndPeersRoundTrip() {
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        SessionSnapshot read = SnapshotCodec.plain().decode(SnapshotCodec.plain().encode(snapshot), "test");
        assertEquals(snapshot.updateState(), read.updateState());
        assertEquals(3, read.peers().size());
        assertEquals(Long.MIN_VALUE, read.peer(KnownPeer.Kind.CHANNEL, 1_000_000_001L).orElseThrow().accessHash());
    }

    @Test
    void aPeerCountLargerThanTheBytesLeftIsCorrupt() {
        byte[] encoded = SnapshotCodec.plain().encode(SessionSnapshot.empty());
        // the empty v2 body ends with: u8 no update state, i32 peer count
        ByteBuffer.wrap(encoded).putInt(encoded.length - 8, Integer.MAX_VALUE);
        refreshChecksum(encoded);
        SessionStoreException e = assertThrows(SessionStoreException.class, decoding(encoded));
        assertEquals(SessionStoreException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("count"), e.getMessage());
    }

    @Test
    void anUnknownPeerKindIsCorrupt() {
        SessionSnapshot one = SessionSnapshot.builder().peer(new KnownPeer(KnownPeer.Kind.USER, 1, 2)).build();
        byte[] encoded = SnapshotCodec.plain().encode(one);
        encoded[encoded.length - 4 - 17] = 9;
        refreshChecksum(encoded);
        SessionStoreException e = assertThrows(SessionStoreException.class, decoding(encoded));
        assertEquals(SessionStoreException.Kind.CORRUPT, e.kind());
    }

    @Test
    void emptySnapshotRoundTrips() {
        SnapshotCodec codec = SnapshotCodec.plain();
        assertEquals(SessionSnapshot.empty(), codec.decode(codec.encode(SessionSnapshot.empty()), "test"));
    }

    @Test
    void encodingStartsWithMagicAndVersion() {
        byte[] encoded = SnapshotCodec.plain().encode(SessionSnapshot.empty());
        assertEquals("HGSN", new String(encoded, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(SnapshotCodec.FORMAT_VERSION, ByteBuffer.wrap(encoded).getShort(4));
    }

    @Test
    void everyTruncationIsCorrupt() {
        byte[] encoded = SnapshotCodec.plain().encode(SessionFixtures.fullSnapshot());
        for (int length = 0; length < encoded.length; length++) {
            SessionStoreException e = assertThrows(SessionStoreException.class,
                    decoding(Arrays.copyOf(encoded, length)));
            assertEquals(SessionStoreException.Kind.CORRUPT, e.kind(), "length " + length);
            assertTrue(e.getMessage().contains("/tmp/x.session"), e.getMessage());
        }
    }

    @Test
    void everyFlippedBitIsDetected() {
        byte[] encoded = SnapshotCodec.plain().encode(SessionFixtures.fullSnapshot());
        for (int i = 0; i < encoded.length * 8; i++) {
            byte[] damaged = encoded.clone();
            damaged[i / 8] ^= (byte) (1 << (i % 8));
            SessionStoreException e = assertThrows(SessionStoreException.class, decoding(damaged), "bit " + i);
            assertTrue(e.kind() == SessionStoreException.Kind.CORRUPT
                    || e.kind() == SessionStoreException.Kind.UNSUPPORTED_VERSION
                    || e.kind() == SessionStoreException.Kind.INVALID, "bit " + i + ": " + e.kind());
        }
    }

    @Test
    void newerFormatVersionIsUnsupportedAndNamesTheSource() {
        byte[] encoded = SnapshotCodec.plain().encode(SessionSnapshot.empty());
        ByteBuffer.wrap(encoded).putShort(4, (short) (SnapshotCodec.FORMAT_VERSION + 1));
        SessionStoreException e = assertThrows(SessionStoreException.class, decoding(encoded));
        assertEquals(SessionStoreException.Kind.UNSUPPORTED_VERSION, e.kind());
        assertTrue(e.getMessage().contains("/tmp/x.session"));
    }

    @Test
    void validChecksumOverInvalidFieldsIsStillCorrupt() {
        byte[] encoded = SnapshotCodec.plain().encode(SessionFixtures.fullSnapshot());
        int keyIdOffset = indexOfFirstDcKeyId(encoded);
        encoded[keyIdOffset] ^= 1;
        refreshChecksum(encoded);
        SessionStoreException e = assertThrows(SessionStoreException.class, decoding(encoded));
        assertEquals(SessionStoreException.Kind.CORRUPT, e.kind());
    }

    @Test
    void sealedKeysRoundTripAndDoNotAppearInTheBytes() {
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        SnapshotCodec codec = SnapshotCodec.encrypting(AuthKeyEncryption.aesGcm(ENCRYPTION_KEY));
        byte[] encoded = codec.encode(snapshot);
        assertEquals(snapshot, codec.decode(encoded, "test"));
        String hex = HexFormat.of().formatHex(encoded);
        for (DcAuth dc : snapshot.dcs().values()) {
            assertFalse(hex.contains(HexFormat.of().formatHex(dc.authKey().bytes()).substring(0, 32)));
        }
    }

    @Test
    void sealedKeysNeedTheEncryptionKey() {
        byte[] encoded = SnapshotCodec.encrypting(AuthKeyEncryption.aesGcm(ENCRYPTION_KEY))
                .encode(SessionFixtures.fullSnapshot());
        SessionStoreException withoutKey = assertThrows(SessionStoreException.class,
                () -> SnapshotCodec.plain().decode(encoded, "test"));
        assertEquals(SessionStoreException.Kind.INVALID, withoutKey.kind());
        SessionStoreException wrongKey = assertThrows(SessionStoreException.class,
                () -> SnapshotCodec.encrypting(AuthKeyEncryption.aesGcm(new byte[32])).decode(encoded, "test"));
        assertEquals(SessionStoreException.Kind.INVALID, wrongKey.kind());
    }

    @Test
    void encryptingCodecReadsPlainSnapshots() {
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        byte[] plain = SnapshotCodec.plain().encode(snapshot);
        assertEquals(snapshot,
                SnapshotCodec.encrypting(AuthKeyEncryption.aesGcm(ENCRYPTION_KEY)).decode(plain, "test"));
    }

    @Test
    void encodingIsDeterministicWithoutEncryption() {
        SessionSnapshot snapshot = SessionFixtures.fullSnapshot();
        assertArrayEquals(SnapshotCodec.plain().encode(snapshot), SnapshotCodec.plain().encode(snapshot));
    }

    private static org.junit.jupiter.api.function.Executable decoding(byte[] data) {
        return () -> SnapshotCodec.plain().decode(data, "/tmp/x.session");
    }

    private static void refreshChecksum(byte[] encoded) {
        CRC32C crc = new CRC32C();
        crc.update(encoded, 0, encoded.length - 4);
        ByteBuffer.wrap(encoded).putInt(encoded.length - 4, (int) crc.getValue());
    }

    /** Finds DC 1's key id: the first DC entry follows "i32 dc=1" after the options. */
    private static int indexOfFirstDcKeyId(byte[] encoded) {
        long keyId = SnapshotCodec.plain().decode(encoded, "test").dc(1).orElseThrow().authKeyId();
        ByteBuffer buffer = ByteBuffer.wrap(encoded);
        for (int i = 0; i + 8 <= encoded.length; i++) {
            if (buffer.getLong(i) == keyId) {
                return i;
            }
        }
        throw new AssertionError("key id not found");
    }
}
