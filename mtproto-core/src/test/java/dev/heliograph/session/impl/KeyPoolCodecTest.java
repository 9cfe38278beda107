package dev.heliograph.session.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.KeyPool;
import dev.heliograph.session.SessionFixtures;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyPoolCodecTest {

    private final DcAuth first = SessionFixtures.newDc(2);
    private final DcAuth second = SessionFixtures.newDc(2);
    private final KeyPool pool = KeyPool.of(9, Set.of("host-a", "host-b"),
            List.of(new KeyPool.Entry(first, "host-a", 8, 123_456, false), new KeyPool.Entry(second, null, 0, 0, false)),
            List.of(), List.of(new KeyPool.Quarantined(5, "old")));

    @Test
    void aPoolDecodesToWhatWasEncoded() {
        assertEquals(pool, KeyPoolCodec.plain().decode(KeyPoolCodec.plain().encode(pool), "test"));
    }

    @Test
    void aSealedPoolDecodesOnlyWithItsKey() {
        KeyPoolCodec sealed = KeyPoolCodec.encrypting(AuthKeyEncryption.aesGcm(new byte[32]));
        byte[] data = sealed.encode(pool);
        assertEquals(pool, sealed.decode(data, "test"));
        assertEquals(SessionStoreException.Kind.INVALID,
                assertThrows(SessionStoreException.class, () -> KeyPoolCodec.plain().decode(data, "test")).kind());
    }

    @Test
    void anEntryFailingItsChecksumIsSetAsideAndTheOtherEntryStays() {
        byte[] data = KeyPoolCodec.plain().encode(pool);
        int firstEntryBody = entriesStart(data) + 2;
        data[firstEntryBody + 40] ^= 1;
        KeyPool decoded = KeyPoolCodec.plain().decode(data, "test");
        assertEquals(List.of(second), decoded.entries().stream().map(KeyPool.Entry::auth).toList());
        assertEquals(first.authKeyId(), decoded.damaged().get(0).authKeyId());
        assertTrue(decoded.damaged().get(0).reason().contains("checksum"));
    }

    @Test
    void damageOutsideTheEntriesMakesThePoolCorrupt() {
        byte[] data = KeyPoolCodec.plain().encode(pool);
        data[13] ^= 1;
        assertEquals(SessionStoreException.Kind.CORRUPT,
                assertThrows(SessionStoreException.class, () -> KeyPoolCodec.plain().decode(data, "test")).kind());
    }

    @Test
    void aNewerVersionIsUnsupported() {
        byte[] data = KeyPoolCodec.plain().encode(pool);
        data[5] = 2;
        assertEquals(SessionStoreException.Kind.UNSUPPORTED_VERSION,
                assertThrows(SessionStoreException.class, () -> KeyPoolCodec.plain().decode(data, "test")).kind());
    }

    @Test
    void badMagicTruncationAndAnEntryLengthPastTheEndAreCorrupt() {
        byte[] data = KeyPoolCodec.plain().encode(pool);
        byte[] magic = data.clone();
        magic[0] = 0;
        byte[] longEntry = data.clone();
        ByteBuffer.wrap(longEntry).putShort(entriesStart(data), (short) 0x7fff);
        for (byte[] bad : List.of(magic, Arrays.copyOf(data, data.length - 3), Arrays.copyOf(data, 10), longEntry)) {
            assertEquals(SessionStoreException.Kind.CORRUPT,
                    assertThrows(SessionStoreException.class, () -> KeyPoolCodec.plain().decode(bad, "test")).kind());
        }
    }

    @Test
    void theEncodingIsStableForAFixedPool() {
        KeyPool empty = KeyPool.of(1, Set.of("h"), List.of(), List.of(), List.of());
        byte[] data = KeyPoolCodec.plain().encode(empty);
        assertArrayEquals(new byte[] {0x48, 0x47, 0x4b, 0x50, 0, 1, 0, 0}, Arrays.copyOf(data, 8));
        assertEquals(empty, KeyPoolCodec.plain().decode(data, "test"));
    }

    /** Where the entry count ends: after the header, its hosts, quarantine and header checksum. */
    private static int entriesStart(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        in.position(16);
        int hosts = Short.toUnsignedInt(in.getShort());
        for (int i = 0; i < hosts; i++) {
            skipString(in);
        }
        int aside = Short.toUnsignedInt(in.getShort());
        for (int i = 0; i < aside; i++) {
            in.position(in.position() + 8);
            skipString(in);
        }
        return in.position() + 4 + 2;
    }

    private static void skipString(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        in.position(in.position() + length);
    }
}
