package dev.heliograph.mtproto.internal.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heliograph.crypto.AesKeyIv;
import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.impl.DhGroup;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.error.ProtocolException;
import dev.heliograph.error.SecurityCheckException.Check;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.mtproto.testing.SharedVectors;
import dev.heliograph.tl.Bytes;
import dev.heliograph.tl.TlLimits;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.mtproto.BaseResPQ;
import dev.heliograph.tl.mtproto.BaseServerDHInnerData;
import dev.heliograph.tl.mtproto.DhGenFail;
import dev.heliograph.tl.mtproto.DhGenOk;
import dev.heliograph.tl.mtproto.DhGenRetry;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import dev.heliograph.tl.mtproto.PQInnerDataTempDc;
import dev.heliograph.tl.mtproto.ResPQ;
import dev.heliograph.tl.mtproto.ServerDHParamsFail;
import dev.heliograph.tl.mtproto.ServerDHParamsOk;
import dev.heliograph.tl.mtproto.SetClientDHParamsAnswer;
import dev.heliograph.tl.mtproto.functions.ReqDHParams;
import dev.heliograph.tl.mtproto.functions.SetClientDHParams;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replays the official sample exchange (test-vectors.md C) and feeds every check a bad value. */
class AuthKeyExchangeTest {

    private static final SharedVectors C = SharedVectors.section("## C.");
    private static final CryptoProvider PROVIDER = CryptoProviders.defaultProvider();
    private static final MtprotoCrypto CRYPTO = new MtprotoCrypto(PROVIDER);
    private static final long SAMPLE_REQ_PQ_MSG_ID = 0x6A4670610004F478L;
    private static final long SERVER_TIME = 1783001185L;

    private final byte[] nonce = C.inline("nonce `");
    private final byte[] serverNonce = C.inline("server_nonce `");
    private final byte[] newNonce = C.inline("- new_nonce: `");

    private static TlObject plainBody(byte[] packet) {
        int[] at = PlainMessage.body(packet);
        return new TlReader(packet, at[0], at[1], MtprotoSchema.registry(), TlLimits.DEFAULT).readObject();
    }

    private static AuthKeyExchange newExchange() {
        return new AuthKeyExchange(PROVIDER, TrustedRsaKeys.builtIn(), DhParamsVerifier.shared(),
                RandomSource.secure(), 2, 0);
    }

    private ResPQ sampleResPQ() {
        return (ResPQ) plainBody(C.block("### C.2"));
    }

    private AuthKeyExchange atStep3() {
        AuthKeyExchange x = newExchange();
        x.start(nonce);
        x.onResPQ(sampleResPQ(), newNonce);
        return x;
    }

    private AuthKeyExchange atStep4() {
        AuthKeyExchange x = atStep3();
        x.checkServerDHParams(new ServerDHParamsOk(Bytes.of(nonce), Bytes.of(serverNonce),
                Bytes.of(C.block("- encrypted_answer (592 bytes):"))), SERVER_TIME * 1000);
        byte[] clientInner = C.block("- client_DH_inner_data (retry_id = 0");
        x.clientDhParams(Arrays.copyOfRange(clientInner, 48, 304), C.block("- auth_key (256 bytes):"),
                C.inline("- random padding used: `"));
        return x;
    }

    @Test
    void reproducesTheOfficialSampleExchangeByteForByte() {
        AuthKeyExchange x = newExchange();
        assertArrayEquals(C.inline("- bytes: `"), PlainMessage.encode(SAMPLE_REQ_PQ_MSG_ID, x.start(nonce)));

        ReqDHParams reqDh = x.onResPQ(sampleResPQ(), newNonce);
        assertArrayEquals(C.block("- serialized (100 bytes):"), x.innerData());
        assertEquals(0xD09D1D85DE64FD85L, reqDh.publicKeyFingerprint());
        assertEquals("6A794259", reqDh.p().toHex().toUpperCase());
        assertEquals("7012C543", reqDh.q().toHex().toUpperCase());
        assertEquals(256, reqDh.encryptedData().length());

        x.checkServerDHParams(new ServerDHParamsOk(Bytes.of(nonce), Bytes.of(serverNonce),
                Bytes.of(C.block("- encrypted_answer (592 bytes):"))), SERVER_TIME * 1000);
        byte[] clientInner = C.block("- client_DH_inner_data (retry_id = 0");
        SetClientDHParams set = x.clientDhParams(Arrays.copyOfRange(clientInner, 48, 304),
                C.block("- auth_key (256 bytes):"), C.inline("- random padding used: `"));
        assertArrayEquals(C.block("- encrypted_data = AES-256-IGE"), set.encryptedData().toByteArray());

        SetClientDHParamsAnswer ok = (SetClientDHParamsAnswer) plainBody(C.inline("### C.9"));
        AuthKeyExchange.Created created = assertInstanceOf(AuthKeyExchange.Created.class, x.onDhGenAnswer(ok));
        assertEquals(1599023431095748369L, created.authKey().id());
        assertEquals(5476793676472166620L, created.serverSalt());
        assertEquals(0, created.timeOffsetMillis());
    }

    @Test
    void derivesTheClockOffsetFromServerTime() {
        AuthKeyExchange x = atStep3();
        x.checkServerDHParams(new ServerDHParamsOk(Bytes.of(nonce), Bytes.of(serverNonce),
                Bytes.of(C.block("- encrypted_answer (592 bytes):"))), (SERVER_TIME - 7200) * 1000);
        byte[] clientInner = C.block("- client_DH_inner_data (retry_id = 0");
        x.clientDhParams(Arrays.copyOfRange(clientInner, 48, 304), C.block("- auth_key (256 bytes):"), null);
        SetClientDHParamsAnswer ok = (SetClientDHParamsAnswer) plainBody(C.inline("### C.9"));
        assertEquals(7_200_000, ((AuthKeyExchange.Created) x.onDhGenAnswer(ok)).timeOffsetMillis());
    }

    @Test
    void computesAClientHalfInRangeWithRandomSecret() {
        AuthKeyExchange x = atStep3();
        SetClientDHParams set = x.onServerDHParams(new ServerDHParamsOk(Bytes.of(nonce), Bytes.of(serverNonce),
                Bytes.of(C.block("- encrypted_answer (592 bytes):"))), SERVER_TIME * 1000);
        assertEquals(336, set.encryptedData().length());
    }

    @Test
    void sendsTheTemporaryKeyFormWithItsLifetime() {
        AuthKeyExchange x = new AuthKeyExchange(PROVIDER, TrustedRsaKeys.builtIn(), DhParamsVerifier.shared(),
                RandomSource.secure(), 10002, 86400);
        x.start(nonce);
        x.onResPQ(sampleResPQ(), newNonce);
        byte[] inner = x.innerData();
        byte[] permanent = C.block("- serialized (100 bytes):");
        assertEquals(104, inner.length);
        assertEquals(PQInnerDataTempDc.CONSTRUCTOR_ID, new TlReader(inner, MtprotoSchema.registry()).readInt());
        assertArrayEquals(Arrays.copyOfRange(permanent, 4, 96), Arrays.copyOfRange(inner, 4, 96));
        TlReader tail = new TlReader(inner, 96, 8, MtprotoSchema.registry(), TlLimits.DEFAULT);
        assertEquals(10002, tail.readInt());
        assertEquals(86400, tail.readInt());
    }

    @Test
    void rejectsResPQWithAnotherNonce() {
        AuthKeyExchange x = newExchange();
        x.start(nonce);
        BaseResPQ res = (BaseResPQ) sampleResPQ();
        BaseResPQ bad = new BaseResPQ(Bytes.of(new byte[16]), res.serverNonce(), res.pq(),
                res.serverPublicKeyFingerprints());
        assertCheck(Check.NONCE, () -> x.onResPQ(bad, newNonce));
    }

    @Test
    void rejectsResPQWithoutATrustedFingerprint() {
        AuthKeyExchange x = newExchange();
        x.start(nonce);
        BaseResPQ res = (BaseResPQ) sampleResPQ();
        BaseResPQ bad = new BaseResPQ(res.nonce(), res.serverNonce(), res.pq(), List.of(1L, 2L));
        assertCheck(Check.FINGERPRINT, () -> x.onResPQ(bad, newNonce));
    }

    @Test
    void usesAKeyAddedToTheTrustedSet() {
        BigInteger n = BigInteger.probablePrime(1024, new SecureRandom()).multiply(
                BigInteger.probablePrime(1024, new SecureRandom())).setBit(2047);
        dev.heliograph.crypto.RsaPublicKey extra = new dev.heliograph.crypto.RsaPublicKey(n, BigInteger.valueOf(65537));
        AuthKeyExchange x = new AuthKeyExchange(PROVIDER, TrustedRsaKeys.of(List.of()).plus(extra),
                DhParamsVerifier.shared(), RandomSource.secure(), 2, 0);
        x.start(nonce);
        BaseResPQ res = (BaseResPQ) sampleResPQ();
        long fingerprint = CRYPTO.rsaFingerprint(extra);
        ReqDHParams req = x.onResPQ(new BaseResPQ(res.nonce(), res.serverNonce(), res.pq(),
                List.of(5L, fingerprint)), newNonce);
        assertEquals(fingerprint, req.publicKeyFingerprint());
    }

    @Test
    void rejectsPqThatDoesNotFitIn64Bits() {
        AuthKeyExchange x = newExchange();
        x.start(nonce);
        BaseResPQ res = (BaseResPQ) sampleResPQ();
        BaseResPQ bad = new BaseResPQ(res.nonce(), res.serverNonce(), Bytes.of(new byte[9]),
                res.serverPublicKeyFingerprints());
        assertCheck(Check.PQ, () -> x.onResPQ(bad, newNonce));
    }

    @Test
    void rejectsDhParamsWithAnotherNonceOrServerNonce() {
        Bytes answer = Bytes.of(C.block("- encrypted_answer (592 bytes):"));
        assertCheck(Check.NONCE, () -> atStep3().checkServerDHParams(
                new ServerDHParamsOk(Bytes.of(new byte[16]), Bytes.of(serverNonce), answer), 0));
        assertCheck(Check.SERVER_NONCE, () -> atStep3().checkServerDHParams(
                new ServerDHParamsOk(Bytes.of(nonce), Bytes.of(new byte[16]), answer), 0));
    }

    @Test
    void rejectsAnEncryptedAnswerThatIsNotWholeBlocks() {
        byte[] answer = Arrays.copyOf(C.block("- encrypted_answer (592 bytes):"), 590);
        assertCheck(Check.ANSWER_LENGTH, () -> atStep3().checkServerDHParams(
                new ServerDHParamsOk(Bytes.of(nonce), Bytes.of(serverNonce), Bytes.of(answer)), 0));
    }

    @Test
    void rejectsATamperedEncryptedAnswer() {
        byte[] answer = C.block("- encrypted_answer (592 bytes):");
        answer[300] ^= 1;
        assertCheck(Check.ANSWER_HASH, () -> atStep3().checkServerDHParams(
                new ServerDHParamsOk(Bytes.of(nonce), Bytes.of(serverNonce), Bytes.of(answer)), 0));
    }

    @Test
    void rejectsAnAnswerWhoseHashDoesNotMatch() {
        assertCheck(Check.ANSWER_HASH, () -> atStep3().checkServerDHParams(
                answer(3, DhGroup.PRIME, sampleGa(), 0, true), 0));
    }

    @Test
    void rejectsAnAnswerWithMoreThanFifteenBytesOfPadding() {
        assertCheck(Check.ANSWER_LENGTH, () -> atStep3().checkServerDHParams(
                answer(3, DhGroup.PRIME, sampleGa(), 16, false), 0));
    }

    @Test
    void acceptsAnAnswerBuiltByTheTestHelper() {
        atStep3().checkServerDHParams(answer(3, DhGroup.PRIME, sampleGa(), 0, false), 0);
    }

    @Test
    void rejectsGeneratorsOutsideTwoToSeven() {
        assertCheck(Check.DH_G, () -> atStep3().checkServerDHParams(
                answer(8, DhGroup.PRIME, sampleGa(), 0, false), 0));
        assertCheck(Check.DH_G, () -> atStep3().checkServerDHParams(
                answer(1, DhGroup.PRIME, sampleGa(), 0, false), 0));
    }

    @Test
    void rejectsAGeneratorThatIsNotAQuadraticResidue() {
        // The well-known prime is 3 mod 8, so g = 2 generates the whole group.
        assertCheck(Check.DH_G, () -> atStep3().checkServerDHParams(
                answer(2, DhGroup.PRIME, sampleGa(), 0, false), 0));
    }

    @Test
    void rejectsAPrimeOfTheWrongSize() {
        BigInteger small = DhGroup.PRIME.shiftRight(1);
        assertCheck(Check.DH_PRIME, () -> atStep3().checkServerDHParams(
                answer(4, small, sampleGa(), 0, false), 0));
    }

    @Test
    void rejectsAPrimeThatIsNotSafe() {
        BigInteger notSafe = BigInteger.probablePrime(2048, new SecureRandom());
        while (notSafe.shiftRight(1).isProbablePrime(20)) {
            notSafe = BigInteger.probablePrime(2048, new SecureRandom());
        }
        BigInteger p = notSafe;
        BigInteger ga = BigInteger.ONE.shiftLeft(2000);
        assertCheck(Check.DH_PRIME, () -> atStep3().checkServerDHParams(answer(4, p, ga, 0, false), 0));
        // The verdict is cached: a second exchange with the same prime fails the same way.
        assertCheck(Check.DH_PRIME, () -> atStep3().checkServerDHParams(answer(4, p, ga, 0, false), 0));
    }

    @Test
    void rejectsACompositeDhPrime() {
        BigInteger composite = DhGroup.PRIME.add(BigInteger.valueOf(24));
        assertCheck(Check.DH_PRIME, () -> atStep3().checkServerDHParams(
                answer(4, composite, sampleGa(), 0, false), 0));
    }

    @Test
    void rejectsGaOutsideTheSafeRange() {
        BigInteger p = DhGroup.PRIME;
        for (BigInteger ga : List.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(1984), p.subtract(BigInteger.ONE),
                p.subtract(BigInteger.ONE.shiftLeft(1984)))) {
            assertCheck(Check.DH_RANGE, () -> atStep3().checkServerDHParams(answer(3, p, ga, 0, false), 0));
        }
    }

    @Test
    void rejectsGbOutsideTheSafeRange() {
        AuthKeyExchange x = atStep3();
        x.checkServerDHParams(answer(3, DhGroup.PRIME, sampleGa(), 0, false), 0);
        assertCheck(Check.DH_RANGE, () -> x.clientDhParams(new byte[] {2}, new byte[256], null));
    }

    @Test
    void rejectsServerDhParamsFailAfterCheckingItsHash() {
        byte[] hash = Arrays.copyOfRange(CRYPTO.sha1(newNonce), 4, 20);
        assertThrows(ProtocolException.class, () -> atStep3().onServerDHParams(
                new ServerDHParamsFail(Bytes.of(nonce), Bytes.of(serverNonce), Bytes.of(hash)), 0));
        assertCheck(Check.NEW_NONCE_HASH, () -> atStep3().onServerDHParams(
                new ServerDHParamsFail(Bytes.of(nonce), Bytes.of(serverNonce), Bytes.of(new byte[16])), 0));
    }

    @Test
    void rejectsDhGenOkWithAWrongHashOrNonce() {
        AuthKey key = AuthKey.of(C.block("- auth_key (256 bytes):"));
        Bytes hash1 = Bytes.of(CRYPTO.newNonceHash(newNonce, 1, key));
        assertCheck(Check.NEW_NONCE_HASH, () -> atStep4().onDhGenAnswer(
                new DhGenOk(Bytes.of(nonce), Bytes.of(serverNonce), Bytes.of(new byte[16]))));
        assertCheck(Check.NEW_NONCE_HASH, () -> atStep4().onDhGenAnswer(
                new DhGenOk(Bytes.of(nonce), Bytes.of(serverNonce), Bytes.of(CRYPTO.newNonceHash(newNonce, 2, key)))));
        assertCheck(Check.NONCE, () -> atStep4().onDhGenAnswer(
                new DhGenOk(Bytes.of(new byte[16]), Bytes.of(serverNonce), hash1)));
        assertCheck(Check.SERVER_NONCE, () -> atStep4().onDhGenAnswer(
                new DhGenOk(Bytes.of(nonce), Bytes.of(new byte[16]), hash1)));
    }

    @Test
    void failsOnDhGenFailWithTheRightHash() {
        AuthKey key = AuthKey.of(C.block("- auth_key (256 bytes):"));
        assertEquals("DBC41564D2177F5A2F4DA44914CC2793",
                Bytes.of(CRYPTO.newNonceHash(newNonce, 3, key)).toHex().toUpperCase());
        assertThrows(ProtocolException.class, () -> atStep4().onDhGenAnswer(new DhGenFail(Bytes.of(nonce),
                Bytes.of(serverNonce), Bytes.of(CRYPTO.newNonceHash(newNonce, 3, key)))));
        assertCheck(Check.NEW_NONCE_HASH, () -> atStep4().onDhGenAnswer(new DhGenFail(Bytes.of(nonce),
                Bytes.of(serverNonce), Bytes.of(new byte[16]))));
    }

    @Test
    void retriesOnDhGenRetryAndGivesUpAfterFive() {
        AuthKeyExchange x = atStep4();
        SetClientDHParams previous = null;
        byte[] keyBytes = C.block("- auth_key (256 bytes):");
        for (int i = 0; i < AuthKeyExchange.MAX_RETRIES; i++) {
            AuthKey key = i == 0 ? AuthKey.of(keyBytes) : x.pendingKeyForTest();
            AuthKeyExchange.Retry retry = assertInstanceOf(AuthKeyExchange.Retry.class, x.onDhGenAnswer(new DhGenRetry(
                    Bytes.of(nonce), Bytes.of(serverNonce), Bytes.of(CRYPTO.newNonceHash(newNonce, 2, key)))));
            assertNotEquals(previous, retry.request());
            previous = retry.request();
        }
        AuthKey key = x.pendingKeyForTest();
        assertThrows(ProtocolException.class, () -> x.onDhGenAnswer(new DhGenRetry(
                Bytes.of(nonce), Bytes.of(serverNonce), Bytes.of(CRYPTO.newNonceHash(newNonce, 2, key)))));
    }

    @Test
    void rejectsStepsOutOfOrder() {
        AuthKeyExchange x = newExchange();
        assertThrows(IllegalStateException.class, () -> x.onResPQ(sampleResPQ(), newNonce));
    }

    @Test
    void rejectsMalformedPlaintextMessages() {
        byte[] good = C.block("### C.2");
        byte[] keyed = good.clone();
        keyed[0] = 1;
        byte[] evenId = good.clone();
        evenId[8] = 0;
        byte[] tooLong = good.clone();
        tooLong[16] = (byte) 0xF0;
        for (byte[] bad : List.of(keyed, evenId, tooLong, Arrays.copyOf(good, 16))) {
            assertCheck(Check.PLAINTEXT, () -> PlainMessage.body(bad));
        }
    }

    private static BigInteger sampleGa() {
        byte[] decrypted = C.block("- answer_with_hash (decrypted) (592 bytes):");
        TlReader r = new TlReader(decrypted, 20, decrypted.length - 20, MtprotoSchema.registry(), TlLimits.DEFAULT);
        return new BigInteger(1, r.readObject(BaseServerDHInnerData.class).gA().toByteArray());
    }

    /** Builds a server_DH_params_ok the way a server would, around chosen DH values. */
    private ServerDHParamsOk answer(int g, BigInteger prime, BigInteger ga, int extraPadding, boolean badHash) {
        TlWriter w = new TlWriter();
        new BaseServerDHInnerData(Bytes.of(nonce), Bytes.of(serverNonce), g, Bytes.of(unsigned(prime)),
                Bytes.of(unsigned(ga)), (int) SERVER_TIME).serialize(w);
        byte[] inner = w.toByteArray();
        byte[] hash = CRYPTO.sha1(inner);
        if (badHash) {
            hash[0] ^= 1;
        }
        int length = 20 + inner.length;
        int padding = (16 - length % 16) % 16 + extraPadding;
        byte[] plain = new byte[length + padding];
        System.arraycopy(hash, 0, plain, 0, 20);
        System.arraycopy(inner, 0, plain, 20, inner.length);
        AesKeyIv keyIv = CRYPTO.tmpAesKeyIv(newNonce, serverNonce);
        byte[] encrypted = new byte[plain.length];
        PROVIDER.aesIgeEncrypt(keyIv.key(), keyIv.iv(), plain, 0, plain.length, encrypted, 0);
        return new ServerDHParamsOk(Bytes.of(nonce), Bytes.of(serverNonce), Bytes.of(encrypted));
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] raw = v.toByteArray();
        return raw.length > 1 && raw[0] == 0 ? Arrays.copyOfRange(raw, 1, raw.length) : raw;
    }

    private static void assertCheck(Check check, Runnable action) {
        SecurityCheckException e = assertThrows(SecurityCheckException.class, action::run);
        assertEquals(check, e.check());
    }
}
