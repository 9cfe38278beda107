package dev.heliograph.testdc.internal;

import dev.heliograph.crypto.AesKeyIv;
import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.impl.DhGroup;
import dev.heliograph.error.SecurityCheckException.Check;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.error.TlDecodeException;
import dev.heliograph.tl.TlLimits;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlRegistry;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.transport.DcEndpoint;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

/**
 * The server half of auth key creation on one connection: {@code req_pq}/{@code req_pq_multi},
 * {@code req_DH_params} (inner data with or without {@code dc}, permanent or temporary; RSA_PAD
 * or the legacy {@code sha1(data) || data || padding} scheme) and {@code set_client_DH_params}
 * (with {@code dh_gen_retry} on request). Every check a server makes fails with a
 * {@link SecurityCheckException} (or a {@link TlDecodeException} for malformed TL), after which
 * the caller drops the connection. Not thread-safe: one instance per connection.
 */
final class KeyExchange {

    private static final BigInteger G_BIG = BigInteger.valueOf(DhGroup.G);
    private static final byte[] DH_PRIME_BYTES = unsigned(DhGroup.PRIME);
    private static final BigInteger RANGE_LOW = BigInteger.ONE.shiftLeft(2048 - 64);
    private static final BigInteger RANGE_HIGH = DhGroup.PRIME.subtract(RANGE_LOW);
    /**
     * Size of the server's secret exponent {@code a}. 320 bits give the 2048-bit group about 160
     * bits of security (twice the usual rule of thumb for short exponents in safe-prime groups) and
     * make the two exponentiations per login several times cheaper than a full-size exponent.
     */
    static final int SERVER_EXPONENT_BYTES = 40;
    static final TlRegistry NO_OBJECTS = TlRegistry.builder().build();

    private enum Stage { EXPECT_REQ_PQ, EXPECT_REQ_DH_PARAMS, EXPECT_SET_CLIENT_DH_PARAMS }

    private final DcState dc;
    private Stage stage = Stage.EXPECT_REQ_PQ;
    private byte[] nonce;
    private byte[] serverNonce;
    private byte[] newNonce;
    private long p;
    private long q;
    private BigInteger a;
    private int expiresIn;
    private long expectedRetryId;
    private boolean retryAnswered;

    KeyExchange(DcState dc) {
        this.dc = dc;
    }

    /**
     * Handles the body of one plaintext message and returns the body of the answer.
     *
     * @param data the array holding the body
     * @param offset where the body starts
     * @param length its length
     * @return the serialized answer (a boxed object)
     * @throws SecurityCheckException if a check fails
     * @throws TlDecodeException if the body is malformed
     */
    byte[] handle(byte[] data, int offset, int length) {
        TlReader r = new TlReader(data, offset, length, NO_OBJECTS, TlLimits.DEFAULT);
        int id = r.readInt();
        return switch (id) {
            case Ids.REQ_PQ, Ids.REQ_PQ_MULTI -> reqPq(r);
            case Ids.REQ_DH_PARAMS -> reqDhParams(r);
            case Ids.SET_CLIENT_DH_PARAMS -> setClientDhParams(r);
            default -> throw new SecurityCheckException(Check.PLAINTEXT,
                    String.format("constructor #%08x is not allowed in a plaintext message", id));
        };
    }

    private byte[] reqPq(TlReader r) {
        nonce = r.readInt128().toByteArray();
        r.requireEnd();
        serverNonce = dc.random.bytes(16);
        Random primes = new Random(dc.random.nextLong());
        do {
            p = BigInteger.probablePrime(31, primes).longValue();
            q = BigInteger.probablePrime(31, primes).longValue();
        } while (p == q);
        if (p > q) {
            long t = p;
            p = q;
            q = t;
        }
        TlWriter w = new TlWriter(96);
        w.writeInt(Ids.RES_PQ);
        w.writeRaw(nonce);
        w.writeRaw(serverNonce);
        byte[] pq = BigInteger.valueOf(p * q).toByteArray();
        w.writeBytes(pq, 0, pq.length);
        w.writeInt(TlWriter.VECTOR_ID);
        w.writeInt(dc.rsaKeys.size());
        for (long fingerprint : dc.rsaKeys.keySet()) {
            w.writeLong(fingerprint);
        }
        stage = Stage.EXPECT_REQ_DH_PARAMS;
        return w.toByteArray();
    }

    private byte[] reqDhParams(TlReader r) {
        requireStage(Stage.EXPECT_REQ_DH_PARAMS);
        byte[] n = r.readInt128().toByteArray();
        byte[] sn = r.readInt128().toByteArray();
        byte[] pBytes = r.readByteArray();
        byte[] qBytes = r.readByteArray();
        long fingerprint = r.readLong();
        byte[] encrypted = r.readByteArray();
        r.requireEnd();
        checkNonces(n, sn);
        checkFactor(pBytes, p, "p");
        checkFactor(qBytes, q, "q");
        RsaPrivateKey key = dc.rsaKeys.get(fingerprint);
        if (key == null) {
            throw new SecurityCheckException(Check.FINGERPRINT, "no RSA key with the requested fingerprint");
        }
        if (encrypted.length != 256) {
            throw new SecurityCheckException(Check.RSA, "encrypted_data is not 256 bytes");
        }
        readInnerData(decryptInnerData(key, encrypted));

        a = new BigInteger(1, dc.random.bytes(SERVER_EXPONENT_BYTES));
        BigInteger gA = dc.provider.modPow(G_BIG, a, DhGroup.PRIME);
        while (!inRange(gA)) {
            a = new BigInteger(1, dc.random.bytes(SERVER_EXPONENT_BYTES));
            gA = dc.provider.modPow(G_BIG, a, DhGroup.PRIME);
        }
        TlWriter inner = new TlWriter(600);
        inner.writeInt(Ids.SERVER_DH_INNER_DATA);
        inner.writeRaw(nonce);
        inner.writeRaw(serverNonce);
        inner.writeInt(DhGroup.G);
        inner.writeBytes(DH_PRIME_BYTES, 0, DH_PRIME_BYTES.length);
        byte[] gABytes = unsigned(gA);
        inner.writeBytes(gABytes, 0, gABytes.length);
        inner.writeInt(dc.clock.nowSeconds());
        byte[] answer = inner.toByteArray();
        int total = (20 + answer.length + 15) / 16 * 16;
        byte[] withHash = new byte[total];
        System.arraycopy(dc.crypto.sha1(answer), 0, withHash, 0, 20);
        System.arraycopy(answer, 0, withHash, 20, answer.length);
        byte[] tail = dc.random.bytes(total - 20 - answer.length);
        System.arraycopy(tail, 0, withHash, 20 + answer.length, tail.length);
        AesKeyIv tmp = dc.crypto.tmpAesKeyIv(newNonce, serverNonce);
        dc.provider.aesIgeEncrypt(tmp.key(), tmp.iv(), withHash, 0, total, withHash, 0);

        TlWriter w = new TlWriter(total + 48);
        w.writeInt(Ids.SERVER_DH_PARAMS_OK);
        w.writeRaw(nonce);
        w.writeRaw(serverNonce);
        w.writeBytes(withHash, 0, withHash.length);
        stage = Stage.EXPECT_SET_CLIENT_DH_PARAMS;
        expectedRetryId = 0;
        retryAnswered = false;
        return w.toByteArray();
    }

    /** Tries RSA_PAD first, then the legacy scheme; each checks its own hash. */
    private byte[] decryptInnerData(RsaPrivateKey key, byte[] encrypted) {
        try {
            return dc.crypto.rsaPadDecrypt(key, encrypted);
        } catch (SecurityCheckException notRsaPad) {
            return dc.crypto.rsaLegacyDecrypt(key, encrypted);
        }
    }

    private void readInnerData(byte[] data) {
        TlReader r = new TlReader(data, KeyExchange.NO_OBJECTS);
        int id = r.readInt();
        boolean hasDc = id == Ids.P_Q_INNER_DATA_DC || id == Ids.P_Q_INNER_DATA_TEMP_DC;
        boolean temp = id == Ids.P_Q_INNER_DATA_TEMP || id == Ids.P_Q_INNER_DATA_TEMP_DC;
        if (!hasDc && !temp && id != Ids.P_Q_INNER_DATA) {
            throw new SecurityCheckException(Check.RSA, "the decrypted data is not p_q_inner_data");
        }
        byte[] pq = r.readByteArray();
        byte[] pBytes = r.readByteArray();
        byte[] qBytes = r.readByteArray();
        byte[] n = r.readInt128().toByteArray();
        byte[] sn = r.readInt128().toByteArray();
        byte[] nn = r.readInt256().toByteArray();
        int dcField = hasDc ? r.readInt() : 0;
        int expires = temp ? r.readInt() : 0;
        checkNonces(n, sn);
        if (new BigInteger(1, pq).longValue() != p * q || pq.length > 8) {
            throw new SecurityCheckException(Check.PQ, "inner data carries another pq");
        }
        checkFactor(pBytes, p, "p");
        checkFactor(qBytes, q, "q");
        if (hasDc) {
            int abs = Math.abs(dcField);
            if (abs != dc.dcId && abs != DcEndpoint.TEST_SERVER_OFFSET + dc.dcId) {
                throw new SecurityCheckException(Check.PLAINTEXT, "inner data names DC " + dcField);
            }
        }
        if (temp && expires <= 0) {
            throw new SecurityCheckException(Check.PLAINTEXT, "a temporary key needs a positive expires_in");
        }
        newNonce = nn;
        expiresIn = expires;
    }

    private byte[] setClientDhParams(TlReader r) {
        requireStage(Stage.EXPECT_SET_CLIENT_DH_PARAMS);
        byte[] n = r.readInt128().toByteArray();
        byte[] sn = r.readInt128().toByteArray();
        byte[] encrypted = r.readByteArray();
        r.requireEnd();
        checkNonces(n, sn);
        if (encrypted.length % 16 != 0 || encrypted.length < 32) {
            throw new SecurityCheckException(Check.ANSWER_LENGTH, "encrypted_data is not whole AES blocks");
        }
        AesKeyIv tmp = dc.crypto.tmpAesKeyIv(newNonce, serverNonce);
        byte[] plain = new byte[encrypted.length];
        dc.provider.aesIgeDecrypt(tmp.key(), tmp.iv(), encrypted, 0, encrypted.length, plain, 0);
        TlReader inner = new TlReader(plain, 20, plain.length - 20, NO_OBJECTS, TlLimits.DEFAULT);
        if (inner.readInt() != Ids.CLIENT_DH_INNER_DATA) {
            throw new SecurityCheckException(Check.ANSWER_HASH, "the decrypted data is not client_DH_inner_data");
        }
        byte[] in = inner.readInt128().toByteArray();
        byte[] isn = inner.readInt128().toByteArray();
        long retryId = inner.readLong();
        byte[] gBBytes = inner.readByteArray();
        int innerLength = inner.position();
        if (plain.length - 20 - innerLength > 15) {
            throw new SecurityCheckException(Check.ANSWER_LENGTH, "client_DH_inner_data has more than 15 bytes of padding");
        }
        byte[] hash = dc.crypto.sha1(Arrays.copyOfRange(plain, 20, 20 + innerLength));
        if (!MessageDigest.isEqual(hash, Arrays.copyOf(plain, 20))) {
            throw new SecurityCheckException(Check.ANSWER_HASH, "SHA-1 of client_DH_inner_data does not match");
        }
        checkNonces(in, isn);
        if (retryId != expectedRetryId) {
            throw new SecurityCheckException(Check.NONCE, "retry_id does not match the previous attempt");
        }
        BigInteger gB = new BigInteger(1, gBBytes);
        if (gBBytes.length > 256 || !inRange(gB)) {
            throw new SecurityCheckException(Check.DH_RANGE, "g_b is outside the safe range");
        }
        byte[] keyBytes = leftPad(unsigned(dc.provider.modPow(gB, a, DhGroup.PRIME)), 256);
        AuthKey key = AuthKey.of(keyBytes);
        byte[] sha = dc.crypto.sha1(keyBytes);
        long auxHash = littleEndianLong(sha, 0);

        boolean retry = dc.authKeys.containsKey(key.id()) || (!retryAnswered && dc.knobs.takeDhGenRetry());
        TlWriter w = new TlWriter(52);
        w.writeInt(retry ? Ids.DH_GEN_RETRY : Ids.DH_GEN_OK);
        w.writeRaw(nonce);
        w.writeRaw(serverNonce);
        w.writeRaw(dc.crypto.newNonceHash(newNonce, retry ? 2 : 1, key));
        if (retry) {
            expectedRetryId = auxHash;
            retryAnswered = true;
        } else {
            long salt = dc.crypto.initialServerSalt(newNonce, serverNonce);
            long expiresAt = expiresIn > 0 ? dc.clock.nowMillis() + expiresIn * 1000L : 0;
            dc.keyCreated(key, salt, expiresAt);
            stage = Stage.EXPECT_REQ_PQ;
            a = null;
            newNonce = null;
        }
        return w.toByteArray();
    }

    private void requireStage(Stage expected) {
        if (stage != expected) {
            throw new SecurityCheckException(Check.PLAINTEXT, "handshake message out of order");
        }
    }

    private void checkNonces(byte[] n, byte[] sn) {
        if (!MessageDigest.isEqual(n, nonce)) {
            throw new SecurityCheckException(Check.NONCE, "nonce does not match");
        }
        if (!MessageDigest.isEqual(sn, serverNonce)) {
            throw new SecurityCheckException(Check.SERVER_NONCE, "server_nonce does not match");
        }
    }

    private static void checkFactor(byte[] bytes, long expected, String name) {
        if (bytes.length == 0 || bytes.length > 8 || new BigInteger(1, bytes).longValue() != expected) {
            throw new SecurityCheckException(Check.PQ, name + " is not the factor of pq");
        }
    }

    private static boolean inRange(BigInteger x) {
        return x.compareTo(RANGE_LOW) > 0 && x.compareTo(RANGE_HIGH) < 0;
    }

    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] leftPad(byte[] b, int size) {
        if (b.length == size) {
            return b;
        }
        byte[] out = new byte[size];
        System.arraycopy(b, 0, out, size - b.length, b.length);
        return out;
    }

    static long littleEndianLong(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xff);
        }
        return v;
    }
}
