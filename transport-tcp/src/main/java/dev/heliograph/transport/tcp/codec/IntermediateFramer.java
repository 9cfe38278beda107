package dev.heliograph.transport.tcp.codec;

import dev.heliograph.crypto.RandomSource;

/**
 * Intermediate and padded intermediate: a 4-byte little-endian length. From the client, bit 31 of
 * the length requests a quick ack; from the server, a "length" with bit 31 set is a quick-ack
 * token standing alone. The padded variant appends 0..15 random bytes to every packet it sends.
 */
final class IntermediateFramer extends Framer {

    private final RandomSource padding;

    /**
     * @param padding the source of padding for {@link Framing#PADDED_INTERMEDIATE}, or {@code null}
     *     for plain intermediate
     */
    IntermediateFramer(boolean clientSide, int maxFrameSize, RandomSource padding) {
        super(clientSide, maxFrameSize, 4);
        this.padding = padding;
    }

    @Override
    Framing framing() {
        return padding == null ? Framing.INTERMEDIATE : Framing.PADDED_INTERMEDIATE;
    }

    @Override
    int onHeader(FrameSink sink) {
        int word = Bits.intLe(header, 0);
        if (word < 0) {
            if (clientSide) {
                sink.onQuickAck(word & 0x7fffffff);
                return FRAME_DONE;
            }
            quickAckRequested = true;
        }
        return checkLength(word & 0x7fffffff);
    }

    @Override
    void onBody(byte[] body, boolean quickAck, FrameSink sink) {
        deliver(body, quickAck, sink);
    }

    @Override
    byte[] encode(byte[] packet, boolean quickAck, int reserve) {
        checkEncodable(packet.length);
        // One draw gives both the padding length (low 4 bits of the first byte) and up to 15 bytes.
        byte[] random = padding == null ? null : padding.bytes(16);
        int pad = random == null ? 0 : random[0] & 15;
        int length = packet.length + pad;
        byte[] out = new byte[reserve + 4 + length];
        Bits.putIntLe(out, reserve, quickAck ? length | 0x80000000 : length);
        System.arraycopy(packet, 0, out, reserve + 4, packet.length);
        if (pad > 0) {
            System.arraycopy(random, 1, out, reserve + 4 + packet.length, pad);
        }
        return out;
    }

    @Override
    byte[] encodeQuickAck(int token) {
        byte[] out = new byte[4];
        Bits.putIntLe(out, 0, token | 0x80000000);
        return out;
    }
}
