package dev.heliograph.mtproto.internal.auth;

import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.error.SecurityCheckException.Check;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlWriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Unencrypted messages (MTPROTO-NOTES 2): {@code auth_key_id = 0 | msg_id | length | body}, used
 * only while creating an auth key.
 */
public final class PlainMessage {

    private static final int HEADER = 20;

    private PlainMessage() {
    }

    /**
     * Frames one boxed object.
     *
     * @param msgId the message id
     * @param body the object
     * @return the packet
     */
    public static byte[] encode(long msgId, TlObject body) {
        TlWriter w = new TlWriter(HEADER + 64);
        w.writeLong(0);
        w.writeLong(msgId);
        int lengthAt = w.skip(4);
        body.serialize(w);
        w.setInt(lengthAt, w.size() - HEADER);
        return w.toByteArray();
    }

    /**
     * Reads the auth_key_id a packet starts with: 0 for plaintext, else the key it is encrypted with.
     *
     * @param packet the packet, at least 8 bytes
     * @return the key id
     */
    public static long authKeyId(byte[] packet) {
        return ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /**
     * Checks a plaintext packet from the server and locates its body.
     *
     * @param packet the packet
     * @return {@code [offset, length]} of the body within the packet
     * @throws SecurityCheckException with {@link Check#PLAINTEXT} if the key id is not zero, the
     *     msg_id is not a server response id or the declared length does not fit
     */
    public static int[] body(byte[] packet) {
        if (packet.length < HEADER + 4) {
            throw new SecurityCheckException(Check.PLAINTEXT, "plaintext message of " + packet.length + " bytes is too short");
        }
        ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(0) != 0) {
            throw new SecurityCheckException(Check.PLAINTEXT, "an encrypted message arrived during key creation");
        }
        long msgId = b.getLong(8);
        if ((msgId & 3) != 1) {
            throw new SecurityCheckException(Check.PLAINTEXT, "msg_id of a server response must be 1 mod 4");
        }
        int length = b.getInt(16);
        if (length <= 0 || length > packet.length - HEADER) {
            throw new SecurityCheckException(Check.PLAINTEXT, "declared length " + length + " does not fit in "
                    + (packet.length - HEADER) + " bytes");
        }
        return new int[] {HEADER, length};
    }
}
