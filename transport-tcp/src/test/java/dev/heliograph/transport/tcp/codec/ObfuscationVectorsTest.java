package dev.heliograph.transport.tcp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.mtproto.testing.ScriptedRandom;
import dev.heliograph.transport.DcEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Vectors of test-vectors.md section I. */
class ObfuscationVectorsTest {

    private static byte[] counting() {
        byte[] init = new byte[64];
        for (int i = 0; i < 64; i++) {
            init[i] = (byte) i;
        }
        return init;
    }

    private static String tail(byte[] header) {
        return Hex.hex(Arrays.copyOfRange(header, 56, 64));
    }

    @Test
    void plainIntermediateHeaderAndFirstFrameMatchVector() {
        FrameCodec codec = FrameCodec.client(Framing.INTERMEDIATE)
                .random(new ScriptedRandom(0, counting()))
                .obfuscate(CryptoProviders.defaultProvider(), 2)
                .build();
        byte[] wire = codec.encode(FramingVectorsTest.REQ_PQ);
        assertEquals("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"
                + "202122232425262728292A2B2C2D2E2F30313233343536374618255E1C00FD5D",
                Hex.hex(Arrays.copyOf(wire, 64)));
        assertEquals("1AA9C12838F1654122B190BD6556B60BC3D682C7CDF70EFBDC1868A252E84CEC44D8B4E76E2CA47BB8827B2A",
                Hex.hex(Arrays.copyOfRange(wire, 64, wire.length)));
    }

    @Test
    void testServerDcIdIsOffsetBy10000() {
        DcEndpoint test = new DcEndpoint(2, "127.0.0.1", 443, false, true);
        assertEquals(10002, test.protocolDcId());
        Obfuscation.Client client = Obfuscation.client(CryptoProviders.defaultProvider(), new ScriptedRandom(0, counting()),
                Framing.ABRIDGED, test.protocolDcId(), null);
        assertEquals("4719245F0C27FD5D", tail(client.header()));
    }

    @Test
    void mediaDcIdIsNegative() {
        DcEndpoint media = new DcEndpoint(2, "127.0.0.1", 443, true, false);
        assertEquals(-2, media.protocolDcId());
        Obfuscation.Client client = Obfuscation.client(CryptoProviders.defaultProvider(), new ScriptedRandom(0, counting()),
                Framing.ABRIDGED, media.protocolDcId(), null);
        assertEquals("4719245FE0FFFD5D", tail(client.header()));
    }

    @Test
    void mtproxySecretVectorWithRepeatedInit() {
        byte[] init = new byte[64];
        Arrays.fill(init, (byte) 0x61);
        byte[] secret = new byte[16];
        Arrays.fill(secret, (byte) 0xaa);
        Obfuscation.Client client = Obfuscation.client(CryptoProviders.defaultProvider(), new ScriptedRandom(0, init),
                Framing.PADDED_INTERMEDIATE, 2, secret);
        assertEquals("AB4162424F66FDDC", tail(client.header()));
    }

    @Test
    void mtproxySecretVectorStreamsContinueAfterHeader() {
        byte[] init = Hex.bytes("F5768F50B731260A46BE1027C2EEAA39350624F0B6DA59EBA56C81FE4510C2E0"
                + "B61D3DD323EE02388633E3837A0C1C24FA6F29CCD724BE6F416FF7B026F6CCE6");
        byte[] secret = Hex.bytes("8A96EF6E42A18C21837580CD1C91C5A8");
        Obfuscation.Client client = Obfuscation.client(CryptoProviders.defaultProvider(), new ScriptedRandom(0, init),
                Framing.PADDED_INTERMEDIATE, 2, secret);
        assertEquals("BEA2DDE16DC59DD2", tail(client.header()));
        byte[] abcd = "abcd".getBytes(StandardCharsets.US_ASCII);
        byte[] sent = new byte[4];
        client.ciphers().encrypt.update(abcd, 0, 4, sent, 0);
        assertEquals("CA7A8226", Hex.hex(sent));
        byte[] received = new byte[4];
        client.ciphers().decrypt.update(abcd, 0, 4, received, 0);
        assertEquals("8F711982", Hex.hex(received));
    }

    @Test
    void serverRecoversFramingAndDcIdWithSecret() {
        byte[] secret = Hex.bytes("8A96EF6E42A18C21837580CD1C91C5A8");
        FrameCodec client = FrameCodec.client(Framing.ABRIDGED).obfuscate(CryptoProviders.defaultProvider(), -10004).secret(secret).build();
        byte[] wire = client.encode(FramingVectorsTest.REQ_PQ);
        FramingDetector detector = new FramingDetector(CryptoProviders.defaultProvider(), new ScriptedRandom(1), 1 << 20, secret);
        FramingDetector.Detection detection = detector.feed(wire, 0, wire.length);
        assertEquals(Framing.ABRIDGED, detection.framing());
        assertTrue(detection.obfuscated());
        assertEquals(OptionalInt.of(-10004), detection.dcId());
        RecordingSink sink = new RecordingSink();
        detection.codec().decode(detection.remaining(), 0, detection.remaining().length, sink);
        assertArrayEquals(FramingVectorsTest.REQ_PQ, sink.packets.get(0));
        assertFalse(sink.quickAckRequests.get(0));
    }

    @Test
    void forbiddenInitialBytesAreRedrawn() {
        String[] forbidden = {
            "EF000000 01000000", "48454144 01000000", "504F5354 01000000", "47455420 01000000",
            "4F505449 01000000", "DDDDDDDD 01000000", "EEEEEEEE 01000000", "16030102 01000000",
            "01020304 00000000",
        };
        byte[][] script = new byte[forbidden.length + 1][];
        for (int i = 0; i < forbidden.length; i++) {
            script[i] = Arrays.copyOf(Hex.bytes(forbidden[i]), 64);
            script[i][8] = 1;
        }
        script[forbidden.length] = counting();
        ScriptedRandom random = new ScriptedRandom(0, script);
        Obfuscation.Client client = Obfuscation.client(CryptoProviders.defaultProvider(), random, Framing.INTERMEDIATE, 2, null);
        assertEquals(0, random.remainingScripted());
        assertEquals("000102030405060708090A0B0C0D0E0F", Hex.hex(Arrays.copyOf(client.header(), 16)));
    }
}
