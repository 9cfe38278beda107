package dev.heliograph.tl;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: TL {@code bytes}, {@code int128} and {@code int256} values.
 *
 * <p>{@link #toString()} never prints the content (bytes fields may hold keys or tokens); use
 * {@link #toHex()} where printing is wanted. {@link #equals(Object)} compares in constant time.
 */
public final class Bytes {

    /** The empty byte string. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /**
     * Returns a byte string holding a copy of {@code data}.
     *
     * @param data the content
     * @return a new byte string
     */
    public static Bytes of(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    /**
     * Returns a byte string holding a copy of part of {@code data}.
     *
     * @param data the source
     * @param offset where the content starts
     * @param length how many bytes
     * @return a new byte string
     */
    public static Bytes of(byte[] data, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length));
    }

    /**
     * Returns a byte string over {@code data} without copying it. The caller hands the array over
     * and must never change it again.
     *
     * @param data the content, owned by the result from now on
     * @return a byte string sharing {@code data}
     */
    public static Bytes wrap(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data);
    }

    /**
     * Parses hexadecimal text (white space ignored).
     *
     * @param hex the text
     * @return the bytes it spells
     */
    public static Bytes fromHex(String hex) {
        return wrap(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
    }

    /**
     * Returns the number of bytes.
     *
     * @return the length
     */
    public int length() {
        return data.length;
    }

    /**
     * Returns one byte.
     *
     * @param index its position
     * @return the byte
     */
    public byte byteAt(int index) {
        return data[index];
    }

    /**
     * Returns a copy of the content.
     *
     * @return a new array
     */
    public byte[] toByteArray() {
        return data.clone();
    }

    /**
     * Copies the content into {@code target}.
     *
     * @param target the destination array
     * @param offset where to start writing in it
     */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(data, 0, target, offset, data.length);
    }

    /**
     * Returns the content as lowercase hexadecimal.
     *
     * @return the hex text
     */
    public String toHex() {
        return HexFormat.of().formatHex(data);
    }

    /** Package-private: writers copy from the array without an extra clone. */
    byte[] array() {
        return data;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes b && MessageDigest.isEqual(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    /** Returns the length only, never the content. */
    @Override
    public String toString() {
        return "Bytes[" + data.length + "]";
    }
}
