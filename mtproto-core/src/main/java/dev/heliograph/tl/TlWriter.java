package dev.heliograph.tl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes TL values, little-endian, into a growable buffer. Not thread-safe; reuse one per thread
 * with {@link #reset()}.
 */
public final class TlWriter {

    /** Constructor id of {@code vector}. */
    public static final int VECTOR_ID = 0x1cb5c415;
    /** Constructor id of {@code boolTrue}. */
    public static final int BOOL_TRUE_ID = 0x997275b5;
    /** Constructor id of {@code boolFalse}. */
    public static final int BOOL_FALSE_ID = 0xbc799737;

    private byte[] buf;
    private int pos;

    /** Creates a writer with a small initial buffer. */
    public TlWriter() {
        this(256);
    }

    /**
     * Creates a writer.
     *
     * @param initialCapacity starting buffer size in bytes
     */
    public TlWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /**
     * Returns how many bytes have been written.
     *
     * @return the current size
     */
    public int size() {
        return pos;
    }

    /** Forgets everything written, keeping the buffer. */
    public void reset() {
        pos = 0;
    }

    /**
     * Returns a copy of what has been written.
     *
     * @return a new array of {@link #size()} bytes
     */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /**
     * Returns the internal buffer; only the first {@link #size()} bytes are meaningful. Valid until
     * the next write.
     *
     * @return the backing array
     */
    public byte[] buffer() {
        return buf;
    }

    private void ensure(int extra) {
        int need = pos + extra;
        if (need < 0) {
            throw new IllegalStateException("TL writer buffer overflow");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    /**
     * Reserves {@code n} bytes (zero-filled) to be patched later with {@link #setInt} or
     * {@link #setLong}.
     *
     * @param n how many bytes
     * @return the offset of the reserved area
     */
    public int skip(int n) {
        ensure(n);
        Arrays.fill(buf, pos, pos + n, (byte) 0);
        int at = pos;
        pos += n;
        return at;
    }

    /**
     * Writes a 32-bit integer.
     *
     * @param v the value
     */
    public void writeInt(int v) {
        ensure(4);
        setInt(pos, v);
        pos += 4;
    }

    /**
     * Overwrites a 32-bit integer at an earlier offset.
     *
     * @param at the offset
     * @param v the value
     */
    public void setInt(int at, int v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
        buf[at + 2] = (byte) (v >>> 16);
        buf[at + 3] = (byte) (v >>> 24);
    }

    /**
     * Writes a 64-bit integer.
     *
     * @param v the value
     */
    public void writeLong(long v) {
        ensure(8);
        setLong(pos, v);
        pos += 8;
    }

    /**
     * Overwrites a 64-bit integer at an earlier offset.
     *
     * @param at the offset
     * @param v the value
     */
    public void setLong(int at, long v) {
        setInt(at, (int) v);
        setInt(at + 4, (int) (v >>> 32));
    }

    /**
     * Writes a double.
     *
     * @param v the value
     */
    public void writeDouble(double v) {
        writeLong(Double.doubleToRawLongBits(v));
    }

    /**
     * Writes a boxed {@code Bool}.
     *
     * @param v the value
     */
    public void writeBool(boolean v) {
        writeInt(v ? BOOL_TRUE_ID : BOOL_FALSE_ID);
    }

    /**
     * Writes raw bytes with no length prefix or padding.
     *
     * @param data the bytes
     * @param offset where they start
     * @param length how many
     */
    public void writeRaw(byte[] data, int offset, int length) {
        ensure(length);
        System.arraycopy(data, offset, buf, pos, length);
        pos += length;
    }

    /**
     * Writes raw bytes with no length prefix or padding.
     *
     * @param data the bytes
     */
    public void writeRaw(byte[] data) {
        writeRaw(data, 0, data.length);
    }

    /**
     * Writes a fixed-size {@code int128}.
     *
     * @param v exactly 16 bytes
     */
    public void writeInt128(Bytes v) {
        writeFixed(v, 16);
    }

    /**
     * Writes a fixed-size {@code int256}.
     *
     * @param v exactly 32 bytes
     */
    public void writeInt256(Bytes v) {
        writeFixed(v, 32);
    }

    private void writeFixed(Bytes v, int size) {
        if (v.length() != size) {
            throw new IllegalArgumentException("expected " + size + " bytes, got " + v.length());
        }
        writeRaw(v.array(), 0, size);
    }

    /**
     * Writes TL {@code bytes}: a length prefix, the data and zero padding to 4 bytes.
     *
     * @param v the value
     */
    public void writeBytes(Bytes v) {
        writeBytes(v.array(), 0, v.length());
    }

    /**
     * Writes TL {@code bytes} from part of an array.
     *
     * @param data the source
     * @param offset where the value starts
     * @param length its length, below 2^24
     */
    public void writeBytes(byte[] data, int offset, int length) {
        if (length >= 1 << 24) {
            throw new IllegalArgumentException("TL bytes longer than 16 MiB cannot be encoded");
        }
        int header = length <= 253 ? 1 : 4;
        int padded = (header + length + 3) & ~3;
        ensure(padded);
        if (header == 1) {
            buf[pos] = (byte) length;
        } else {
            buf[pos] = (byte) 254;
            buf[pos + 1] = (byte) length;
            buf[pos + 2] = (byte) (length >>> 8);
            buf[pos + 3] = (byte) (length >>> 16);
        }
        System.arraycopy(data, offset, buf, pos + header, length);
        Arrays.fill(buf, pos + header + length, pos + padded, (byte) 0);
        pos += padded;
    }

    /**
     * Writes TL {@code string} as UTF-8 {@code bytes}.
     *
     * @param v the text
     */
    public void writeString(String v) {
        byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
        writeBytes(utf8, 0, utf8.length);
    }

    /**
     * Writes a boxed object.
     *
     * @param v the value
     */
    public void writeObject(TlObject v) {
        v.serialize(this);
    }

    /**
     * Writes a boxed {@code Vector<T>} of boxed objects.
     *
     * @param items the elements
     */
    public void writeObjectVector(List<? extends TlObject> items) {
        writeInt(VECTOR_ID);
        writeInt(items.size());
        for (TlObject item : items) {
            item.serialize(this);
        }
    }

    /**
     * Writes a boxed {@code Vector<int>}.
     *
     * @param items the elements
     */
    public void writeIntVector(List<Integer> items) {
        writeInt(VECTOR_ID);
        writeInt(items.size());
        for (int item : items) {
            writeInt(item);
        }
    }

    /**
     * Writes a boxed {@code Vector<long>}.
     *
     * @param items the elements
     */
    public void writeLongVector(List<Long> items) {
        writeInt(VECTOR_ID);
        writeInt(items.size());
        for (long item : items) {
            writeLong(item);
        }
    }
}
