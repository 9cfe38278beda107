package dev.heliograph.transport.tcp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.TransportException;
import dev.heliograph.mtproto.testing.ScriptedRandom;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Vectors of test-vectors.md section H. */
class FramingVectorsTest {

    /** The C.1 req_pq_multi message. */
    static final byte[] REQ_PQ = Hex.bytes("000000000000000078F404006170466A14000000F18E7EBE51A1143FC7A3666BE4BE54D6890A02DC");

    private static FrameCodec client(Framing framing) {
        return FrameCodec.client(framing).random(new ScriptedRandom(1)).build();
    }

    private static FrameCodec server(byte[] firstBytes) {
        FramingDetector detector = new FramingDetector(CryptoProviders.defaultProvider(), new ScriptedRandom(2), 1 << 20);
        return detector.feed(firstBytes, 0, firstBytes.length).codec();
    }

    @Test
    void abridgedFirstPacketCarriesTagAndOneByteLength() {
        assertEquals("EF0A" + Hex.hex(REQ_PQ), Hex.hex(client(Framing.ABRIDGED).encode(REQ_PQ)));
    }

    @Test
    void abridgedLongPacketUsesThreeByteLength() {
        FrameCodec codec = client(Framing.ABRIDGED);
        codec.encode(REQ_PQ);
        byte[] frame = codec.encode(new byte[1024]);
        assertEquals("7F000100", Hex.hex(Arrays.copyOf(frame, 4)));
        assertEquals(1028, frame.length);
    }

    @Test
    void intermediateFirstPacketCarriesTagAndLength() {
        assertEquals("EEEEEEEE28000000" + Hex.hex(REQ_PQ), Hex.hex(client(Framing.INTERMEDIATE).encode(REQ_PQ)));
    }

    @Test
    void fullFirstPacketHasSeqZeroAndCrc() {
        assertEquals("3400000000000000000000000000000078F404006170466A14000000F18E7EBE51A1143FC7A3666BE4BE54D6890A02DC96126162",
                Hex.hex(client(Framing.FULL).encode(REQ_PQ)));
    }

    @Test
    void fullSecondPacketMatchesGotdVector() {
        FrameCodec codec = client(Framing.FULL);
        codec.encode(REQ_PQ);
        assertEquals("0F00000001000000616263" + "4ED66D94", Hex.hex(codec.encode("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void serverDecodesFullVectorsInOrder() {
        byte[] first = Hex.bytes("3400000000000000" + Hex.hex(REQ_PQ) + "96126162");
        FramingDetector detector = new FramingDetector(CryptoProviders.defaultProvider(), new ScriptedRandom(2), 1 << 20);
        FramingDetector.Detection detection = detector.feed(first, 0, first.length);
        assertEquals(Framing.FULL, detection.framing());
        assertEquals(OptionalInt.empty(), detection.dcId());
        RecordingSink sink = new RecordingSink();
        detection.codec().decode(detection.remaining(), 0, detection.remaining().length, sink);
        byte[] second = Hex.bytes("0F00000001000000616263" + "4ED66D94");
        detection.codec().decode(second, 0, second.length, sink);
        assertEquals(2, sink.packets.size());
        assertArrayEquals(REQ_PQ, sink.packets.get(0));
        assertEquals("616263", Hex.hex(sink.packets.get(1)));
    }

    @Test
    void transportErrorInIntermediateBecomesServerCode() {
        FrameCodec codec = client(Framing.INTERMEDIATE);
        byte[] wire = Hex.bytes("04000000" + "6CFEFFFF");
        TransportException e = assertThrows(TransportException.class,
                () -> codec.decode(wire, 0, wire.length, new RecordingSink()));
        assertEquals(TransportException.Kind.SERVER_CODE, e.kind());
        assertEquals(OptionalInt.of(-404), e.status());
    }

    @Test
    void transportErrorInAbridgedBecomesServerCode() {
        FrameCodec codec = client(Framing.ABRIDGED);
        byte[] wire = Hex.bytes("01" + "6CFEFFFF");
        TransportException e = assertThrows(TransportException.class,
                () -> codec.decode(wire, 0, wire.length, new RecordingSink()));
        assertEquals(OptionalInt.of(-404), e.status());
    }

    @Test
    void serverEncodesTransportErrorsAsTheVectorsShow() {
        assertEquals("016CFEFFFF", Hex.hex(server(new byte[] {(byte) 0xef}).encodeTransportError(-404)));
        assertEquals("040000006CFEFFFF", Hex.hex(server(Hex.bytes("EEEEEEEE")).encodeTransportError(-404)));
    }
}
