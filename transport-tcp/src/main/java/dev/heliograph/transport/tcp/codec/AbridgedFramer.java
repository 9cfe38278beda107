package dev.heliograph.transport.tcp.codec;

import dev.heliograph.error.TransportException;

/**
 * Abridged: {@code len/4} in one byte, or {@code 7F} and {@code len/4} in three bytes. From the
 * client, bit 0x80 of the first byte requests a quick ack; from the server, a first byte with bit
 * 0x80 starts a 4-byte big-endian quick-ack token.
 */
final class AbridgedFramer extends Framer {

    private static final int LONG_FORM = 0x7f;
    private static final int MAX_UNITS = 0xffffff;

    AbridgedFramer(boolean clientSide, int maxFrameSize) {
        super(clientSide, maxFrameSize, 1);
    }

    @Override
    Framing framing() {
        return Framing.ABRIDGED;
    }

    @Override
    int onHeader(FrameSink sink) {
        int first = header[0] & 0xff;
        if (headerNeed == 1) {
            if (clientSide) {
                if ((first & 0x80) != 0 || first == LONG_FORM) {
                    headerNeed = 4;
                    return MORE_HEADER;
                }
                return checkLength(first * 4L);
            }
            quickAckRequested = (first & 0x80) != 0;
            if ((first & 0x7f) == LONG_FORM) {
                headerNeed = 4;
                return MORE_HEADER;
            }
            return checkLength((first & 0x7f) * 4L);
        }
        if (clientSide && (first & 0x80) != 0) {
            sink.onQuickAck(Bits.intBe(header, 0) & 0x7fffffff);
            return FRAME_DONE;
        }
        long units = (header[1] & 0xff) | (header[2] & 0xff) << 8 | (header[3] & 0xff) << 16;
        return checkLength(units * 4);
    }

    @Override
    void onBody(byte[] body, boolean quickAck, FrameSink sink) {
        deliver(body, quickAck, sink);
    }

    @Override
    byte[] encode(byte[] packet, boolean quickAck, int reserve) {
        int length = packet.length;
        if (length % 4 != 0) {
            throw new IllegalArgumentException("abridged packets must be a multiple of 4 bytes, got " + length);
        }
        checkEncodable(length);
        int units = length / 4;
        if (units > MAX_UNITS) {
            throw new TransportException(TransportException.Kind.FRAME_TOO_LARGE,
                    "abridged frame of " + length + " bytes is too long for the framing", null);
        }
        int flag = quickAck ? 0x80 : 0;
        byte[] out;
        int pos = reserve;
        if (units < LONG_FORM) {
            out = new byte[reserve + 1 + length];
            out[pos++] = (byte) (units | flag);
        } else {
            out = new byte[reserve + 4 + length];
            out[pos++] = (byte) (LONG_FORM | flag);
            out[pos++] = (byte) units;
            out[pos++] = (byte) (units >>> 8);
            out[pos++] = (byte) (units >>> 16);
        }
        System.arraycopy(packet, 0, out, pos, length);
        return out;
    }

    @Override
    byte[] encodeQuickAck(int token) {
        byte[] out = new byte[4];
        Bits.putIntBe(out, 0, token | 0x80000000);
        return out;
    }
}
