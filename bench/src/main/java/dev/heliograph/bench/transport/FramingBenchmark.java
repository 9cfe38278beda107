package dev.heliograph.bench.transport;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.transport.tcp.codec.FrameCodec;
import dev.heliograph.transport.tcp.codec.FrameSink;
import dev.heliograph.transport.tcp.codec.Framing;
import dev.heliograph.transport.tcp.codec.FramingDetector;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU cost of the framing codecs without sockets: one client-side encode plus one server-side
 * decode of the same frame, per framing, with and without obfuscation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FramingBenchmark {

    /** The framing, with {@code +obf} for obfuscation. */
    @Param({"ABRIDGED", "ABRIDGED+obf", "INTERMEDIATE", "INTERMEDIATE+obf", "PADDED_INTERMEDIATE",
        "PADDED_INTERMEDIATE+obf", "FULL"})
    public String variant;

    /** Packet size in bytes. */
    @Param({"256", "65536"})
    public int size;

    private FrameCodec client;
    private FrameCodec server;
    private byte[] packet;
    private final FrameSink sink = (p, quickAck) -> {
    };

    /** Opens a codec pair (the detector consumes the preamble). */
    @Setup
    public void setUp() {
        boolean obfuscated = variant.endsWith("+obf");
        Framing framing = Framing.valueOf(variant.replace("+obf", ""));
        FrameCodec.Builder builder = FrameCodec.client(framing).random(RandomSource.secure());
        if (obfuscated) {
            builder.obfuscate(CryptoProviders.defaultProvider(), 2);
        }
        client = builder.build();
        packet = new byte[size];
        new SplittableRandom(size).nextBytes(packet);
        byte[] first = client.encode(packet);
        FramingDetector.Detection detection = new FramingDetector(CryptoProviders.defaultProvider(),
                RandomSource.secure(), FrameCodec.DEFAULT_MAX_FRAME_SIZE).feed(first, 0, first.length);
        server = detection.codec();
        server.decode(detection.remaining(), 0, detection.remaining().length, sink);
    }

    /**
     * Encodes on the client and decodes on the server.
     *
     * @return the frame, so the JIT keeps the work
     */
    @Benchmark
    public byte[] encodeAndDecode() {
        byte[] frame = client.encode(packet);
        server.decode(frame, 0, frame.length, sink);
        return frame;
    }
}
