package dev.heliograph.tl;

import dev.heliograph.error.TlDecodeException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads TL values from a byte array, strictly: every length is checked against what is left and
 * against {@link TlLimits}, and every failure is a {@link TlDecodeException} saying where.
 *
 * <p>{@code gzip_packed} is unpacked transparently wherever a boxed object or vector is read. A
 * reader, the readers {@link #inflate} returns and the readers {@link #sibling} makes share one
 * inflate budget of {@link TlLimits#maxInflatedSize()}: one packet cannot inflate to more than that
 * however many {@code gzip_packed} it holds. Not thread-safe.
 */
public final class TlReader {

    /** Constructor id of {@code gzip_packed}. */
    public static final int GZIP_PACKED_ID = 0x3072cfa1;

    private final byte[] buf;
    private final int start;
    private final int end;
    private final TlRegistry registry;
    private final TlLimits limits;
    /** Bytes that gzip_packed payloads may still inflate to, shared by related readers. */
    private final int[] inflateBudget;
    private int pos;
    private int depth;
    private int context;

    /**
     * Creates a reader over a whole array.
     *
     * @param data the bytes
     * @param registry constructors that boxed objects may use
     */
    public TlReader(byte[] data, TlRegistry registry) {
        this(data, 0, data.length, registry, TlLimits.DEFAULT);
    }

    /**
     * Creates a reader over part of an array.
     *
     * @param data the bytes
     * @param offset where reading starts
     * @param length how many bytes may be read
     * @param registry constructors that boxed objects may use
     * @param limits bounds to enforce
     * @throws TlDecodeException if the range is larger than {@code limits.maxMessageSize()}
     */
    public TlReader(byte[] data, int offset, int length, TlRegistry registry, TlLimits limits) {
        this(data, offset, length, registry, limits, new int[] {limits.maxInflatedSize()});
    }

    private TlReader(byte[] data, int offset, int length, TlRegistry registry, TlLimits limits, int[] inflateBudget) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("range outside the array");
        }
        if (length > limits.maxMessageSize()) {
            throw new TlDecodeException("message of " + length + " bytes exceeds the limit of "
                    + limits.maxMessageSize(), 0, 0);
        }
        this.buf = data;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
        this.registry = registry;
        this.limits = limits;
        this.inflateBudget = inflateBudget;
    }

    private TlReader(TlReader parent, byte[] inflated) {
        this(inflated, 0, inflated.length, parent.registry, parent.limits, parent.inflateBudget);
        // gzip_packed inside gzip_packed counts as nesting, so packed layers cannot recurse unbounded
        this.depth = parent.depth + 1;
        this.context = parent.context;
    }

    /**
     * Creates a reader over other bytes of the same input (a message of a packet, or a result
     * inside it) with this reader's registry and limits, sharing its inflate budget.
     *
     * @param data the bytes
     * @param offset where reading starts
     * @param length how many bytes may be read
     * @return the reader, at {@code offset}
     * @throws TlDecodeException if the range is larger than the message size limit
     */
    public TlReader sibling(byte[] data, int offset, int length) {
        return new TlReader(data, offset, length, registry, limits, inflateBudget);
    }

    /**
     * Returns the registry this reader resolves constructors with.
     *
     * @return the registry
     */
    public TlRegistry registry() {
        return registry;
    }

    /**
     * Returns the limits this reader enforces.
     *
     * @return the limits
     */
    public TlLimits limits() {
        return limits;
    }

    /**
     * Returns the offset of the next byte, relative to where this reader started.
     *
     * @return the position
     */
    public int position() {
        return pos - start;
    }

    /**
     * Returns how many bytes are left.
     *
     * @return the remaining byte count
     */
    public int remaining() {
        return end - pos;
    }

    /**
     * Fails unless every byte has been consumed.
     *
     * @throws TlDecodeException if bytes are left over
     */
    public void requireEnd() {
        if (pos != end) {
            throw error(remaining() + " trailing bytes");
        }
    }

    /**
     * Builds a decode error at the current position and constructor.
     *
     * @param problem what is wrong
     * @return the exception, to be thrown by the caller
     */
    public TlDecodeException error(String problem) {
        return new TlDecodeException(problem, position(), context);
    }

    private void need(int n) {
        if (n > end - pos) {
            throw error("truncated: need " + n + " bytes, " + (end - pos) + " left");
        }
    }

    /**
     * Reads a 32-bit integer.
     *
     * @return the value
     */
    public int readInt() {
        need(4);
        int v = intAt(pos);
        pos += 4;
        return v;
    }

    /**
     * Reads a 64-bit integer.
     *
     * @return the value
     */
    public long readLong() {
        need(8);
        long lo = intAt(pos) & 0xffffffffL;
        long hi = intAt(pos + 4) & 0xffffffffL;
        pos += 8;
        return lo | hi << 32;
    }

    private int intAt(int at) {
        return (buf[at] & 0xff) | (buf[at + 1] & 0xff) << 8 | (buf[at + 2] & 0xff) << 16 | (buf[at + 3] & 0xff) << 24;
    }

    /**
     * Reads a double.
     *
     * @return the value
     */
    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    /**
     * Reads a boxed {@code Bool}.
     *
     * @return the value
     * @throws TlDecodeException if the constructor is neither boolTrue nor boolFalse
     */
    public boolean readBool() {
        int id = readInt();
        if (id == TlWriter.BOOL_TRUE_ID) {
            return true;
        }
        if (id == TlWriter.BOOL_FALSE_ID) {
            return false;
        }
        pos -= 4;
        throw error(String.format("expected Bool, got constructor #%08x", id));
    }

    /**
     * Reads {@code n} raw bytes.
     *
     * @param n how many
     * @return a new array
     */
    public byte[] readRaw(int n) {
        if (n < 0) {
            throw error("negative length " + n);
        }
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    /**
     * Reads a fixed 16-byte {@code int128}.
     *
     * @return the value
     */
    public Bytes readInt128() {
        return Bytes.wrap(readRaw(16));
    }

    /**
     * Reads a fixed 32-byte {@code int256}.
     *
     * @return the value
     */
    public Bytes readInt256() {
        return Bytes.wrap(readRaw(32));
    }

    /**
     * Reads TL {@code bytes}, checking the length prefix and the padding bound.
     *
     * @return the raw content
     */
    public byte[] readByteArray() {
        need(1);
        int len = buf[pos] & 0xff;
        int header = 1;
        if (len == 254) {
            need(4);
            len = (buf[pos + 1] & 0xff) | (buf[pos + 2] & 0xff) << 8 | (buf[pos + 3] & 0xff) << 16;
            header = 4;
        } else if (len == 255) {
            throw error("invalid bytes length prefix 0xff");
        }
        if (len > limits.maxMessageSize()) {
            throw error("bytes of " + len + " exceed the limit");
        }
        int padded = (header + len + 3) & ~3;
        need(padded);
        byte[] out = new byte[len];
        System.arraycopy(buf, pos + header, out, 0, len);
        pos += padded;
        return out;
    }

    /**
     * Reads TL {@code bytes}.
     *
     * @return the content
     */
    public Bytes readBytes() {
        return Bytes.wrap(readByteArray());
    }

    /**
     * Reads TL {@code string}, which must be valid UTF-8.
     *
     * @return the text
     */
    public String readString() {
        int at = pos;
        byte[] raw = readByteArray();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new TlDecodeException("string is not valid UTF-8", at - start, context, e);
        }
    }

    /**
     * Reads a boxed object of any constructor the registry knows, unpacking {@code gzip_packed}.
     *
     * @return the value
     */
    public TlObject readObject() {
        int at = pos;
        int id = readInt();
        if (id == GZIP_PACKED_ID) {
            TlReader inner = inflate();
            TlObject value = inner.readObject();
            inner.requireEnd();
            return value;
        }
        TlDeserializer<?> d = registry.find(id);
        if (d == null) {
            pos = at;
            throw error(String.format("unknown constructor #%08x", id));
        }
        if (++depth > limits.maxDepth()) {
            throw error("objects nested deeper than " + limits.maxDepth());
        }
        int outer = context;
        context = id;
        try {
            return d.readBody(this);
        } finally {
            context = outer;
            depth--;
        }
    }

    /**
     * Reads a boxed object and checks that it is of the expected Java type.
     *
     * @param type the expected type (a generated interface or record)
     * @param <T> the expected type
     * @return the value
     */
    public <T> T readObject(Class<T> type) {
        int at = pos;
        TlObject value = readObject();
        if (!type.isInstance(value)) {
            throw new TlDecodeException(String.format("expected %s, got constructor #%08x",
                    type.getSimpleName(), value.constructorId()), at - start, context);
        }
        return type.cast(value);
    }

    /**
     * Reads the element count of a bare vector, bounded by the limits and by what is left.
     *
     * @param minElementSize the smallest encoding of one element, in bytes (at least 1)
     * @return the count
     */
    public int readVectorCount(int minElementSize) {
        int count = readInt();
        if (count < 0) {
            throw error("negative vector length " + count);
        }
        if (count > limits.maxVectorLength()) {
            throw error("vector of " + count + " elements exceeds the limit");
        }
        if ((long) count * Math.max(1, minElementSize) > remaining()) {
            throw error("vector of " + count + " elements cannot fit in " + remaining() + " bytes");
        }
        return count;
    }

    /**
     * Reads a boxed {@code Vector<T>} (or a {@code gzip_packed} one).
     *
     * @param minElementSize the smallest encoding of one element, in bytes
     * @param element reads one element; must not return {@code null}
     * @param <T> the element type
     * @return an immutable list
     */
    public <T> List<T> readVector(int minElementSize, Function<TlReader, T> element) {
        int at = pos;
        int id = readInt();
        if (id == GZIP_PACKED_ID) {
            TlReader inner = inflate();
            List<T> value = inner.readVector(minElementSize, element);
            inner.requireEnd();
            return value;
        }
        if (id != TlWriter.VECTOR_ID) {
            pos = at;
            throw error(String.format("expected vector, got constructor #%08x", id));
        }
        return readBareVector(minElementSize, element);
    }

    /**
     * Reads a bare {@code vector<t>}: a count and the elements, with no constructor id.
     *
     * @param minElementSize the smallest encoding of one element, in bytes
     * @param element reads one element; must not return {@code null}
     * @param <T> the element type
     * @return an immutable list
     */
    public <T> List<T> readBareVector(int minElementSize, Function<TlReader, T> element) {
        int count = readVectorCount(minElementSize);
        if (count == 0) {
            return List.of();
        }
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(element.apply(this));
        }
        // List.copyOf: generated records copy their lists with List.copyOf, which keeps this one as is
        return List.copyOf(out);
    }

    /**
     * Reads the payload of a {@code gzip_packed} whose id was just consumed, and returns a reader
     * over the inflated bytes.
     *
     * @return a reader over the inflated payload
     */
    public TlReader inflate() {
        int at = pos;
        if (depth + 1 > limits.maxDepth()) {
            throw error("gzip_packed nested deeper than " + limits.maxDepth());
        }
        byte[] packed = readByteArray();
        Inflater inflater = new Inflater(true);
        try {
            int offset = gzipHeaderLength(packed, at);
            inflater.setInput(packed, offset, packed.length - offset);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(packed.length * 4, 1 << 16));
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new TlDecodeException("gzip_packed payload is truncated", at - start, context);
                }
                if (out.size() + n > inflateBudget[0]) {
                    throw new TlDecodeException("gzip_packed payloads inflate past the limit of "
                            + limits.maxInflatedSize() + " bytes", at - start, context);
                }
                out.write(chunk, 0, n);
            }
            inflateBudget[0] -= out.size();
            byte[] inflated = out.toByteArray();
            checkTrailer(packed, inflater.getRemaining(), inflated, at);
            if (inflated.length >= 4 && le32(inflated, 0) == GZIP_PACKED_ID) {
                // Nobody packs twice; allowing it would let layers multiply the work per byte.
                throw new TlDecodeException("gzip_packed inside gzip_packed", at - start, context);
            }
            return new TlReader(this, inflated);
        } catch (DataFormatException e) {
            throw new TlDecodeException("gzip_packed payload is not valid deflate data", at - start, context, e);
        } finally {
            inflater.end();
        }
    }

    /**
     * RFC 1952 trailer: exactly CRC32 and ISIZE follow the deflate stream. Bytes after it would be
     * ignored by a lenient reader, and a hostile peer could hide anything there.
     */
    private void checkTrailer(byte[] packed, int remaining, byte[] inflated, int at) {
        if (remaining != 8) {
            throw new TlDecodeException("gzip_packed has " + remaining
                    + " bytes after the deflate stream, 8 (CRC32 and size) expected", at - start, context);
        }
        int t = packed.length - 8;
        CRC32 crc = new CRC32();
        crc.update(inflated);
        long expectedCrc = le32(packed, t) & 0xffffffffL;
        int expectedSize = le32(packed, t + 4);
        if (crc.getValue() != expectedCrc || expectedSize != inflated.length) {
            throw new TlDecodeException("gzip_packed trailer does not match the inflated payload", at - start, context);
        }
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    /** RFC 1952 header: magic, method, flags, then optional extra/name/comment/crc fields. */
    private int gzipHeaderLength(byte[] g, int at) {
        if (g.length < 10 || (g[0] & 0xff) != 0x1f || (g[1] & 0xff) != 0x8b || g[2] != 8) {
            throw new TlDecodeException("gzip_packed payload has no gzip header", at - start, context);
        }
        int flags = g[3] & 0xff;
        int p = 10;
        if ((flags & 4) != 0) {
            if (p + 2 > g.length) {
                throw new TlDecodeException("gzip header is truncated", at - start, context);
            }
            p += 2 + ((g[p] & 0xff) | (g[p + 1] & 0xff) << 8);
        }
        for (int bit : new int[] {8, 16}) {
            if ((flags & bit) != 0) {
                while (p < g.length && g[p] != 0) {
                    p++;
                }
                p++;
            }
        }
        if ((flags & 2) != 0) {
            p += 2;
        }
        if (p > g.length) {
            throw new TlDecodeException("gzip header is truncated", at - start, context);
        }
        return p;
    }
}
