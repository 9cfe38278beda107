package dev.heliograph.testdc.internal;

import dev.heliograph.crypto.AesKeyIv;
import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.RsaPublicKey;
import dev.heliograph.crypto.impl.DhGroup;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.crypto.impl.PqFactorizer;
import dev.heliograph.tl.TlLimits;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A small MTProto client written from the spec for the server's tests: the plaintext handshake
 * (with hooks to break each check) and encrypted messages. Deliberately independent of the SDK's
 * client state machines.
 */
final class RawClient {

    /** How to run (or sabotage) a key exchange. */
    static final class Options {
        boolean legacyRsa;
        int innerId = Ids.P_Q_INNER_DATA_DC;
        int innerDc;
        boolean wrongNonceInReqDh;
        boolean wrongServerNonceInReqDh;
        boolean wrongFingerprint;
        boolean wrongP;
        boolean badClientDhSha1;
        boolean gBOutOfRange;
        boolean wrongNonceInInnerData;
        boolean corruptRsaBlock;
        long retryIdOverride = -1;
        /** Size of the secret b; the spec's 256 bytes, or less to spare a load client's CPU. */
        int exponentBytes = 256;
    }

    /** One message the server sent, containers flattened. */
    record Msg(long msgId, int seqNo, byte[] body) {
        int id() {
            return DcConnection.intAt(body, 0);
        }

        TlReader reader() {
            return new TlReader(body, KeyExchange.NO_OBJECTS);
        }
    }

    final CryptoProvider provider;
    final MtprotoCrypto crypto;
    final RandomSource random;
    final RsaPublicKey serverKey;
    final LongSupplier millis;
    final Function<byte[], List<byte[]>> exchange;

    AuthKey authKey;
    long salt;
    long sessionId;
    long timeOffsetSeconds;
    int dhGenRetries;
    private long lastMsgId;
    private int contentSent;

    RawClient(CryptoProvider provider, RandomSource random, RsaPublicKey serverKey, LongSupplier millis,
            Function<byte[], List<byte[]>> exchange) {
        this.provider = provider;
        this.crypto = new MtprotoCrypto(provider);
        this.random = random;
        this.serverKey = serverKey;
        this.millis = millis;
        this.exchange = exchange;
        this.sessionId = random.nextLong();
    }

    long nextMsgId() {
        long now = millis.getAsLong() + timeOffsetSeconds * 1000;
        long id = (now / 1000) << 32 | ((now % 1000) << 32) / 1000 & ~3L;
        if (id <= lastMsgId) {
            id = lastMsgId + 4;
        }
        lastMsgId = id;
        return id;
    }

    int nextSeqNo(boolean content) {
        return content ? 2 * contentSent++ + 1 : 2 * contentSent;
    }

    /** Sends a plaintext message; returns the body of the single plaintext answer, or null if none. */
    byte[] plain(byte[] body) {
        byte[] packet = new byte[20 + body.length];
        DcConnection.putLong(packet, 8, nextMsgId());
        DcConnection.putInt(packet, 16, body.length);
        System.arraycopy(body, 0, packet, 20, body.length);
        List<byte[]> answers = exchange.apply(packet);
        if (answers.isEmpty()) {
            return null;
        }
        byte[] a = answers.get(0);
        return Arrays.copyOfRange(a, 20, 20 + DcConnection.intAt(a, 16));
    }

    /** Runs the whole key exchange; returns null as soon as the server stops answering. */
    AuthKey handshake(Options o) {
        byte[] nonce = random.bytes(16);
        TlWriter w = new TlWriter();
        w.writeInt(Ids.REQ_PQ_MULTI);
        w.writeRaw(nonce);
        byte[] resPq = plain(w.toByteArray());
        if (resPq == null) {
            return null;
        }
        TlReader r = new TlReader(resPq, KeyExchange.NO_OBJECTS);
        check(r.readInt() == Ids.RES_PQ, "resPQ");
        check(Arrays.equals(r.readInt128().toByteArray(), nonce), "resPQ nonce");
        byte[] serverNonce = r.readInt128().toByteArray();
        long pq = new BigInteger(1, r.readByteArray()).longValue();
        List<Long> fingerprints = r.readVector(8, TlReader::readLong);
        long fingerprint = crypto.rsaFingerprint(serverKey);
        check(fingerprints.contains(fingerprint), "fingerprint offered");
        long[] pqf = PqFactorizer.factor(pq);
        byte[] p = BigInteger.valueOf(pqf[0] + (o.wrongP ? 2 : 0)).toByteArray();
        byte[] q = BigInteger.valueOf(pqf[1]).toByteArray();
        byte[] newNonce = random.bytes(32);

        TlWriter inner = new TlWriter();
        inner.writeInt(o.innerId);
        byte[] pqBytes = KeyExchange.unsigned(BigInteger.valueOf(pq));
        inner.writeBytes(pqBytes, 0, pqBytes.length);
        inner.writeBytes(p, 0, p.length);
        inner.writeBytes(q, 0, q.length);
        inner.writeRaw(o.wrongNonceInInnerData ? random.bytes(16) : nonce);
        inner.writeRaw(serverNonce);
        inner.writeRaw(newNonce);
        if (o.innerId == Ids.P_Q_INNER_DATA_DC || o.innerId == Ids.P_Q_INNER_DATA_TEMP_DC) {
            inner.writeInt(o.innerDc);
        }
        if (o.innerId == Ids.P_Q_INNER_DATA_TEMP || o.innerId == Ids.P_Q_INNER_DATA_TEMP_DC) {
            inner.writeInt(3600);
        }
        byte[] data = inner.toByteArray();
        byte[] encrypted = o.legacyRsa ? legacyEncrypt(data) : crypto.rsaPadEncrypt(serverKey, data, random);
        if (o.corruptRsaBlock) {
            encrypted[200] ^= 1;
        }
        w = new TlWriter();
        w.writeInt(Ids.REQ_DH_PARAMS);
        w.writeRaw(o.wrongNonceInReqDh ? random.bytes(16) : nonce);
        w.writeRaw(o.wrongServerNonceInReqDh ? random.bytes(16) : serverNonce);
        w.writeBytes(p, 0, p.length);
        w.writeBytes(q, 0, q.length);
        w.writeLong(o.wrongFingerprint ? fingerprint ^ 1 : fingerprint);
        w.writeBytes(encrypted, 0, encrypted.length);
        byte[] dh = plain(w.toByteArray());
        if (dh == null) {
            return null;
        }
        r = new TlReader(dh, KeyExchange.NO_OBJECTS);
        check(r.readInt() == Ids.SERVER_DH_PARAMS_OK, "server_DH_params_ok");
        check(Arrays.equals(r.readInt128().toByteArray(), nonce), "dh nonce");
        check(Arrays.equals(r.readInt128().toByteArray(), serverNonce), "dh server nonce");
        byte[] answer = r.readByteArray();
        AesKeyIv tmp = crypto.tmpAesKeyIv(newNonce, serverNonce);
        provider.aesIgeDecrypt(tmp.key(), tmp.iv(), answer, 0, answer.length, answer, 0);
        TlReader ar = new TlReader(answer, 20, answer.length - 20, KeyExchange.NO_OBJECTS, TlLimits.DEFAULT);
        check(ar.readInt() == Ids.SERVER_DH_INNER_DATA, "server_DH_inner_data");
        ar.readInt128();
        ar.readInt128();
        int g = ar.readInt();
        BigInteger dhPrime = new BigInteger(1, ar.readByteArray());
        BigInteger gA = new BigInteger(1, ar.readByteArray());
        int serverTime = ar.readInt();
        int innerLength = ar.position();
        check(Arrays.equals(crypto.sha1(Arrays.copyOfRange(answer, 20, 20 + innerLength)),
                Arrays.copyOf(answer, 20)), "answer hash");
        check(g == 3 && dhPrime.equals(DhGroup.PRIME), "g and dh_prime");
        timeOffsetSeconds = serverTime - millis.getAsLong() / 1000;

        long retryId = 0;
        while (true) {
            BigInteger b = new BigInteger(1, random.bytes(o.exponentBytes));
            BigInteger gB = o.gBOutOfRange ? BigInteger.ONE : BigInteger.valueOf(g).modPow(b, dhPrime);
            byte[] gBBytes = KeyExchange.unsigned(gB);
            TlWriter cd = new TlWriter();
            cd.writeInt(Ids.CLIENT_DH_INNER_DATA);
            cd.writeRaw(nonce);
            cd.writeRaw(serverNonce);
            cd.writeLong(o.retryIdOverride >= 0 ? o.retryIdOverride : retryId);
            cd.writeBytes(gBBytes, 0, gBBytes.length);
            byte[] clientInner = cd.toByteArray();
            int total = (20 + clientInner.length + 15) / 16 * 16;
            byte[] withHash = new byte[total];
            System.arraycopy(crypto.sha1(clientInner), 0, withHash, 0, 20);
            if (o.badClientDhSha1) {
                withHash[3] ^= 1;
            }
            System.arraycopy(clientInner, 0, withHash, 20, clientInner.length);
            provider.aesIgeEncrypt(tmp.key(), tmp.iv(), withHash, 0, total, withHash, 0);
            w = new TlWriter();
            w.writeInt(Ids.SET_CLIENT_DH_PARAMS);
            w.writeRaw(nonce);
            w.writeRaw(serverNonce);
            w.writeBytes(withHash, 0, withHash.length);
            byte[] gen = plain(w.toByteArray());
            if (gen == null) {
                return null;
            }
            byte[] keyBytes = KeyExchange.unsigned(gA.modPow(b, dhPrime));
            byte[] padded = new byte[256];
            System.arraycopy(keyBytes, 0, padded, 256 - keyBytes.length, keyBytes.length);
            AuthKey key = AuthKey.of(padded);
            r = new TlReader(gen, KeyExchange.NO_OBJECTS);
            int id = r.readInt();
            check(Arrays.equals(r.readInt128().toByteArray(), nonce), "gen nonce");
            check(Arrays.equals(r.readInt128().toByteArray(), serverNonce), "gen server nonce");
            byte[] hash = r.readInt128().toByteArray();
            if (id == Ids.DH_GEN_RETRY) {
                check(Arrays.equals(hash, crypto.newNonceHash(newNonce, 2, key)), "new_nonce_hash2");
                dhGenRetries++;
                retryId = key.auxHash();
                continue;
            }
            check(id == Ids.DH_GEN_OK, "dh_gen_ok");
            check(Arrays.equals(hash, crypto.newNonceHash(newNonce, 1, key)), "new_nonce_hash1");
            authKey = key;
            salt = crypto.initialServerSalt(newNonce, serverNonce);
            return key;
        }
    }

    private byte[] legacyEncrypt(byte[] data) {
        byte[] block = new byte[256];
        System.arraycopy(crypto.sha1(data), 0, block, 1, 20);
        System.arraycopy(data, 0, block, 21, data.length);
        byte[] pad = random.bytes(255 - 20 - data.length);
        System.arraycopy(pad, 0, block, 21 + data.length, pad.length);
        return provider.rsaPublic(serverKey, block);
    }

    /** Encrypts one message with explicit header fields. */
    byte[] encrypt(long saltValue, long msgId, int seqNo, byte[] body, int padding) {
        byte[] plain = new byte[32 + body.length + padding];
        DcConnection.putLong(plain, 0, saltValue);
        DcConnection.putLong(plain, 8, sessionId);
        DcConnection.putLong(plain, 16, msgId);
        DcConnection.putInt(plain, 24, seqNo);
        DcConnection.putInt(plain, 28, body.length);
        System.arraycopy(body, 0, plain, 32, body.length);
        return crypto.encryptMessage(authKey, plain, 0, plain.length, true);
    }

    static int padding(int bodyLength) {
        return 12 + (16 - (32 + bodyLength + 12) % 16) % 16;
    }

    /** Sends one message with explicit ids; returns every server message of the answer packets. */
    List<Msg> send(long msgId, int seqNo, byte[] body) {
        return receive(exchange.apply(encrypt(salt, msgId, seqNo, body, padding(body.length))));
    }

    /** Sends a content-related message with fresh ids, adopting salts from bad_server_salt once. */
    List<Msg> call(byte[] body) {
        List<Msg> got = send(nextMsgId(), nextSeqNo(true), body);
        for (Msg m : got) {
            if (m.id() == Ids.BAD_SERVER_SALT) {
                salt = KeyExchange.littleEndianLong(m.body(), 20);
                return send(nextMsgId(), nextSeqNo(true), body);
            }
        }
        return got;
    }

    List<Msg> receive(List<byte[]> packets) {
        List<Msg> out = new ArrayList<>();
        for (byte[] packet : packets) {
            if (packet.length == 4) {
                out.add(new Msg(0, 0, packet));
                continue;
            }
            // padded intermediate: 0..15 random bytes may follow the message
            int length = packet.length - ((packet.length - 24) & 15);
            byte[] plain = crypto.decryptMessage(authKey, packet, 0, length, false);
            check(KeyExchange.littleEndianLong(plain, 8) == sessionId, "session id");
            long msgId = KeyExchange.littleEndianLong(plain, 16);
            check((msgId & 1) == 1, "server msg_id is odd");
            int bodyLength = DcConnection.intAt(plain, 28);
            int pad = plain.length - 32 - bodyLength;
            check(pad >= 12 && pad <= 1024, "server padding");
            byte[] body = Arrays.copyOfRange(plain, 32, 32 + bodyLength);
            flatten(msgId, DcConnection.intAt(plain, 24), body, out);
        }
        return out;
    }

    private static void flatten(long msgId, int seqNo, byte[] body, List<Msg> out) {
        if (DcConnection.intAt(body, 0) != Ids.MSG_CONTAINER) {
            out.add(new Msg(msgId, seqNo, body));
            return;
        }
        TlReader r = new TlReader(body, KeyExchange.NO_OBJECTS);
        r.readInt();
        int n = r.readInt();
        for (int i = 0; i < n; i++) {
            long id = r.readLong();
            int seq = r.readInt();
            int len = r.readInt();
            out.add(new Msg(id, seq, r.readRaw(len)));
        }
    }

    /** Builds a container of already serialized (msgId, seqNo, body) messages. */
    static byte[] container(long[] ids, int[] seqNos, byte[][] bodies) {
        TlWriter w = new TlWriter();
        w.writeInt(Ids.MSG_CONTAINER);
        w.writeInt(ids.length);
        for (int i = 0; i < ids.length; i++) {
            w.writeLong(ids[i]);
            w.writeInt(seqNos[i]);
            w.writeInt(bodies[i].length);
            w.writeRaw(bodies[i]);
        }
        return w.toByteArray();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("server answer failed the client check: " + what);
        }
    }
}
