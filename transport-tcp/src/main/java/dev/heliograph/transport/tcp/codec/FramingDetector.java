package dev.heliograph.transport.tcp.codec;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.error.TransportException;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Server side: recognises the framing of a new connection from its first bytes and builds the
 * matching server-side {@link FrameCodec}. One detector per connection.
 *
 * <ul>
 *   <li>{@code EF} — abridged (1 byte);</li>
 *   <li>{@code EE EE EE EE} / {@code DD DD DD DD} — intermediate / padded intermediate (4 bytes);</li>
 *   <li>{@code HEAD}, {@code POST}, {@code GET }, {@code OPTI} or a TLS record start — rejected
 *       (HTTP and fake-TLS are not spoken here);</li>
 *   <li>a zero second word — full (its first sequence number; the tag-less frame starts at byte 0);</li>
 *   <li>anything else — an obfuscation header (64 bytes), whose decrypted tag names the inner
 *       framing and whose DC field is reported.</li>
 * </ul>
 *
 * <pre>{@code
 * FramingDetector.Detection d = detector.feed(bytes, 0, n);
 * if (d != null) {
 *     codec = d.codec();
 *     codec.decode(d.remaining(), 0, d.remaining().length, sink);
 * }
 * }</pre>
 */
public final class FramingDetector {

    private final CryptoProvider crypto;
    private final RandomSource random;
    private final int maxFrameSize;
    private final byte[] secret;
    private final byte[] buffer = new byte[Obfuscation.HEADER_LENGTH];
    private int filled;
    private boolean done;

    /**
     * What the detector found.
     *
     * @param framing the inner framing
     * @param obfuscated whether the connection is obfuscated
     * @param dcId the DC id from the obfuscation header (signed: negative for media, +10000 for test
     *     servers); empty when not obfuscated
     * @param codec the server-side codec for the rest of the connection
     * @param remaining bytes already received after the tag or header, not yet decoded (for the
     *     full framing: the start of the first frame); feed them to {@code codec} first
     */
    public record Detection(Framing framing, boolean obfuscated, OptionalInt dcId, FrameCodec codec, byte[] remaining) {
    }

    /**
     * Creates a detector without an MTProxy secret.
     *
     * @param crypto AES-256-CTR for obfuscated connections
     * @param random padding for the padded intermediate framing
     * @param maxFrameSize the largest packet accepted or sent
     */
    public FramingDetector(CryptoProvider crypto, RandomSource random, int maxFrameSize) {
        this(crypto, random, maxFrameSize, null);
    }

    /**
     * Creates a detector.
     *
     * @param crypto AES-256-CTR (and SHA-256 with a secret) for obfuscated connections
     * @param random padding for the padded intermediate framing
     * @param maxFrameSize the largest packet accepted or sent
     * @param secret an MTProxy secret (16 bytes, copied) the clients mix into their keys, or
     *     {@code null}
     */
    public FramingDetector(CryptoProvider crypto, RandomSource random, int maxFrameSize, byte[] secret) {
        this.crypto = Objects.requireNonNull(crypto, "crypto is null");
        this.random = Objects.requireNonNull(random, "random is null");
        if (maxFrameSize <= 0) {
            throw new IllegalArgumentException("maxFrameSize must be positive: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
        this.secret = secret == null ? null : FrameCodec.copySecret(secret);
    }

    /**
     * Feeds the connection's next bytes.
     *
     * @param data the buffer (not modified)
     * @param offset where the bytes start
     * @param length how many
     * @return the detection once enough bytes have arrived, else {@code null}
     * @throws TransportException {@code FRAMING} for an HTTP or TLS start or an obfuscation header
     *     with an unknown tag
     * @throws IllegalStateException if called again after a detection
     */
    public Detection feed(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (done) {
            throw new IllegalStateException("framing already detected");
        }
        int taken = Math.min(buffer.length - filled, length);
        System.arraycopy(data, offset, buffer, filled, taken);
        filled += taken;
        Detection detection = detect();
        if (detection == null) {
            return null;
        }
        done = true;
        if (taken == length) {
            return detection;
        }
        byte[] rest = detection.remaining();
        byte[] all = Arrays.copyOf(rest, rest.length + length - taken);
        System.arraycopy(data, offset + taken, all, rest.length, length - taken);
        return new Detection(detection.framing(), detection.obfuscated(), detection.dcId(), detection.codec(), all);
    }

    private Detection detect() {
        if (filled >= 1 && (buffer[0] & 0xff) == 0xef) {
            return plain(Framing.ABRIDGED, 1);
        }
        if (filled < 4) {
            return null;
        }
        int first = Bits.intLe(buffer, 0);
        if (first == Framing.INTERMEDIATE.obfuscationTag()) {
            return plain(Framing.INTERMEDIATE, 4);
        }
        if (first == Framing.PADDED_INTERMEDIATE.obfuscationTag()) {
            return plain(Framing.PADDED_INTERMEDIATE, 4);
        }
        if (Obfuscation.isHttpOrTls(first)) {
            throw new TransportException(TransportException.Kind.FRAMING,
                    "connection starts like HTTP or TLS, not an MTProto TCP framing", null);
        }
        if (filled < 8) {
            return null;
        }
        if (Bits.intLe(buffer, 4) == 0) {
            return plain(Framing.FULL, 0);
        }
        if (filled < Obfuscation.HEADER_LENGTH) {
            return null;
        }
        Obfuscation.Server server = Obfuscation.server(crypto, Arrays.copyOf(buffer, Obfuscation.HEADER_LENGTH), secret);
        Framer framer = FrameCodec.framer(server.framing(), false, maxFrameSize, random);
        return new Detection(server.framing(), true, OptionalInt.of(server.dcId()),
                new FrameCodec(framer, server.ciphers(), null), new byte[0]);
    }

    private Detection plain(Framing framing, int tagLength) {
        Framer framer = FrameCodec.framer(framing, false, maxFrameSize, random);
        return new Detection(framing, false, OptionalInt.empty(), new FrameCodec(framer, null, null),
                Arrays.copyOfRange(buffer, tagLength, filled));
    }
}
