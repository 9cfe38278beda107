package dev.heliograph.tl;

import dev.heliograph.error.TlDecodeException;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.BaseDataJSON;
import dev.heliograph.tl.api.JSONValue;
import dev.heliograph.tl.api.JsonArray;
import dev.heliograph.tl.api.JsonNull;
import dev.heliograph.tl.api.JsonString;
import dev.heliograph.tl.mtproto.BaseMsgsAck;
import dev.heliograph.tl.mtproto.BasePong;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import dev.heliograph.tl.mtproto.Pong;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlReaderTest {

    private static final TlRegistry REGISTRY = TlRegistry.union(MtprotoSchema.registry(), ApiSchema.registry());

    private static TlReader reader(byte[] data) {
        return new TlReader(data, REGISTRY);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] gzipPacked(byte[] payload) throws IOException {
        TlWriter w = new TlWriter();
        w.writeInt(TlReader.GZIP_PACKED_ID);
        w.writeBytes(Bytes.wrap(gzip(payload)));
        return w.toByteArray();
    }

    private static TlDecodeException failure(byte[] data) {
        return assertThrows(TlDecodeException.class, () -> {
            TlReader r = reader(data);
            r.readObject();
            r.requireEnd();
        });
    }

    @Test
    void readsBytesOfEveryLengthInBothForms() {
        for (int n = 0; n < 600; n++) {
            byte[] value = new byte[n];
            Arrays.fill(value, (byte) n);
            TlWriter w = new TlWriter();
            w.writeBytes(Bytes.wrap(value));
            w.writeInt(0x5a5a5a5a);
            TlReader r = reader(w.toByteArray());
            assertArrayEquals(value, r.readByteArray(), "length " + n);
            assertEquals(0x5a5a5a5a, r.readInt(), "padding of length " + n);
            r.requireEnd();
        }
    }

    @Test
    void readsUtf8Strings() {
        TlWriter w = new TlWriter();
        w.writeString("Привет, 世界 😀");
        assertEquals("Привет, 世界 😀", reader(w.toByteArray()).readString());
    }

    @Test
    void rejectsStringsThatAreNotUtf8() {
        TlWriter w = new TlWriter();
        w.writeInt(0);
        w.writeBytes(Bytes.wrap(new byte[] {'o', 'k', (byte) 0xc3, (byte) 0x28}));
        TlReader r = reader(w.toByteArray());
        r.readInt();
        TlDecodeException e = assertThrows(TlDecodeException.class, r::readString);
        assertEquals(4, e.offset());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void rejectsTheReservedLengthPrefix() {
        TlDecodeException e = assertThrows(TlDecodeException.class,
                () -> reader(new byte[] {(byte) 0xff, 0, 0, 0}).readBytes());
        assertEquals(0, e.offset());
    }

    @Test
    void rejectsBytesLongerThanWhatIsLeft() {
        TlWriter w = new TlWriter();
        w.writeInt(BasePong.CONSTRUCTOR_ID);
        w.writeLong(1);
        w.writeLong(2);
        byte[] pong = w.toByteArray();
        TlWriter s = new TlWriter();
        s.writeInt(0);
        s.writeRaw(new byte[] {(byte) 254, (byte) 0xff, (byte) 0xff, 0x00, 1, 2, 3, 4});
        TlReader r = reader(s.toByteArray());
        r.readInt();
        TlDecodeException e = assertThrows(TlDecodeException.class, r::readBytes);
        assertEquals(4, e.offset());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(new BasePong(1, 2), reader(pong).readObject());
    }

    @Test
    void truncatedDataIsADecodeErrorInsideTheConstructor() {
        byte[] full = RoundTrip.encode(new BasePong(1, 2));
        for (int cut = 0; cut < full.length; cut++) {
            TlDecodeException e = failure(Arrays.copyOf(full, cut));
            if (cut >= 4) {
                assertEquals(BasePong.CONSTRUCTOR_ID, e.constructorId(), "cut at " + cut);
                assertEquals(cut < 12 ? 4 : 12, e.offset(), "cut at " + cut);
            } else {
                assertEquals(0, e.constructorId());
                assertEquals(0, e.offset());
            }
        }
    }

    @Test
    void unknownConstructorsAreReportedWhereTheyStart() {
        TlDecodeException top = failure(new byte[] {1, 2, 3, 4});
        assertEquals(0, top.offset());
        assertEquals(0, top.constructorId());
        assertTrue(top.getMessage().contains("unknown constructor #04030201"), top.getMessage());

        TlWriter w = new TlWriter();
        w.writeInt(JsonArray.CONSTRUCTOR_ID);
        w.writeInt(TlWriter.VECTOR_ID);
        w.writeInt(2);
        new JsonNull().serialize(w);
        w.writeInt(0x0badf00d);
        TlDecodeException nested = failure(w.toByteArray());
        assertEquals(16, nested.offset());
        assertEquals(JsonArray.CONSTRUCTOR_ID, nested.constructorId());
    }

    @Test
    void rejectsNegativeAndAbsurdVectorCounts() {
        for (int count : new int[] {-1, Integer.MIN_VALUE, 1_000_001, 3}) {
            TlWriter w = new TlWriter();
            w.writeInt(BaseMsgsAck.CONSTRUCTOR_ID);
            w.writeInt(TlWriter.VECTOR_ID);
            w.writeInt(count);
            w.writeLong(1);
            TlDecodeException e = failure(w.toByteArray());
            assertEquals(12, e.offset(), "count " + count);
            assertEquals(BaseMsgsAck.CONSTRUCTOR_ID, e.constructorId());
        }
    }

    @Test
    void readsVectors() {
        BaseMsgsAck ack = new BaseMsgsAck(List.of(1L, -2L, Long.MAX_VALUE));
        RoundTrip.check(ack, REGISTRY);
        TlReader r = reader(RoundTrip.encode(ack));
        r.readInt();
        List<Long> ids = r.readVector(8, TlReader::readLong);
        assertEquals(ack.msgIds(), ids);
        assertThrows(UnsupportedOperationException.class, () -> ids.add(0L));
    }

    @Test
    void rejectsAVectorWithTheWrongConstructor() {
        TlWriter w = new TlWriter();
        w.writeInt(BaseMsgsAck.CONSTRUCTOR_ID);
        w.writeInt(0x12345678);
        TlDecodeException e = failure(w.toByteArray());
        assertEquals(4, e.offset());
        assertTrue(e.getMessage().contains("expected vector"), e.getMessage());
    }

    @Test
    void gzipPackedObjectsAreUnpackedTransparently() throws IOException {
        BasePong pong = new BasePong(5, 6);
        TlObject read = reader(gzipPacked(RoundTrip.encode(pong))).readObject();
        assertEquals(pong, read);
        Pong typed = reader(gzipPacked(RoundTrip.encode(pong))).readObject(Pong.class);
        assertEquals(pong, typed);
    }

    @Test
    void gzipPackedVectorsAreUnpackedTransparently() throws IOException {
        TlWriter inner = new TlWriter();
        inner.writeLongVector(List.of(7L, 8L));
        TlWriter w = new TlWriter();
        w.writeInt(BaseMsgsAck.CONSTRUCTOR_ID);
        w.writeRaw(gzipPacked(inner.toByteArray()));
        assertEquals(new BaseMsgsAck(List.of(7L, 8L)), reader(w.toByteArray()).readObject());
    }

    @Test
    void gzipPackedWithTrailingGarbageIsRejected() throws IOException {
        byte[] payload = Arrays.copyOf(RoundTrip.encode(new BasePong(5, 6)), 24);
        TlDecodeException e = failure(gzipPacked(payload));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @Test
    void corruptGzipIsADecodeError() throws IOException {
        byte[] packed = gzipPacked(RoundTrip.encode(new BasePong(5, 6)));
        // id (4), length prefix (1), then the gzip member: magic at 5, deflate data from 15
        byte[] noHeader = packed.clone();
        noHeader[5] = 0;
        assertTrue(failure(noHeader).getMessage().contains("gzip header"));
        byte[] badDeflate = packed.clone();
        for (int i = 15; i < 21; i++) {
            badDeflate[i] = (byte) 0xff;
        }
        failure(badDeflate);
        TlWriter w = new TlWriter();
        w.writeInt(TlReader.GZIP_PACKED_ID);
        byte[] gz = gzip(RoundTrip.encode(new BasePong(5, 6)));
        w.writeBytes(Bytes.wrap(Arrays.copyOf(gz, gz.length - 14)));
        assertTrue(failure(w.toByteArray()).getMessage().contains("truncated"));
    }

    @Test
    void inflateBombsStopAtTheLimit() throws IOException {
        TlLimits limits = new TlLimits(1 << 20, 1000, 1 << 20, 64);
        byte[] zeros = new byte[4 << 20];
        byte[] packed = gzipPacked(zeros);
        assertTrue(packed.length < 1 << 20);
        TlDecodeException e = assertThrows(TlDecodeException.class,
                () -> new TlReader(packed, 0, packed.length, REGISTRY, limits).readObject());
        assertEquals(4, e.offset());
        assertTrue(e.getMessage().contains("past the limit"), e.getMessage());
    }

    @Test
    void nestingDeeperThanTheLimitIsRejected() {
        JSONValue value = new JsonNull();
        for (int i = 0; i < 70; i++) {
            value = new JsonArray(List.of(value));
        }
        byte[] deep = RoundTrip.encode(value);
        TlDecodeException e = failure(deep);
        assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());
        assertEquals(JsonArray.CONSTRUCTOR_ID, e.constructorId());

        JSONValue shallow = new JsonNull();
        for (int i = 0; i < 60; i++) {
            shallow = new JsonArray(List.of(shallow));
        }
        RoundTrip.check(shallow, REGISTRY);
    }

    @Test
    void gzipInsideGzipIsRejected() throws IOException {
        byte[] twice = gzipPacked(gzipPacked(RoundTrip.encode(new BasePong(1, 2))));
        assertTrue(failure(twice).getMessage().contains("gzip_packed inside gzip_packed"));
        byte[] layers = RoundTrip.encode(new BasePong(1, 2));
        for (int i = 0; i < 70; i++) {
            layers = gzipPacked(layers);
        }
        assertTrue(failure(layers).getMessage().contains("gzip_packed inside gzip_packed"));
    }

    @Test
    void bytesAfterTheGzipTrailerAreRejected() throws IOException {
        byte[] gz = gzip(RoundTrip.encode(new BasePong(5, 6)));
        for (byte[] member : List.of(Arrays.copyOf(gz, gz.length + 4), concat(gz, gzip(new byte[1 << 16])))) {
            TlWriter w = new TlWriter();
            w.writeInt(TlReader.GZIP_PACKED_ID);
            w.writeBytes(Bytes.wrap(member));
            assertTrue(failure(w.toByteArray()).getMessage().contains("after the deflate stream"));
        }
    }

    @Test
    void aGzipTrailerThatDoesNotMatchIsRejected() throws IOException {
        byte[] gz = gzip(RoundTrip.encode(new BasePong(5, 6)));
        for (int at : new int[] {gz.length - 8, gz.length - 4}) {
            byte[] bad = gz.clone();
            bad[at] ^= 1;
            TlWriter w = new TlWriter();
            w.writeInt(TlReader.GZIP_PACKED_ID);
            w.writeBytes(Bytes.wrap(bad));
            assertTrue(failure(w.toByteArray()).getMessage().contains("trailer does not match"));
        }
    }

    @Test
    void everyGzipPackedOfOneInputSharesOneInflateBudget() throws IOException {
        TlLimits limits = new TlLimits(1 << 20, 1000, 1 << 20, 64);
        TlWriter text = new TlWriter();
        text.writeInt(JsonString.CONSTRUCTOR_ID);
        text.writeString("x".repeat(400_000));
        byte[] packedString = gzipPacked(text.toByteArray());
        TlWriter w = new TlWriter();
        w.writeInt(JsonArray.CONSTRUCTOR_ID);
        w.writeInt(TlWriter.VECTOR_ID);
        w.writeInt(3);
        for (int i = 0; i < 3; i++) {
            w.writeRaw(packedString);
        }
        byte[] three = w.toByteArray();
        TlDecodeException e = assertThrows(TlDecodeException.class,
                () -> new TlReader(three, 0, three.length, REGISTRY, limits).readObject());
        assertTrue(e.getMessage().contains("past the limit"), e.getMessage());

        TlReader first = new TlReader(packedString, 0, packedString.length, REGISTRY, limits);
        first.readObject();
        TlReader second = first.sibling(packedString, 0, packedString.length);
        second.readObject();
        TlReader third = second.sibling(packedString, 0, packedString.length);
        assertTrue(assertThrows(TlDecodeException.class, third::readObject).getMessage().contains("past the limit"));
        new TlReader(packedString, 0, packedString.length, REGISTRY, limits).readObject();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aReadOfTheWrongTypeSaysWhatWasExpected() {
        byte[] pong = RoundTrip.encode(new BasePong(1, 2));
        TlDecodeException e = assertThrows(TlDecodeException.class, () -> reader(pong).readObject(JSONValue.class));
        assertTrue(e.getMessage().contains("expected JSONValue"), e.getMessage());
        assertEquals(0, e.offset());
    }

    @Test
    void boolMustBeOneOfItsConstructors() {
        TlWriter w = new TlWriter();
        w.writeInt(0x11111111);
        TlDecodeException e = assertThrows(TlDecodeException.class, () -> reader(w.toByteArray()).readBool());
        assertEquals(0, e.offset());
        w.reset();
        w.writeBool(true);
        w.writeBool(false);
        TlReader r = reader(w.toByteArray());
        assertTrue(r.readBool());
        assertEquals(false, r.readBool());
    }

    @Test
    void trailingBytesAreReported() {
        byte[] data = Arrays.copyOf(RoundTrip.encode(new BasePong(1, 2)), 24);
        TlDecodeException e = failure(data);
        assertEquals(20, e.offset());
        assertTrue(e.getMessage().contains("4 trailing bytes"), e.getMessage());
    }

    @Test
    void offsetsAreRelativeToTheStartOfTheRange() {
        byte[] pong = RoundTrip.encode(new BasePong(1, 2));
        byte[] framed = new byte[pong.length + 10];
        System.arraycopy(pong, 0, framed, 8, pong.length);
        TlReader r = new TlReader(framed, 8, pong.length - 4, REGISTRY, TlLimits.DEFAULT);
        TlDecodeException e = assertThrows(TlDecodeException.class, r::readObject);
        assertEquals(12, e.offset());
    }

    @Test
    void messagesLargerThanTheLimitAreRejectedUpFront() {
        TlLimits limits = new TlLimits(16, 10, 16, 4);
        assertThrows(TlDecodeException.class, () -> new TlReader(new byte[17], 0, 17, REGISTRY, limits));
    }

    @Test
    void registriesFindNamesAndReaders() {
        assertEquals("pong", REGISTRY.name(BasePong.CONSTRUCTOR_ID));
        assertEquals("dataJSON", REGISTRY.name(BaseDataJSON.CONSTRUCTOR_ID));
        assertNull(REGISTRY.find(0x0badf00d));
        assertNull(REGISTRY.name(0x0badf00d));
        assertEquals(MtprotoSchema.registry().size() + ApiSchema.registry().size(), REGISTRY.size());
        assertEquals(MtprotoSchema.CONSTRUCTOR_COUNT + MtprotoSchema.FUNCTION_COUNT, MtprotoSchema.registry().size());
        TlRegistry.Builder b = TlRegistry.builder().register(1, "a", BasePong::readBody);
        assertThrows(IllegalArgumentException.class, () -> b.register(1, "b", BasePong::readBody));
    }

    @Test
    void jsonStringsKeepTheirText() {
        RoundTrip.check(new JsonString("{\"k\": [1, 2]}"), REGISTRY);
    }
}
