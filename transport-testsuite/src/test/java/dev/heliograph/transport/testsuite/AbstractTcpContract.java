package dev.heliograph.transport.testsuite;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.Transport;
import dev.heliograph.transport.tcp.TcpTransport;
import dev.heliograph.transport.tcp.TcpTransportConfig;
import dev.heliograph.transport.tcp.codec.FrameCodec;
import dev.heliograph.transport.tcp.codec.Framing;
import dev.heliograph.transport.tcp.codec.FramingDetector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The contract over TCP with one framing, plain or obfuscated. A malformed frame is a real frame
 * whose header announces a zero length (flipped on the wire: obfuscation is a stream cipher, so the
 * same flip works through it), which no framing allows.
 */
abstract class AbstractTcpContract extends AbstractTransportContract {

    private static final CryptoProvider CRYPTO = CryptoProviders.defaultProvider();
    private static final RandomSource RANDOM = RandomSource.secure();

    /**
     * Returns the framing under test.
     *
     * @return the framing
     */
    abstract Framing framing();

    /**
     * Tells whether the connection is obfuscated.
     *
     * @return true for obfuscation
     */
    abstract boolean obfuscated();

    @Override
    protected Transport newTransport() {
        TcpTransportConfig config = TcpTransportConfig.builder().framing(framing()).obfuscation(obfuscated()).build();
        return new TcpTransport(config, CRYPTO, RANDOM);
    }

    @Override
    protected void sendMalformedFrame(DcEndpoint endpoint) throws IOException {
        FrameCodec.Builder b = FrameCodec.client(framing()).random(RANDOM);
        if (obfuscated()) {
            b.obfuscate(CRYPTO, endpoint.protocolDcId());
        }
        byte[] wire = b.build().encode(new byte[16]);
        int preamble = obfuscated() ? 64 : switch (framing()) {
            case ABRIDGED -> 1;
            case INTERMEDIATE, PADDED_INTERMEDIATE -> 4;
            case FULL -> 0;
        };
        zeroLength(wire, preamble);
        try (Socket socket = new Socket(endpoint.host(), endpoint.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(wire);
            drain(socket.getInputStream());
        }
    }

    @Override
    protected void answerWithMalformedFrame(Socket client) throws IOException {
        FramingDetector detector = new FramingDetector(CRYPTO, RANDOM, FrameCodec.DEFAULT_MAX_FRAME_SIZE);
        InputStream in = client.getInputStream();
        byte[] buffer = new byte[4096];
        FramingDetector.Detection detection = null;
        while (detection == null) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the client closed before its first packet");
            }
            detection = detector.feed(buffer, 0, n);
        }
        assertNotNull(detection.codec());
        byte[] wire = detection.codec().encode(new byte[16]);
        zeroLength(wire, 0);
        OutputStream out = client.getOutputStream();
        out.write(wire);
        out.flush();
    }

    /** Turns the length in the frame header at {@code at} into 0, knowing the frame's size. */
    private void zeroLength(byte[] wire, int at) {
        int frame = wire.length - at;
        switch (framing()) {
            case ABRIDGED -> wire[at] ^= (byte) ((frame - 1) / 4);
            case INTERMEDIATE, PADDED_INTERMEDIATE -> xorIntLe(wire, at, frame - 4);
            case FULL -> xorIntLe(wire, at, frame);
        }
    }

    private static void xorIntLe(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] ^= (byte) (v >>> (8 * i));
        }
    }
}
