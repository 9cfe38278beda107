package dev.heliograph.transport.tcp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.TransportException;
import dev.heliograph.mtproto.testing.ScriptedRandom;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Client encoder to server decoder and back, for every framing with and without obfuscation. */
class CodecRoundTripTest {

    private static final int[] SIZES = {28, 40, 504, 508, 512, 4096, 100_000, 24, 1 << 20};

    /** How received bytes are cut into reads. */
    enum Chunking {
        WHOLE, BYTE_BY_BYTE, RANDOM
    }

    private static List<byte[]> packets(Random random) {
        List<byte[]> packets = new ArrayList<>();
        for (int size : SIZES) {
            byte[] p = new byte[size];
            random.nextBytes(p);
            packets.add(p);
        }
        return packets;
    }

    private static void feed(byte[] wire, Chunking chunking, Random random, java.util.function.BiConsumer<Integer, Integer> reader) {
        int off = 0;
        while (off < wire.length) {
            int n = switch (chunking) {
                case WHOLE -> wire.length;
                case BYTE_BY_BYTE -> 1;
                case RANDOM -> 1 + random.nextInt(random.nextBoolean() ? 7 : 70_000);
            };
            n = Math.min(n, wire.length - off);
            reader.accept(off, n);
            off += n;
        }
    }

    private static void assertPacket(Framing framing, byte[] expected, byte[] actual) {
        if (framing == Framing.PADDED_INTERMEDIATE) {
            assertTrue(actual.length - expected.length >= 0 && actual.length - expected.length <= 15,
                    "padding of " + (actual.length - expected.length));
            assertArrayEquals(expected, Arrays.copyOf(actual, expected.length));
        } else {
            assertArrayEquals(expected, actual);
        }
    }

    @ParameterizedTest(name = "{0} obfuscated={1}")
    @MethodSource("dev.heliograph.transport.tcp.codec.FramingCases#all")
    void packetsSurviveBothDirectionsInAnyChunking(Framing framing, boolean obfuscated) {
        for (Chunking chunking : Chunking.values()) {
            roundTrip(framing, obfuscated, chunking, new Random(chunking.ordinal() * 31L + framing.ordinal()));
        }
    }

    private void roundTrip(Framing framing, boolean obfuscated, Chunking chunking, Random random) {
        int max = 2 << 20;
        FrameCodec.Builder builder = FrameCodec.client(framing).maxFrameSize(max).random(new ScriptedRandom(random.nextLong()));
        if (obfuscated) {
            builder.obfuscate(CryptoProviders.defaultProvider(), 3);
        }
        FrameCodec client = builder.build();
        List<byte[]> packets = packets(random);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int i = 0; i < packets.size(); i++) {
            boolean quickAck = framing.supportsQuickAck() && i % 2 == 1;
            wire.writeBytes(client.encode(packets.get(i), quickAck));
        }
        byte[] toServer = wire.toByteArray();

        FramingDetector detector = new FramingDetector(CryptoProviders.defaultProvider(), new ScriptedRandom(random.nextLong()), max);
        RecordingSink atServer = new RecordingSink();
        FrameCodec[] server = new FrameCodec[1];
        feed(toServer, chunking, random, (off, n) -> {
            if (server[0] != null) {
                server[0].decode(toServer, off, n, atServer);
                return;
            }
            FramingDetector.Detection d = detector.feed(toServer, off, n);
            if (d != null) {
                assertEquals(framing, d.framing());
                assertEquals(obfuscated, d.obfuscated());
                assertEquals(obfuscated ? OptionalInt.of(3) : OptionalInt.empty(), d.dcId());
                server[0] = d.codec();
                server[0].decode(d.remaining(), 0, d.remaining().length, atServer);
            }
        });
        assertNotNull(server[0]);
        assertEquals(packets.size(), atServer.packets.size());
        for (int i = 0; i < packets.size(); i++) {
            assertPacket(framing, packets.get(i), atServer.packets.get(i));
            assertEquals(framing.supportsQuickAck() && i % 2 == 1, atServer.quickAckRequests.get(i));
        }

        ByteArrayOutputStream back = new ByteArrayOutputStream();
        List<Integer> tokens = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            back.writeBytes(server[0].encode(packets.get(i)));
            if (framing.supportsQuickAck()) {
                int token = random.nextInt() & 0x7fffffff;
                tokens.add(token);
                back.writeBytes(server[0].encodeQuickAck(token));
            }
        }
        back.writeBytes(server[0].encodeTransportError(-429));
        byte[] toClient = back.toByteArray();
        RecordingSink atClient = new RecordingSink();
        TransportException error = assertThrows(TransportException.class,
                () -> feed(toClient, chunking, random, (off, n) -> client.decode(toClient, off, n, atClient)));
        assertEquals(OptionalInt.of(-429), error.status());
        assertEquals(packets.size(), atClient.packets.size());
        for (int i = 0; i < packets.size(); i++) {
            assertPacket(framing, packets.get(i), atClient.packets.get(i));
        }
        assertEquals(tokens, atClient.quickAcks);
    }

    @ParameterizedTest(name = "{0} obfuscated={1}")
    @MethodSource("dev.heliograph.transport.tcp.codec.FramingCases#all")
    void detectorWaitsForEnoughBytes(Framing framing, boolean obfuscated) {
        FrameCodec.Builder builder = FrameCodec.client(framing);
        if (obfuscated) {
            builder.obfuscate(CryptoProviders.defaultProvider(), 1);
        }
        byte[] wire = builder.build().encode(new byte[40]);
        int needed = obfuscated ? 64 : switch (framing) {
            case ABRIDGED -> 1;
            case INTERMEDIATE, PADDED_INTERMEDIATE -> 4;
            case FULL -> 8;
        };
        FramingDetector detector = new FramingDetector(CryptoProviders.defaultProvider(), new ScriptedRandom(1), 1 << 20);
        assertNull(detector.feed(wire, 0, needed - 1));
        FramingDetector.Detection d = detector.feed(wire, needed - 1, wire.length - needed + 1);
        assertEquals(framing, d.framing());
        int tagLength = obfuscated ? 64 : switch (framing) {
            case ABRIDGED -> 1;
            case INTERMEDIATE, PADDED_INTERMEDIATE -> 4;
            case FULL -> 0;
        };
        assertEquals(wire.length - tagLength, d.remaining().length);
    }
}
