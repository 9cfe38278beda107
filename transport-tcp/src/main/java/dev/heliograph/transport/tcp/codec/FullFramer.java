package dev.heliograph.transport.tcp.codec;

import dev.heliograph.error.TransportException;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Full: {@code len} (payload + 12), {@code seq}, payload, {@code crc32(len||seq||payload)}. Each
 * direction numbers its frames from 0; the receiver checks both the number and the CRC. There is
 * no quick ack.
 */
final class FullFramer extends Framer {

    /** Length, sequence number and CRC around the payload. */
    static final int OVERHEAD = 12;

    private int sendSeq;
    private int receiveSeq;

    FullFramer(boolean clientSide, int maxFrameSize) {
        super(clientSide, maxFrameSize, 8);
    }

    @Override
    Framing framing() {
        return Framing.FULL;
    }

    @Override
    int onHeader(FrameSink sink) {
        long length = Bits.intLe(header, 0) & 0xffffffffL;
        int seq = Bits.intLe(header, 4);
        if (length <= OVERHEAD) {
            throw new TransportException(TransportException.Kind.FRAMING, "full frame with length " + length, null);
        }
        if (length - OVERHEAD > maxFrameSize) {
            throw tooLarge(length - OVERHEAD);
        }
        if (seq != receiveSeq) {
            throw new TransportException(TransportException.Kind.FRAMING,
                    "full frame with sequence number " + seq + ", expected " + receiveSeq, null);
        }
        receiveSeq++;
        return (int) length - 8;
    }

    @Override
    void onBody(byte[] body, boolean quickAck, FrameSink sink) {
        int payloadLength = body.length - 4;
        CRC32 crc = new CRC32();
        crc.update(header, 0, 8);
        crc.update(body, 0, payloadLength);
        if ((int) crc.getValue() != Bits.intLe(body, payloadLength)) {
            throw new TransportException(TransportException.Kind.FRAMING, "full frame with a bad CRC32", null);
        }
        deliver(Arrays.copyOf(body, payloadLength), false, sink);
    }

    @Override
    byte[] encode(byte[] packet, boolean quickAck, int reserve) {
        if (quickAck) {
            throw new IllegalArgumentException("the full framing has no quick acks");
        }
        checkEncodable(packet.length);
        int length = packet.length + OVERHEAD;
        byte[] out = new byte[reserve + length];
        Bits.putIntLe(out, reserve, length);
        Bits.putIntLe(out, reserve + 4, sendSeq++);
        System.arraycopy(packet, 0, out, reserve + 8, packet.length);
        CRC32 crc = new CRC32();
        crc.update(out, reserve, length - 4);
        Bits.putIntLe(out, reserve + length - 4, (int) crc.getValue());
        return out;
    }

    @Override
    byte[] encodeQuickAck(int token) {
        throw new IllegalStateException("the full framing has no quick acks");
    }
}
