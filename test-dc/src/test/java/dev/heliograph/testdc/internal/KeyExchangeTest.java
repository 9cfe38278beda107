package dev.heliograph.testdc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.error.SecurityCheckException.Check;
import dev.heliograph.tl.TlWriter;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyExchangeTest {

    private final DcFixture f = new DcFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private AuthKey run(Consumer<RawClient.Options> setup, DcFixture.Loopback[] conn) {
        DcFixture.Loopback c = f.connect();
        conn[0] = c;
        RawClient.Options o = new RawClient.Options();
        o.innerDc = 2;
        setup.accept(o);
        return c.client().handshake(o);
    }

    private void assertRejected(Consumer<RawClient.Options> setup, Check check) {
        DcFixture.Loopback[] conn = new DcFixture.Loopback[1];
        assertNull(run(setup, conn));
        assertTrue(conn[0].closed, "the server drops the connection");
        assertEquals(1, f.dc.rejections(check));
        assertEquals(0, f.dc.keyExchanges());
    }

    @Test
    void createsAKeyWithRsaPadAndInnerDataWithDc() {
        DcFixture.Loopback[] conn = new DcFixture.Loopback[1];
        AuthKey key = run(o -> { }, conn);
        assertNotNull(key);
        assertEquals(1, f.dc.keyExchanges());
        assertTrue(f.dc.authKeyIds().contains(key.id()));
    }

    @Test
    void createsAKeyWithTheLegacyRsaSchemeAndInnerDataWithoutDc() {
        DcFixture.Loopback[] conn = new DcFixture.Loopback[1];
        AuthKey key = run(o -> {
            o.legacyRsa = true;
            o.innerId = Ids.P_Q_INNER_DATA;
        }, conn);
        assertNotNull(key);
        assertTrue(f.dc.authKeyIds().contains(key.id()));
    }

    @Test
    void createsTemporaryKeysWithAndWithoutDc() {
        DcFixture.Loopback[] conn = new DcFixture.Loopback[1];
        assertNotNull(run(o -> o.innerId = Ids.P_Q_INNER_DATA_TEMP_DC, conn));
        assertNotNull(run(o -> {
            o.innerId = Ids.P_Q_INNER_DATA_TEMP;
            o.legacyRsa = true;
        }, conn));
        assertEquals(2, f.dc.tempKeyExchanges());
        assertEquals(0, f.dc.keyExchanges());
    }

    @Test
    void acceptsTheTestServerNumberingOfTheDcField() {
        DcFixture.Loopback[] conn = new DcFixture.Loopback[1];
        assertNotNull(run(o -> o.innerDc = 10002, conn));
    }

    @Test
    void answersDhGenRetryWhenTheKnobAsksAndAcceptsTheRetry() {
        f.knobs.dhGenRetry(1);
        DcFixture.Loopback c = f.connect();
        RawClient client = c.client();
        RawClient.Options o = new RawClient.Options();
        o.innerDc = 2;
        assertNotNull(client.handshake(o));
        assertEquals(1, client.dhGenRetries);
        assertEquals(1, f.dc.keyExchanges());
    }

    @Test
    void rejectsReqDhParamsWithAWrongNonce() {
        assertRejected(o -> o.wrongNonceInReqDh = true, Check.NONCE);
    }

    @Test
    void rejectsReqDhParamsWithAWrongServerNonce() {
        assertRejected(o -> o.wrongServerNonceInReqDh = true, Check.SERVER_NONCE);
    }

    @Test
    void rejectsInnerDataWithAWrongNonce() {
        assertRejected(o -> o.wrongNonceInInnerData = true, Check.NONCE);
    }

    @Test
    void rejectsAnUnknownFingerprint() {
        assertRejected(o -> o.wrongFingerprint = true, Check.FINGERPRINT);
    }

    @Test
    void rejectsFactorsThatAreNotThoseOfPq() {
        assertRejected(o -> o.wrongP = true, Check.PQ);
    }

    @Test
    void rejectsACorruptedRsaBlock() {
        assertRejected(o -> o.corruptRsaBlock = true, Check.RSA);
    }

    @Test
    void rejectsInnerDataForAnotherDc() {
        assertRejected(o -> o.innerDc = 3, Check.PLAINTEXT);
    }

    @Test
    void rejectsClientDhInnerDataWithABadSha1() {
        assertRejected(o -> o.badClientDhSha1 = true, Check.ANSWER_HASH);
    }

    @Test
    void rejectsGbOutsideTheSafeRange() {
        assertRejected(o -> o.gBOutOfRange = true, Check.DH_RANGE);
    }

    @Test
    void rejectsAWrongRetryId() {
        assertRejected(o -> o.retryIdOverride = 42, Check.NONCE);
    }

    @Test
    void rejectsHandshakeMessagesOutOfOrder() {
        DcFixture.Loopback c = f.connect();
        TlWriter w = new TlWriter();
        w.writeInt(Ids.SET_CLIENT_DH_PARAMS);
        w.writeRaw(new byte[32]);
        w.writeBytes(new byte[32], 0, 32);
        assertNull(c.client().plain(w.toByteArray()));
        assertTrue(c.closed);
        assertEquals(1, f.dc.rejections(Check.PLAINTEXT));
    }

    @Test
    void rejectsAnApiCallInAPlaintextMessage() {
        DcFixture.Loopback c = f.connect();
        TlWriter w = new TlWriter();
        w.writeInt(Ids.HELP_GET_CONFIG);
        assertNull(c.client().plain(w.toByteArray()));
        assertTrue(c.closed);
    }
}
