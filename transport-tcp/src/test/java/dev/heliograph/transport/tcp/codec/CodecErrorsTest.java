package dev.heliograph.transport.tcp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.TransportException;
import dev.heliograph.mtproto.testing.ScriptedRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CodecErrorsTest {

    private static final int MAX = 1 << 20;

    private static FrameCodec server(String tagHex) {
        byte[] tag = Hex.bytes(tagHex);
        return new FramingDetector(CryptoProviders.defaultProvider(), new ScriptedRandom(1), MAX).feed(tag, 0, tag.length).codec();
    }

    private static FrameCodec client(Framing framing) {
        return FrameCodec.client(framing).maxFrameSize(MAX).build();
    }

    private static TransportException.Kind failure(Executable executable) {
        return assertThrows(TransportException.class, executable).kind();
    }

    private static TransportException.Kind decodeFailure(FrameCodec codec, String hex) {
        byte[] wire = Hex.bytes(hex);
        return failure(() -> codec.decode(wire, 0, wire.length, new RecordingSink()));
    }

    @Test
    void hugeIntermediateLengthIsRejectedFromTheHeaderAlone() {
        // 0x7ffffff0 bytes would not even fit the heap: the check must come before allocation.
        assertEquals(TransportException.Kind.FRAME_TOO_LARGE, decodeFailure(server("EEEEEEEE"), "F0FFFF7F"));
        assertEquals(TransportException.Kind.FRAME_TOO_LARGE, decodeFailure(client(Framing.INTERMEDIATE), "F0FFFF7F"));
    }

    @Test
    void oversizedAbridgedLongFormIsRejected() {
        assertEquals(TransportException.Kind.FRAME_TOO_LARGE, decodeFailure(server("EF"), "7FFFFFFF"));
        assertEquals(TransportException.Kind.FRAME_TOO_LARGE, decodeFailure(client(Framing.ABRIDGED), "7F010004"));
    }

    @Test
    void oversizedFullFrameIsRejected() {
        assertEquals(TransportException.Kind.FRAME_TOO_LARGE, decodeFailure(client(Framing.FULL), "0C00200000000000"));
    }

    @Test
    void frameAtTheMaximumIsAccepted() {
        FrameCodec client = FrameCodec.client(Framing.INTERMEDIATE).maxFrameSize(64).build();
        byte[] wire = Hex.bytes("40000000" + "00".repeat(64));
        RecordingSink sink = new RecordingSink();
        client.decode(wire, 0, wire.length, sink);
        assertEquals(64, sink.packets.get(0).length);
    }

    @Test
    void fullFrameWithBadCrcIsAFramingError() {
        assertEquals(TransportException.Kind.FRAMING, decodeFailure(client(Framing.FULL), "0F00000000000000616263" + "4ED66D95"));
    }

    @Test
    void fullFrameWithWrongSequenceNumberIsAFramingError() {
        assertEquals(TransportException.Kind.FRAMING, decodeFailure(client(Framing.FULL), "0F00000001000000616263" + "4ED66D94"));
    }

    @Test
    void emptyFramesAreFramingErrors() {
        assertEquals(TransportException.Kind.FRAMING, decodeFailure(server("EEEEEEEE"), "00000000"));
        assertEquals(TransportException.Kind.FRAMING, decodeFailure(server("EF"), "00"));
        assertEquals(TransportException.Kind.FRAMING, decodeFailure(client(Framing.FULL), "0C00000000000000"));
    }

    @Test
    void httpAndTlsStartsAreRejected() {
        for (String start : List.of("504F5354", "47455420", "48454144", "4F505449", "16030102")) {
            byte[] wire = Hex.bytes(start + "2F617069");
            FramingDetector detector = new FramingDetector(CryptoProviders.defaultProvider(), new ScriptedRandom(1), MAX);
            assertEquals(TransportException.Kind.FRAMING, failure(() -> detector.feed(wire, 0, wire.length)), start);
        }
    }

    @Test
    void obfuscationHeaderWithWrongSecretIsRejected() {
        byte[] secret = new byte[16];
        byte[] wire = FrameCodec.client(Framing.INTERMEDIATE).obfuscate(CryptoProviders.defaultProvider(), 2).secret(secret).build()
                .encode(new byte[40]);
        FramingDetector detector = new FramingDetector(CryptoProviders.defaultProvider(), new ScriptedRandom(1), MAX);
        assertEquals(TransportException.Kind.FRAMING, failure(() -> detector.feed(wire, 0, wire.length)));
    }

    @Test
    void packetAboveTheMaximumIsNotEncoded() {
        assertEquals(TransportException.Kind.FRAME_TOO_LARGE, failure(() -> client(Framing.INTERMEDIATE).encode(new byte[MAX + 4])));
        assertEquals(TransportException.Kind.FRAME_TOO_LARGE, failure(() -> client(Framing.ABRIDGED).encode(new byte[MAX + 4])));
    }

    @Test
    void fullFramingCannotBeObfuscated() {
        assertThrows(IllegalArgumentException.class, () -> FrameCodec.client(Framing.FULL).obfuscate(CryptoProviders.defaultProvider(), 2));
    }

    @Test
    void abridgedPacketsMustBeWholeWords() {
        assertThrows(IllegalArgumentException.class, () -> client(Framing.ABRIDGED).encode(new byte[5]));
    }

    @Test
    void clientsCannotSendServerSignals() {
        FrameCodec client = client(Framing.INTERMEDIATE);
        assertThrows(IllegalStateException.class, () -> client.encodeQuickAck(1));
        assertThrows(IllegalStateException.class, () -> client.encodeTransportError(-404));
        assertThrows(IllegalArgumentException.class, () -> server("EF").encode(new byte[4], true));
    }

    @Test
    void nonNegativeFourBytePacketIsANoOpForClients() {
        FrameCodec client = client(Framing.INTERMEDIATE);
        byte[] wire = Hex.bytes("04000000" + "00000000" + "18000000" + "11".repeat(24));
        RecordingSink sink = new RecordingSink();
        client.decode(wire, 0, wire.length, sink);
        assertEquals(1, sink.packets.size());
        assertArrayEquals(Hex.bytes("11".repeat(24)), sink.packets.get(0));
    }

    @Test
    void paddedTransportErrorIsRecognisedDespitePadding() {
        FrameCodec client = client(Framing.PADDED_INTERMEDIATE);
        assertEquals(TransportException.Kind.SERVER_CODE, decodeFailure(client, "0D000000" + "94FEFFFF" + "AA".repeat(9)));
    }
}
