package dev.heliograph.mtproto.internal.auth;

import dev.heliograph.crypto.AesKeyIv;
import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.RsaPublicKey;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.crypto.impl.PqFactorizer;
import dev.heliograph.error.ProtocolException;
import dev.heliograph.error.SecurityCheckException.Check;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.error.TlDecodeException;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.tl.Bytes;
import dev.heliograph.tl.TlLimits;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.mtproto.BaseClientDHInnerData;
import dev.heliograph.tl.mtproto.BaseResPQ;
import dev.heliograph.tl.mtproto.BaseServerDHInnerData;
import dev.heliograph.tl.mtproto.DhGenFail;
import dev.heliograph.tl.mtproto.DhGenOk;
import dev.heliograph.tl.mtproto.DhGenRetry;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import dev.heliograph.tl.mtproto.PQInnerDataDc;
import dev.heliograph.tl.mtproto.PQInnerDataTempDc;
import dev.heliograph.tl.mtproto.ResPQ;
import dev.heliograph.tl.mtproto.ServerDHParams;
import dev.heliograph.tl.mtproto.ServerDHParamsFail;
import dev.heliograph.tl.mtproto.ServerDHParamsOk;
import dev.heliograph.tl.mtproto.SetClientDHParamsAnswer;
import dev.heliograph.tl.mtproto.functions.ReqDHParams;
import dev.heliograph.tl.mtproto.functions.ReqPqMulti;
import dev.heliograph.tl.mtproto.functions.SetClientDHParams;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The client half of auth key creation (MTPROTO-NOTES 3) as a pure state machine: each step takes
 * the server's answer and returns the next request, with every check of the spec applied. No I/O,
 * no clock, no randomness of its own: {@link RandomSource} and {@code nowMillis} are injected, and
 * package-private overloads take fixed random values so the official sample replays exactly.
 *
 * <p>Steps, in order: {@link #start()}, {@link #onResPQ}, {@link #onServerDHParams},
 * {@link #onDhGenAnswer} (which may ask for another {@link SetClientDHParams} after
 * {@code dh_gen_retry}). A failed check throws {@link SecurityCheckException}; the exchange is then
 * dead and must be discarded. Not thread-safe.
 */
public final class AuthKeyExchange {

    /** tdesktop gives up after this many dh_gen_retry answers. */
    static final int MAX_RETRIES = 5;
    private static final int MAX_INNER_DATA = 144;

    private enum Stage { NEW, SENT_PQ, SENT_DH_PARAMS, SENT_CLIENT_DH, DONE }

    /** What {@link #onDhGenAnswer} produced. */
    public sealed interface Outcome {
    }

    /**
     * The key is ready.
     *
     * @param authKey the new key
     * @param serverSalt the initial server salt
     * @param timeOffsetMillis server time minus local time at the exchange, in milliseconds (whole seconds)
     */
    public record Created(AuthKey authKey, long serverSalt, long timeOffsetMillis) implements Outcome {
        @Override
        public String toString() {
            return "Created[keyId=" + Long.toHexString(authKey.id()) + "]";
        }
    }

    /**
     * The server asked for another DH half ({@code dh_gen_retry}).
     *
     * @param request the request to send next
     */
    public record Retry(SetClientDHParams request) implements Outcome {
    }

    private final CryptoProvider provider;
    private final MtprotoCrypto crypto;
    private final TrustedRsaKeys trustedKeys;
    private final DhParamsVerifier verifier;
    private final RandomSource random;
    private final int protocolDcId;
    private final int expiresIn;
    private final DhHalves halves;

    private Stage stage = Stage.NEW;
    private Bytes nonce;
    private Bytes serverNonce;
    private byte[] newNonce;
    private byte[] tmpKey;
    private byte[] tmpIv;
    private int g;
    private BigInteger dhPrime;
    private BigInteger gA;
    private long timeOffsetMillis;
    private long retryId;
    private int retries;
    private AuthKey pendingKey;
    private byte[] lastInnerData;

    /**
     * Creates an exchange.
     *
     * @param provider the crypto primitives
     * @param trustedKeys the RSA keys the server may use
     * @param verifier checks the DH group (share one per process for its cache)
     * @param random randomness for nonces, padding and the DH secret
     * @param protocolDcId the DC number to put in the inner data: the DC id, plus 10000 on test
     *     servers, negated for media-only DCs
     * @param expiresIn 0 for a permanent key; otherwise the lifetime in seconds of a temporary key
     */
    public AuthKeyExchange(CryptoProvider provider, TrustedRsaKeys trustedKeys, DhParamsVerifier verifier,
                           RandomSource random, int protocolDcId, int expiresIn) {
        this(provider, trustedKeys, verifier, random, protocolDcId, expiresIn, null);
    }

    /**
     * Creates an exchange that takes its first DH half from prepared ones when the server proposes
     * their group.
     *
     * @param provider the crypto primitives
     * @param trustedKeys the RSA keys the server may use
     * @param verifier checks the DH group (share one per process for its cache)
     * @param random randomness for nonces, padding and the DH secret
     * @param protocolDcId the DC number to put in the inner data (see the other constructor)
     * @param expiresIn 0 for a permanent key; otherwise the lifetime in seconds of a temporary key
     * @param halves prepared DH halves, or null to compute every half here
     */
    public AuthKeyExchange(CryptoProvider provider, TrustedRsaKeys trustedKeys, DhParamsVerifier verifier,
                           RandomSource random, int protocolDcId, int expiresIn, DhHalves halves) {
        this.halves = halves;
        this.provider = provider;
        this.crypto = new MtprotoCrypto(provider);
        this.trustedKeys = trustedKeys;
        this.verifier = verifier;
        this.random = random;
        this.protocolDcId = protocolDcId;
        this.expiresIn = expiresIn;
    }

    /**
     * Step 1: the first request.
     *
     * @return {@code req_pq_multi} with a fresh nonce
     */
    public ReqPqMulti start() {
        return start(random.bytes(16));
    }

    ReqPqMulti start(byte[] fixedNonce) {
        expect(Stage.NEW);
        nonce = Bytes.of(fixedNonce);
        stage = Stage.SENT_PQ;
        return new ReqPqMulti(nonce);
    }

    /**
     * Step 2: checks {@code resPQ}, factors pq and builds the RSA-encrypted inner data.
     *
     * @param answer the server's answer
     * @return {@code req_DH_params}
     * @throws SecurityCheckException on a wrong nonce, no trusted fingerprint or a bad pq
     */
    public ReqDHParams onResPQ(ResPQ answer) {
        return onResPQ(answer, random.bytes(32));
    }

    ReqDHParams onResPQ(ResPQ answer, byte[] fixedNewNonce) {
        expect(Stage.SENT_PQ);
        BaseResPQ res = (BaseResPQ) answer;
        checkNonce(res.nonce());
        serverNonce = res.serverNonce();
        RsaPublicKey key = null;
        long fingerprint = 0;
        Map<Long, RsaPublicKey> byFingerprint = new HashMap<>();
        for (RsaPublicKey k : trustedKeys.keys()) {
            byFingerprint.put(crypto.rsaFingerprint(k), k);
        }
        for (Long offered : res.serverPublicKeyFingerprints()) {
            key = byFingerprint.get(offered);
            if (key != null) {
                fingerprint = offered;
                break;
            }
        }
        if (key == null) {
            throw new SecurityCheckException(Check.FINGERPRINT, "the server offered no RSA key this client trusts");
        }
        long pq = pq(res.pq());
        long[] factors = PqFactorizer.factor(pq);
        long p = factors[0];
        long q = factors[1];
        if (p <= 1 || q <= p || q > 0xFFFFFFFFL || Math.multiplyHigh(p, q) != 0 || p * q != pq) {
            throw new SecurityCheckException(Check.PQ, "pq does not split into two factors below 2^32");
        }
        newNonce = fixedNewNonce.clone();
        Bytes pBytes = Bytes.wrap(uint32(p));
        Bytes qBytes = Bytes.wrap(uint32(q));
        TlWriter w = new TlWriter(MAX_INNER_DATA);
        if (expiresIn == 0) {
            new PQInnerDataDc(res.pq(), pBytes, qBytes, nonce, serverNonce, Bytes.of(newNonce), protocolDcId).serialize(w);
        } else {
            new PQInnerDataTempDc(res.pq(), pBytes, qBytes, nonce, serverNonce, Bytes.of(newNonce), protocolDcId,
                    expiresIn).serialize(w);
        }
        lastInnerData = w.toByteArray();
        if (lastInnerData.length > MAX_INNER_DATA) {
            throw new SecurityCheckException(Check.PQ, "inner data of " + lastInnerData.length + " bytes exceeds 144");
        }
        byte[] encrypted = crypto.rsaPadEncrypt(key, lastInnerData, random);
        stage = Stage.SENT_DH_PARAMS;
        return new ReqDHParams(nonce, serverNonce, pBytes, qBytes, fingerprint, Bytes.wrap(encrypted));
    }

    /** The key computed by the last client DH half (the retry test needs it to sign dh_gen_retry). */
    AuthKey pendingKeyForTest() {
        return pendingKey;
    }

    /** The serialized inner data sent in the last req_DH_params (for the vector test). */
    byte[] innerData() {
        return lastInnerData.clone();
    }

    /**
     * Step 3: decrypts and checks {@code server_DH_inner_data}, computes the client's DH half and
     * the key.
     *
     * @param answer the server's answer
     * @param nowMillis local time, to derive the clock offset from {@code server_time}
     * @return {@code set_client_DH_params}
     * @throws SecurityCheckException on any failed check
     * @throws ProtocolException if the server answered {@code server_DH_params_fail}
     */
    public SetClientDHParams onServerDHParams(ServerDHParams answer, long nowMillis) {
        checkServerDHParams(answer, nowMillis);
        return nextClientDh();
    }

    /** Step 3 without the client's DH half, which the official sample does not publish. */
    void checkServerDHParams(ServerDHParams answer, long nowMillis) {
        expect(Stage.SENT_DH_PARAMS);
        if (answer instanceof ServerDHParamsFail fail) {
            checkNonce(fail.nonce());
            checkServerNonce(fail.serverNonce());
            byte[] expected = crypto.newNonceHashForFail(newNonce);
            if (!Bytes.wrap(expected).equals(fail.newNonceHash())) {
                throw new SecurityCheckException(Check.NEW_NONCE_HASH, "server_DH_params_fail carries a wrong new_nonce_hash");
            }
            stage = Stage.DONE;
            throw new ProtocolException(0, "the server refused the DH parameters (server_DH_params_fail)");
        }
        ServerDHParamsOk ok = (ServerDHParamsOk) answer;
        checkNonce(ok.nonce());
        checkServerNonce(ok.serverNonce());
        AesKeyIv keyIv = crypto.tmpAesKeyIv(newNonce, serverNonce.toByteArray());
        tmpKey = keyIv.key();
        tmpIv = keyIv.iv();
        byte[] encrypted = ok.encryptedAnswer().toByteArray();
        if (encrypted.length % 16 != 0 || encrypted.length < 20 + 16) {
            throw new SecurityCheckException(Check.ANSWER_LENGTH, "encrypted_answer of " + encrypted.length
                    + " bytes is not a whole number of AES blocks");
        }
        byte[] plain = new byte[encrypted.length];
        provider.aesIgeDecrypt(tmpKey, tmpIv, encrypted, 0, encrypted.length, plain, 0);
        BaseServerDHInnerData inner = decodeInner(plain);
        checkNonce(inner.nonce());
        checkServerNonce(inner.serverNonce());
        dhPrime = new BigInteger(1, inner.dhPrime().toByteArray());
        g = inner.g();
        verifier.checkGroup(g, dhPrime);
        gA = new BigInteger(1, inner.gA().toByteArray());
        verifier.checkPublicValue(gA, dhPrime, "g_a");
        timeOffsetMillis = (inner.serverTime() - Math.floorDiv(nowMillis, 1000)) * 1000L;
        stage = Stage.SENT_CLIENT_DH;
    }

    private BaseServerDHInnerData decodeInner(byte[] answerWithHash) {
        BaseServerDHInnerData inner;
        int length;
        try {
            TlReader r = new TlReader(answerWithHash, 20, answerWithHash.length - 20, MtprotoSchema.registry(),
                    TlLimits.DEFAULT);
            inner = r.readObject(BaseServerDHInnerData.class);
            length = r.position();
        } catch (TlDecodeException e) {
            throw new SecurityCheckException(Check.ANSWER_HASH, "the decrypted answer is not a server_DH_inner_data");
        }
        byte[] hash = crypto.sha1(Arrays.copyOfRange(answerWithHash, 20, 20 + length));
        if (!Bytes.wrap(hash).equals(Bytes.of(answerWithHash, 0, 20))) {
            throw new SecurityCheckException(Check.ANSWER_HASH, "SHA-1 of server_DH_inner_data does not match");
        }
        if (answerWithHash.length - 20 - length > 15) {
            throw new SecurityCheckException(Check.ANSWER_LENGTH, "the decrypted answer has "
                    + (answerWithHash.length - 20 - length) + " bytes of padding, at most 15 are allowed");
        }
        return inner;
    }

    private SetClientDHParams nextClientDh() {
        DhHalves.Half half = halves != null && retries == 0 ? halves.take(g, dhPrime) : null;
        if (half != null) {
            byte[] key = unsigned(provider.modPow(gA, new BigInteger(1, half.secret()), dhPrime), 256);
            Arrays.fill(half.secret(), (byte) 0);
            return clientDhParams(unsigned(half.gB(), 0), key, null);
        }
        while (true) {
            byte[] b = random.bytes(256);
            BigInteger secret = new BigInteger(1, b);
            BigInteger gB = provider.modPow(BigInteger.valueOf(g), secret, dhPrime);
            if (!DhParamsVerifier.inRange(gB, dhPrime)) {
                continue;
            }
            byte[] key = unsigned(provider.modPow(gA, secret, dhPrime), 256);
            Arrays.fill(b, (byte) 0);
            return clientDhParams(unsigned(gB, 0), key, null);
        }
    }

    /**
     * Builds {@code set_client_DH_params} from a computed DH half. Split from the random part so
     * the official sample (which publishes g_b and the key but not the secret) can be replayed.
     *
     * @param gB g_b, big-endian
     * @param authKeyBytes the 256-byte key g_a^b
     * @param fixedPadding the 0..15 padding bytes, or {@code null} to draw them
     */
    SetClientDHParams clientDhParams(byte[] gB, byte[] authKeyBytes, byte[] fixedPadding) {
        verifier.checkPublicValue(new BigInteger(1, gB), dhPrime, "g_b");
        pendingKey = AuthKey.of(authKeyBytes);
        TlWriter w = new TlWriter(340);
        new BaseClientDHInnerData(nonce, serverNonce, retryId, Bytes.of(gB)).serialize(w);
        byte[] data = w.toByteArray();
        byte[] hash = crypto.sha1(data);
        int unpadded = hash.length + data.length;
        int padLength = (16 - unpadded % 16) % 16;
        byte[] padding = fixedPadding != null ? fixedPadding : random.bytes(padLength);
        if (padding.length != padLength) {
            throw new IllegalArgumentException("padding must be " + padLength + " bytes");
        }
        byte[] plain = new byte[unpadded + padLength];
        System.arraycopy(hash, 0, plain, 0, hash.length);
        System.arraycopy(data, 0, plain, hash.length, data.length);
        System.arraycopy(padding, 0, plain, unpadded, padLength);
        byte[] encrypted = new byte[plain.length];
        provider.aesIgeEncrypt(tmpKey, tmpIv, plain, 0, plain.length, encrypted, 0);
        return new SetClientDHParams(nonce, serverNonce, Bytes.wrap(encrypted));
    }

    /**
     * Step 4: checks {@code dh_gen_ok}, {@code dh_gen_retry} or {@code dh_gen_fail}.
     *
     * @param answer the server's answer
     * @return the created key, or the request to send after {@code dh_gen_retry}
     * @throws SecurityCheckException on a wrong nonce or new_nonce_hash
     * @throws ProtocolException on {@code dh_gen_fail} or too many retries (start over)
     */
    public Outcome onDhGenAnswer(SetClientDHParamsAnswer answer) {
        expect(Stage.SENT_CLIENT_DH);
        if (answer instanceof DhGenOk ok) {
            checkAnswer(ok.nonce(), ok.serverNonce(), ok.newNonceHash1(), 1);
            stage = Stage.DONE;
            long salt = crypto.initialServerSalt(newNonce, serverNonce.toByteArray());
            wipe();
            return new Created(pendingKey, salt, timeOffsetMillis);
        }
        if (answer instanceof DhGenRetry retry) {
            checkAnswer(retry.nonce(), retry.serverNonce(), retry.newNonceHash2(), 2);
            if (++retries > MAX_RETRIES) {
                stage = Stage.DONE;
                throw new ProtocolException(0, "the server answered dh_gen_retry more than " + MAX_RETRIES + " times");
            }
            retryId = pendingKey.auxHash();
            return new Retry(nextClientDh());
        }
        DhGenFail fail = (DhGenFail) answer;
        checkAnswer(fail.nonce(), fail.serverNonce(), fail.newNonceHash3(), 3);
        stage = Stage.DONE;
        throw new ProtocolException(0, "the server rejected the key (dh_gen_fail)");
    }

    private void checkAnswer(Bytes answerNonce, Bytes answerServerNonce, Bytes hash, int number) {
        checkNonce(answerNonce);
        checkServerNonce(answerServerNonce);
        byte[] expected = crypto.newNonceHash(newNonce, number, pendingKey);
        if (!Bytes.wrap(expected).equals(hash)) {
            throw new SecurityCheckException(Check.NEW_NONCE_HASH, "new_nonce_hash" + number + " does not match");
        }
    }

    private void wipe() {
        Arrays.fill(newNonce, (byte) 0);
        Arrays.fill(tmpKey, (byte) 0);
        Arrays.fill(tmpIv, (byte) 0);
    }

    private void checkNonce(Bytes answer) {
        if (!nonce.equals(answer)) {
            throw new SecurityCheckException(Check.NONCE, "the server echoed a different nonce");
        }
    }

    private void checkServerNonce(Bytes answer) {
        if (!serverNonce.equals(answer)) {
            throw new SecurityCheckException(Check.SERVER_NONCE, "server_nonce differs from the one in resPQ");
        }
    }

    private void expect(Stage s) {
        if (stage != s) {
            throw new IllegalStateException("key exchange is at " + stage + ", not " + s);
        }
    }

    private static long pq(Bytes pq) {
        if (pq.length() == 0 || pq.length() > 8) {
            throw new SecurityCheckException(Check.PQ, "pq of " + pq.length() + " bytes does not fit in 64 bits");
        }
        long v = 0;
        for (int i = 0; i < pq.length(); i++) {
            v = v << 8 | (pq.byteAt(i) & 0xff);
        }
        if (v <= 0) {
            throw new SecurityCheckException(Check.PQ, "pq is not a positive 63-bit number");
        }
        return v;
    }

    private static byte[] uint32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** Big-endian, without a sign byte, left-padded to {@code size} bytes (0: minimal length). */
    private static byte[] unsigned(BigInteger v, int size) {
        byte[] raw = v.toByteArray();
        int start = raw.length > 1 && raw[0] == 0 ? 1 : 0;
        int len = raw.length - start;
        byte[] out = new byte[Math.max(size, len)];
        System.arraycopy(raw, start, out, out.length - len, len);
        return out;
    }
}
