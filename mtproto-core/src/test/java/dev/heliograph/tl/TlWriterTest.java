package dev.heliograph.tl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TlWriterTest {

    private static byte[] bytesOf(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i + 1);
        }
        return b;
    }

    @Test
    void shortBytesHaveAOneByteLengthAndPadToFour() {
        TlWriter w = new TlWriter();
        w.writeBytes(Bytes.of(bytesOf(1)));
        assertArrayEquals(new byte[] {1, 1, 0, 0}, w.toByteArray());
        w.reset();
        w.writeBytes(Bytes.of(bytesOf(3)));
        assertArrayEquals(new byte[] {3, 1, 2, 3}, w.toByteArray());
        w.reset();
        w.writeBytes(Bytes.EMPTY);
        assertArrayEquals(new byte[] {0, 0, 0, 0}, w.toByteArray());
        w.reset();
        w.writeBytes(Bytes.of(bytesOf(253)));
        assertEquals(256, w.size());
        assertEquals(253, w.buffer()[0] & 0xff);
    }

    @Test
    void longBytesHaveA254MarkerAndThreeLengthBytes() {
        TlWriter w = new TlWriter();
        w.writeBytes(Bytes.of(bytesOf(254)));
        byte[] out = w.toByteArray();
        assertEquals(260, out.length);
        assertArrayEquals(new byte[] {(byte) 254, (byte) 254, 0, 0, 1}, java.util.Arrays.copyOf(out, 5));
        w.reset();
        w.writeBytes(bytesOf(70_001), 0, 70_001);
        out = w.toByteArray();
        assertEquals(70_001 + 4 + 3, out.length);
        assertArrayEquals(new byte[] {(byte) 254, 0x71, 0x11, 0x01}, java.util.Arrays.copyOf(out, 4));
        assertEquals(0, out[out.length - 1]);
    }

    @Test
    void stringsAreUtf8Bytes() {
        TlWriter w = new TlWriter();
        w.writeString("é");
        assertArrayEquals(new byte[] {2, (byte) 0xc3, (byte) 0xa9, 0}, w.toByteArray());
    }

    @Test
    void numbersAreLittleEndian() {
        TlWriter w = new TlWriter();
        w.writeInt(0x01020304);
        w.writeLong(0x1122334455667788L);
        w.writeDouble(1.0);
        w.writeBool(false);
        assertEquals("04030201" + "8877665544332211" + "000000000000f03f" + "379779bc",
                Bytes.wrap(w.toByteArray()).toHex());
    }

    @Test
    void vectorsAreBoxedWithACount() {
        TlWriter w = new TlWriter();
        w.writeIntVector(List.of(7));
        w.writeLongVector(List.of());
        assertEquals("15c4b51c" + "01000000" + "07000000" + "15c4b51c" + "00000000", Bytes.wrap(w.toByteArray()).toHex());
    }

    @Test
    void reservedAreasArePatchedLater() {
        TlWriter w = new TlWriter(1);
        int at = w.skip(12);
        w.writeInt(5);
        w.setInt(at, 0x0a0b0c0d);
        w.setLong(at + 4, -1L);
        assertEquals("0d0c0b0a" + "ffffffffffffffff" + "05000000", Bytes.wrap(w.toByteArray()).toHex());
    }

    @Test
    void fixedSizeIntegersMustHaveTheirSize() {
        TlWriter w = new TlWriter();
        assertThrows(IllegalArgumentException.class, () -> w.writeInt128(Bytes.wrap(new byte[15])));
        assertThrows(IllegalArgumentException.class, () -> w.writeInt256(Bytes.wrap(new byte[16])));
        w.writeInt256(Bytes.wrap(bytesOf(32)));
        assertEquals(32, w.size());
    }

    @Test
    void bytesOf16MiBCannotBeEncoded() {
        assertThrows(IllegalArgumentException.class, () -> new TlWriter().writeBytes(new byte[1 << 24], 0, 1 << 24));
    }
}
