package dev.heliograph.transport.tcp.codec;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.transport.DcEndpoint;
import java.util.Objects;

/**
 * The framing of one TCP connection, for one side: packets in, frame bytes out ({@code encode*}),
 * and bytes in arbitrary chunks in, packets out ({@link #decode}). No I/O.
 *
 * <p>Create the client side with {@link #client(Framing)}; the server side comes from a
 * {@link FramingDetector}, which recognises the framing from the client's first bytes.
 *
 * <pre>{@code
 * FrameCodec codec = FrameCodec.client(Framing.INTERMEDIATE)
 *         .obfuscate(crypto, endpoint.protocolDcId())
 *         .build();
 * socket.write(codec.encode(packet));           // the first frame carries the tag or obfuscation header
 * codec.decode(bytes, 0, n, sink);               // sink.onPacket(...) once per whole frame
 * }</pre>
 *
 * <h2>Errors</h2>
 * {@link #decode} throws {@link dev.heliograph.error.TransportException}: {@code FRAMING} for a bad
 * length, sequence number, CRC or obfuscation header; {@code FRAME_TOO_LARGE} for an announced length
 * above the maximum (before anything is allocated for it); and, on the client side,
 * {@code SERVER_CODE} for a transport error packet such as -404. After an exception the codec is in
 * an undefined state and the connection must be closed.
 *
 * <h2>Threading</h2>
 * Not thread-safe. The encoding and the decoding halves keep separate state, so one thread may
 * encode while another decodes; each half needs its own confinement or lock.
 */
public final class FrameCodec {

    /** The default limit on a packet's length: 8 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 8 << 20;

    private static final int DECRYPT_CHUNK = 8192;

    private final Framer framer;
    private final Obfuscation obfuscation;
    private final boolean clientSide;
    private byte[] preamble;
    private byte[] scratch;

    FrameCodec(Framer framer, Obfuscation obfuscation, byte[] preamble) {
        this.framer = framer;
        this.obfuscation = obfuscation;
        this.clientSide = framer.clientSide;
        this.preamble = preamble;
    }

    /**
     * Checks the length of an MTProxy secret and copies it, for everything on either side that
     * takes one, so all reject a bad secret alike.
     *
     * @param secret the raw secret (16 bytes, without a {@code dd}/{@code ee} prefix)
     * @return a copy
     * @throws IllegalArgumentException if it does not have 16 bytes
     */
    public static byte[] copySecret(byte[] secret) {
        if (secret.length != 16) {
            throw new IllegalArgumentException("an MTProxy secret has 16 bytes, got " + secret.length);
        }
        return secret.clone();
    }

    /**
     * Starts building a client-side codec.
     *
     * @param framing the framing to speak
     * @return a builder
     */
    public static Builder client(Framing framing) {
        return new Builder(framing);
    }

    /**
     * Returns the framing.
     *
     * @return the framing
     */
    public Framing framing() {
        return framer.framing();
    }

    /**
     * Tells whether the connection is obfuscated.
     *
     * @return {@code true} if the obfuscation layer is active
     */
    public boolean obfuscated() {
        return obfuscation != null;
    }

    /**
     * Tells which side of the connection this codec serves.
     *
     * @return {@code true} for the client side
     */
    public boolean clientSide() {
        return clientSide;
    }

    /**
     * Frames one packet. On the client side the first call also emits the connection preamble (the
     * framing tag, or the 64-byte obfuscation header).
     *
     * @param packet the packet
     * @return the bytes to write
     * @throws dev.heliograph.error.TransportException {@code FRAME_TOO_LARGE} if the packet exceeds
     *     the maximum frame size
     * @throws IllegalArgumentException if an abridged packet is not a multiple of 4 bytes long
     */
    public byte[] encode(byte[] packet) {
        return encode(packet, false);
    }

    /**
     * Frames one packet and, on the client side, may ask the server for a quick ack of it.
     *
     * @param packet the packet
     * @param requestQuickAck whether to set the quick-ack flag (client side only; not for
     *     {@link Framing#FULL})
     * @return the bytes to write
     * @throws dev.heliograph.error.TransportException {@code FRAME_TOO_LARGE} if the packet exceeds
     *     the maximum frame size
     * @throws IllegalArgumentException if a quick ack is requested where it cannot be, or an abridged
     *     packet is not a multiple of 4 bytes long
     */
    public byte[] encode(byte[] packet, boolean requestQuickAck) {
        Objects.requireNonNull(packet, "packet is null");
        if (requestQuickAck && !clientSide) {
            throw new IllegalArgumentException("only clients request quick acks");
        }
        int reserve = preamble == null ? 0 : preamble.length;
        byte[] out = framer.encode(packet, requestQuickAck, reserve);
        if (preamble != null) {
            System.arraycopy(preamble, 0, out, 0, reserve);
            preamble = null;
        }
        encrypt(out, reserve);
        return out;
    }

    /**
     * Server side: frames a quick-ack reply.
     *
     * @param token the token (its top bit is set on the wire whatever is passed)
     * @return the bytes to write
     * @throws IllegalStateException on the client side or for {@link Framing#FULL}
     */
    public byte[] encodeQuickAck(int token) {
        requireServer();
        byte[] out = framer.encodeQuickAck(token);
        encrypt(out, 0);
        return out;
    }

    /**
     * Server side: frames a transport error code, a 4-byte packet holding a negative int32.
     *
     * @param code the code, such as -404, -429 or -444
     * @return the bytes to write
     * @throws IllegalArgumentException if the code is not negative
     * @throws IllegalStateException on the client side
     */
    public byte[] encodeTransportError(int code) {
        requireServer();
        if (code >= 0) {
            throw new IllegalArgumentException("transport error codes are negative: " + code);
        }
        byte[] packet = new byte[4];
        Bits.putIntLe(packet, 0, code);
        return encode(packet);
    }

    /**
     * Consumes received bytes, in any chunking, and reports every whole frame to the sink.
     *
     * @param data the buffer (not modified)
     * @param offset where the new bytes start
     * @param length how many there are
     * @param sink receives packets and quick acks
     * @throws dev.heliograph.error.TransportException on bad framing, an oversized frame, or (client
     *     side) a transport error code from the server
     */
    public void decode(byte[] data, int offset, int length, FrameSink sink) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (obfuscation == null) {
            framer.decode(data, offset, length, sink);
            return;
        }
        if (scratch == null) {
            scratch = new byte[DECRYPT_CHUNK];
        }
        int end = offset + length;
        while (offset < end) {
            int n = Math.min(DECRYPT_CHUNK, end - offset);
            obfuscation.decrypt.update(data, offset, n, scratch, 0);
            framer.decode(scratch, 0, n, sink);
            offset += n;
        }
    }

    private void encrypt(byte[] out, int from) {
        if (obfuscation != null) {
            obfuscation.encrypt.update(out, from, out.length - from, out, from);
        }
    }

    private void requireServer() {
        if (clientSide) {
            throw new IllegalStateException("only servers send quick acks and transport errors");
        }
    }

    static Framer framer(Framing framing, boolean clientSide, int maxFrameSize, RandomSource random) {
        return switch (framing) {
            case ABRIDGED -> new AbridgedFramer(clientSide, maxFrameSize);
            case INTERMEDIATE -> new IntermediateFramer(clientSide, maxFrameSize, null);
            case PADDED_INTERMEDIATE -> new IntermediateFramer(clientSide, maxFrameSize, random);
            case FULL -> new FullFramer(clientSide, maxFrameSize);
        };
    }

    /** Builds a client-side {@link FrameCodec}. Not thread-safe. */
    public static final class Builder {

        private final Framing framing;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private RandomSource random;
        private CryptoProvider crypto;
        private int dcId;
        private byte[] secret;

        private Builder(Framing framing) {
            this.framing = Objects.requireNonNull(framing, "framing is null");
        }

        /**
         * Sets the largest packet accepted or sent.
         *
         * @param maxFrameSize the limit in bytes, positive
         * @return this builder
         */
        public Builder maxFrameSize(int maxFrameSize) {
            if (maxFrameSize <= 0) {
                throw new IllegalArgumentException("maxFrameSize must be positive: " + maxFrameSize);
            }
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        /**
         * Sets where padding and the obfuscation header come from (default: a secure source).
         *
         * @param random the source
         * @return this builder
         */
        public Builder random(RandomSource random) {
            this.random = Objects.requireNonNull(random, "random is null");
            return this;
        }

        /**
         * Turns obfuscation on.
         *
         * @param crypto provides AES-256-CTR (and SHA-256 with a secret)
         * @param headerDcId the DC id for the header, a signed 16-bit value (see {@link DcEndpoint#protocolDcId()})
         * @return this builder
         * @throws IllegalArgumentException for {@link Framing#FULL} or a DC id out of range
         */
        public Builder obfuscate(CryptoProvider crypto, int headerDcId) {
            if (!framing.supportsObfuscation()) {
                throw new IllegalArgumentException("the " + framing + " framing cannot be obfuscated");
            }
            if (headerDcId < Short.MIN_VALUE || headerDcId > Short.MAX_VALUE) {
                throw new IllegalArgumentException("DC id does not fit the obfuscation header: " + headerDcId);
            }
            this.crypto = Objects.requireNonNull(crypto, "crypto is null");
            this.dcId = headerDcId;
            return this;
        }

        /**
         * Sets an MTProxy secret for the obfuscation keys (16 bytes, without a {@code dd}/{@code ee}
         * prefix). Requires {@link #obfuscate}.
         *
         * @param secret the secret (copied)
         * @return this builder
         */
        public Builder secret(byte[] secret) {
            this.secret = copySecret(secret);
            return this;
        }

        /**
         * Builds the codec; with obfuscation this draws the header.
         *
         * @return a new codec
         * @throws IllegalStateException if a secret was given without obfuscation
         */
        public FrameCodec build() {
            RandomSource source = random != null ? random : RandomSource.secure();
            Framer framer = framer(framing, true, maxFrameSize, source);
            if (crypto == null) {
                if (secret != null) {
                    throw new IllegalStateException("an MTProxy secret needs obfuscation");
                }
                return new FrameCodec(framer, null, plainTag(framing));
            }
            Obfuscation.Client client = Obfuscation.client(crypto, source, framing, dcId, secret);
            return new FrameCodec(framer, client.ciphers(), client.header());
        }

        private static byte[] plainTag(Framing framing) {
            return switch (framing) {
                case ABRIDGED -> new byte[] {(byte) 0xef};
                case INTERMEDIATE, PADDED_INTERMEDIATE -> {
                    byte[] tag = new byte[4];
                    Bits.putIntLe(tag, 0, framing.obfuscationTag());
                    yield tag;
                }
                case FULL -> null;
            };
        }
    }
}
