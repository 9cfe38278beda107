package dev.heliograph.mtproto.internal.engine;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The server's side of encrypted messages, written from the spec, for engine tests. */
final class EngineServer {

    /** One message the client sent. */
    record Message(long msgId, int seqNo, byte[] body) {
        int constructor() {
            return ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        }
    }

    /** A decrypted client packet. */
    record Packet(long salt, long sessionId, Message message, int padding) {
        /** The messages, unwrapped from a container. */
        List<Message> messages() {
            if (message.constructor() != MtpEngine.MSG_CONTAINER) {
                return List.of(message);
            }
            ByteBuffer b = ByteBuffer.wrap(message.body).order(ByteOrder.LITTLE_ENDIAN);
            b.getInt();
            int count = b.getInt();
            List<Message> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long id = b.getLong();
                int seq = b.getInt();
                byte[] body = new byte[b.getInt()];
                b.get(body);
                out.add(new Message(id, seq, body));
            }
            return out;
        }
    }

    final MtprotoCrypto crypto;
    final AuthKey key;
    long nextMsgId;

    EngineServer(MtprotoCrypto crypto, AuthKey key, long nowMillis) {
        this.crypto = crypto;
        this.key = key;
        this.nextMsgId = (MsgIds.fromMillis(nowMillis) & ~3L) | 1;
    }

    long msgId() {
        long id = nextMsgId;
        nextMsgId += 4;
        return id;
    }

    Packet decode(byte[] wire) {
        byte[] plain = crypto.decryptMessage(key, wire, 0, wire.length, true);
        ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        long salt = b.getLong();
        long session = b.getLong();
        long msgId = b.getLong();
        int seq = b.getInt();
        int length = b.getInt();
        byte[] body = Arrays.copyOfRange(plain, 32, 32 + length);
        return new Packet(salt, session, new Message(msgId, seq, body), plain.length - 32 - length);
    }

    static byte[] body(TlObject o) {
        TlWriter w = new TlWriter();
        o.serialize(w);
        return w.toByteArray();
    }

    static byte[] rpcResult(long reqMsgId, byte[] result) {
        TlWriter w = new TlWriter();
        w.writeInt(MtpEngine.RPC_RESULT);
        w.writeLong(reqMsgId);
        w.writeRaw(result);
        return w.toByteArray();
    }

    static byte[] container(long[] ids, int[] seqs, byte[]... bodies) {
        TlWriter w = new TlWriter();
        w.writeInt(MtpEngine.MSG_CONTAINER);
        w.writeInt(bodies.length);
        for (int i = 0; i < bodies.length; i++) {
            w.writeLong(ids[i]);
            w.writeInt(seqs[i]);
            w.writeInt(bodies[i].length);
            w.writeRaw(bodies[i]);
        }
        return w.toByteArray();
    }

    /** Encrypts a server message with the given header fields and padding length. */
    byte[] raw(long salt, long sessionId, long msgId, int seqNo, byte[] body, int declaredLength, int padding) {
        TlWriter w = new TlWriter();
        w.writeLong(salt);
        w.writeLong(sessionId);
        w.writeLong(msgId);
        w.writeInt(seqNo);
        w.writeInt(declaredLength);
        w.writeRaw(body);
        w.writeRaw(new byte[padding]);
        return crypto.encryptMessage(key, w.buffer(), 0, w.size(), false);
    }

    byte[] packet(long sessionId, long msgId, int seqNo, byte[] body) {
        int padding = 12 + (16 - (32 + body.length + 12) % 16) % 16;
        return raw(0, sessionId, msgId, seqNo, body, body.length, padding);
    }
}
