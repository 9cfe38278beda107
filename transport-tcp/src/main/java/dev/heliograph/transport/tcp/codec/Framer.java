package dev.heliograph.transport.tcp.codec;

import dev.heliograph.error.TransportException;

/**
 * One framing, for one side of a connection: turns packets into frame bytes and reassembles frames
 * from bytes arriving in arbitrary chunks. The decoder reads a header of {@link #headerNeed} bytes
 * (which {@link #onHeader} may raise once it has seen the first bytes), then a body whose length
 * the header announced; the body array is allocated only after the length passed the maximum check.
 */
abstract class Framer {

    /** {@link #onHeader} result: more header bytes are needed ({@link #headerNeed} was raised). */
    static final int MORE_HEADER = -1;
    /** {@link #onHeader} result: the header was a whole frame by itself (a quick ack). */
    static final int FRAME_DONE = -2;

    /** A packet shorter than this cannot be an MTProto message (auth_key_id, msg_id, length, body). */
    private static final int MIN_MESSAGE_LENGTH = 24;

    final boolean clientSide;
    final int maxFrameSize;

    final byte[] header = new byte[8];
    int headerNeed;
    boolean quickAckRequested;
    private final int initialHeader;
    private int headerFill;
    private byte[] body;
    private int bodyFill;

    Framer(boolean clientSide, int maxFrameSize, int initialHeader) {
        this.clientSide = clientSide;
        this.maxFrameSize = maxFrameSize;
        this.initialHeader = initialHeader;
        this.headerNeed = initialHeader;
    }

    abstract Framing framing();

    /**
     * Looks at the {@link #headerNeed} header bytes.
     *
     * @return the body length to read, {@link #MORE_HEADER} or {@link #FRAME_DONE}
     */
    abstract int onHeader(FrameSink sink);

    /** A whole body arrived; {@code quickAck} tells whether its header asked for a quick ack. */
    abstract void onBody(byte[] body, boolean quickAck, FrameSink sink);

    /** Frames a packet, leaving {@code reserve} zero bytes in front for a connection preamble. */
    abstract byte[] encode(byte[] packet, boolean quickAck, int reserve);

    /** Frames a quick-ack reply (server side). */
    abstract byte[] encodeQuickAck(int token);

    final void decode(byte[] data, int off, int len, FrameSink sink) {
        int end = off + len;
        while (off < end) {
            if (body == null) {
                int n = Math.min(headerNeed - headerFill, end - off);
                System.arraycopy(data, off, header, headerFill, n);
                headerFill += n;
                off += n;
                if (headerFill == headerNeed) {
                    int bodyLength = onHeader(sink);
                    if (bodyLength == FRAME_DONE) {
                        resetHeader();
                    } else if (bodyLength >= 0) {
                        body = new byte[bodyLength];
                        bodyFill = 0;
                    }
                }
            } else {
                int n = Math.min(body.length - bodyFill, end - off);
                System.arraycopy(data, off, body, bodyFill, n);
                bodyFill += n;
                off += n;
                if (bodyFill == body.length) {
                    byte[] done = body;
                    boolean quickAck = quickAckRequested;
                    body = null;
                    resetHeader();
                    onBody(done, quickAck, sink);
                }
            }
        }
    }

    private void resetHeader() {
        headerFill = 0;
        headerNeed = initialHeader;
        quickAckRequested = false;
    }

    /** Checks an announced payload length before anything is allocated for it. */
    final int checkLength(long length) {
        if (length <= 0) {
            throw new TransportException(TransportException.Kind.FRAMING, framing() + " frame with length " + length, null);
        }
        if (length > maxFrameSize) {
            throw tooLarge(length);
        }
        return (int) length;
    }

    final TransportException tooLarge(long length) {
        return new TransportException(TransportException.Kind.FRAME_TOO_LARGE,
                framing() + " frame of " + length + " bytes exceeds the maximum of " + maxFrameSize, null);
    }

    /**
     * Hands a payload to the sink. On the client side a payload too short for an MTProto message
     * that starts with a negative int32 is a transport error code (-404, -429, -444); a
     * non-negative one is a no-op, as in TDLib. Padded intermediate may append up to 15 bytes.
     */
    final void deliver(byte[] payload, boolean quickAck, FrameSink sink) {
        if (clientSide && payload.length >= 4 && payload.length < MIN_MESSAGE_LENGTH) {
            int code = Bits.intLe(payload, 0);
            if (code < 0) {
                throw TransportException.serverCode(code);
            }
            return;
        }
        sink.onPacket(payload, quickAck);
    }

    final void checkEncodable(int length) {
        if (length > maxFrameSize) {
            throw tooLarge(length);
        }
    }
}
