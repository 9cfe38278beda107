package dev.heliograph.testdc.internal;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.error.RpcException;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.api.BaseNearestDc;
import dev.heliograph.tl.TlWriter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DC's checks of {@code auth.bindTempAuthKey}, each fed the one bad value it must catch, with
 * bindings built here from the spec (MTPROTO-NOTES 10), not by the client under test.
 */
class TempKeysTest {

    private static final long SESSION = 0x5e55_1011L;
    private static final byte[] BOOL_TRUE = {(byte) 0xb5, 0x75, 0x72, (byte) 0x99};

    private final DcFixture fixture = new DcFixture();
    private final DcState dc = fixture.dc;
    private final MtprotoCrypto crypto = dc.crypto;
    private final TempKeys tempKeys = new TempKeys(dc);
    private final AuthKeyState perm = key(0);
    private final AuthKeyState temp = key(3_600_000);
    private final long msgId = dc.clock.nextMsgId(false) & ~3L;

    @AfterEach
    void close() {
        fixture.close();
    }

    private AuthKeyState key(long lifetimeMillis) {
        AuthKey k = AuthKey.of(dc.random.bytes(256));
        dc.keyCreated(k, dc.random.nextLong(), lifetimeMillis == 0 ? 0 : dc.clock.nowMillis() + lifetimeMillis);
        return dc.authKeys.get(k.id());
    }

    private int expiresAt() {
        return dc.clock.nowSeconds() + 3600;
    }

    /** {@code auth.bindTempAuthKey} binding {@code tempKey} to {@code permKey}, for the outer {@code forMsgId}. */
    private byte[] request(AuthKeyState permKey, AuthKeyState tempKey, long session, int expiresAt, long forMsgId) {
        long nonce = dc.random.nextLong();
        TlWriter inner = new TlWriter(72);
        inner.writeLong(dc.random.nextLong());
        inner.writeLong(dc.random.nextLong());
        inner.writeLong(forMsgId);
        inner.writeInt(0);
        inner.writeInt(40);
        inner.writeInt(Ids.BIND_AUTH_KEY_INNER);
        inner.writeLong(nonce);
        inner.writeLong(tempKey.id);
        inner.writeLong(permKey.id);
        inner.writeLong(session);
        inner.writeInt(expiresAt);
        byte[] message = crypto.encryptMessageV1(permKey.key, inner.toByteArray(), dc.random);
        TlWriter w = new TlWriter(140);
        w.writeInt(Ids.AUTH_BIND_TEMP_AUTH_KEY);
        w.writeLong(permKey.id);
        w.writeLong(nonce);
        w.writeInt(expiresAt);
        w.writeBytes(message, 0, message.length);
        return w.toByteArray();
    }

    private byte[] bind(AuthKeyState under, long session, long id, byte[] request) {
        return tempKeys.bind(under, session, id, new TlReader(request, KeyExchange.NO_OBJECTS));
    }

    private String refusal(AuthKeyState under, long session, long id, byte[] request) {
        return assertThrows(RpcException.class, () -> bind(under, session, id, request)).rawMessage();
    }

    @Test
    void bindsATemporaryKeyWhoseBindingChecksOut() {
        assertArrayEquals(BOOL_TRUE, bind(temp, SESSION, msgId, request(perm, temp, SESSION, expiresAt(), msgId)));
        assertSame(perm, temp.boundTo);
        assertEquals(temp.id, dc.boundTempKey(perm.id));
        assertSame(perm, temp.account());
    }

    @Test
    void refusesABindingWhoseInnerNonceDiffersFromTheOuterOne() {
        byte[] request = request(perm, temp, SESSION, expiresAt(), msgId);
        request[12] ^= 1; // the outer nonce: constructor (4) and perm_auth_key_id (8) come first
        assertEquals("ENCRYPTED_MESSAGE_INVALID", refusal(temp, SESSION, msgId, request));
    }

    @Test
    void refusesABindingEncryptedWithAnotherPermanentKey() {
        AuthKeyState other = key(0);
        byte[] request = request(other, temp, SESSION, expiresAt(), msgId);
        TlWriter w = new TlWriter(request.length);
        w.writeRaw(request);
        w.setLong(4, perm.id); // claims perm, encrypted with other
        assertEquals("ENCRYPTED_MESSAGE_INVALID", refusal(temp, SESSION, msgId, w.toByteArray()));
    }

    @Test
    void refusesABindingToAPermanentKeyTheDcDoesNotKnow() {
        byte[] request = request(perm, temp, SESSION, expiresAt(), msgId);
        dc.forgetAuthKey(perm.id);
        assertEquals("ENCRYPTED_MESSAGE_INVALID", refusal(temp, SESSION, msgId, request));
    }

    @Test
    void refusesABindingThatNamesAnotherTemporarySession() {
        assertEquals("ENCRYPTED_MESSAGE_INVALID",
                refusal(temp, SESSION, msgId, request(perm, temp, SESSION + 1, expiresAt(), msgId)));
    }

    @Test
    void refusesABindingThatNamesAnotherTemporaryKey() {
        AuthKeyState other = key(3_600_000);
        assertEquals("ENCRYPTED_MESSAGE_INVALID",
                refusal(temp, SESSION, msgId, request(perm, other, SESSION, expiresAt(), msgId)));
    }

    @Test
    void refusesABindingMadeForAnotherMsgId() {
        assertEquals("ENCRYPTED_MESSAGE_INVALID",
                refusal(temp, SESSION, msgId + 4, request(perm, temp, SESSION, expiresAt(), msgId)));
    }

    @Test
    void refusesABindingThatHasExpired() {
        int past = dc.clock.nowSeconds() - 1;
        assertEquals("ENCRYPTED_MESSAGE_INVALID", refusal(temp, SESSION, msgId, request(perm, temp, SESSION, past, msgId)));
    }

    @Test
    void refusesABindingSentUnderAPermanentKey() {
        AuthKeyState other = key(0);
        assertEquals("TEMP_AUTH_KEY_EMPTY", refusal(other, SESSION, msgId, request(perm, other, SESSION, expiresAt(), msgId)));
    }

    @Test
    void refusesATemporaryKeyBoundToAnotherPermanentKey() {
        bind(temp, SESSION, msgId, request(perm, temp, SESSION, expiresAt(), msgId));
        AuthKeyState other = key(0);
        assertEquals("TEMP_AUTH_KEY_ALREADY_BOUND",
                refusal(temp, SESSION, msgId + 4, request(other, temp, SESSION, expiresAt(), msgId + 4)));
    }

    @Test
    void keepsOneTemporaryKeyPerPermanentKeyAndRefusesCallsUnderTheReplacedOne() {
        bind(temp, SESSION, msgId, request(perm, temp, SESSION, expiresAt(), msgId));
        AuthKeyState second = key(3_600_000);
        bind(second, SESSION, msgId + 4, request(perm, second, SESSION, expiresAt(), msgId + 4));
        assertEquals(second.id, dc.boundTempKey(perm.id));
        assertNull(temp.boundTo);
        ApiHandler.Call call = tempKeys.invoke(new ApiHandler(dc), fixture.connect().conn, temp, SESSION, msgId + 8,
                Ids.HELP_GET_NEAREST_DC, new TlReader(new byte[] {0x26, 0x30, (byte) 0xb3, 0x1f}, KeyExchange.NO_OBJECTS));
        TlReader answer = new TlReader(call.result(), KeyExchange.NO_OBJECTS);
        assertEquals(Ids.RPC_ERROR, answer.readInt());
        assertEquals(401, answer.readInt());
        assertEquals("AUTH_KEY_PERM_EMPTY", answer.readString());
    }

    @Test
    void forgetsTheBoundTemporaryKeyWithItsPermanentKey() {
        bind(temp, SESSION, msgId, request(perm, temp, SESSION, expiresAt(), msgId));
        dc.forgetAuthKey(perm.id);
        assertNull(dc.authKeys.get(temp.id));
    }

    /** A client on a fresh connection whose key comes from {@code p_q_inner_data_temp_dc}. */
    private RawClient tempKeyClient() {
        RawClient c = fixture.connect().client();
        RawClient.Options o = new RawClient.Options();
        o.innerId = Ids.P_Q_INNER_DATA_TEMP_DC;
        o.innerDc = dc.dcId();
        if (c.handshake(o) == null) {
            throw new AssertionError("handshake failed");
        }
        return c;
    }

    /** The answer of a call: the body of its rpc_result. */
    private static TlReader result(List<RawClient.Msg> got) {
        for (RawClient.Msg m : got) {
            if (m.id() == Ids.RPC_RESULT) {
                TlReader r = m.reader();
                r.readInt();
                r.readLong();
                return r;
            }
        }
        throw new AssertionError("no rpc_result among " + got.size() + " messages");
    }

    private static byte[] getNearestDc() {
        TlWriter w = new TlWriter(4);
        w.writeInt(Ids.HELP_GET_NEAREST_DC);
        return w.toByteArray();
    }

    @Test
    void refusesCallsOnATemporaryKeyUntilItIsBoundOverTheWire() {
        RawClient c = tempKeyClient();
        AuthKeyState tempKey = dc.authKeys.get(c.authKey.id());
        TlReader refused = result(c.call(getNearestDc()));
        assertEquals(Ids.RPC_ERROR, refused.readInt());
        assertEquals(401, refused.readInt());
        assertEquals("AUTH_KEY_PERM_EMPTY", refused.readString());

        long id = c.nextMsgId();
        TlReader bound = result(c.send(id, c.nextSeqNo(true), request(perm, tempKey, c.sessionId, expiresAt(), id)));
        assertTrue(bound.readBool());
        assertEquals(tempKey.id, dc.boundTempKey(perm.id));
        assertEquals(BaseNearestDc.CONSTRUCTOR_ID, result(c.call(getNearestDc())).readInt());
    }

    @Test
    void destroysTheKeyACallerAsksToDestroyOverTheWire() {
        RawClient c = fixture.clientWithKey();
        TlWriter w = new TlWriter(4);
        w.writeInt(Ids.DESTROY_AUTH_KEY);
        List<RawClient.Msg> got = c.call(w.toByteArray());
        assertTrue(got.stream().anyMatch(m -> m.id() == Ids.DESTROY_AUTH_KEY_OK));
        List<byte[]> after = c.exchange.apply(c.encrypt(c.salt, c.nextMsgId(), 1, Tl.ping(1), RawClient.padding(12)));
        assertArrayEquals(new byte[] {(byte) 0x6c, (byte) 0xfe, (byte) 0xff, (byte) 0xff}, after.get(0));
    }

    @Test
    void destroysAnAuthKeyOnce() {
        TlReader first = new TlReader(tempKeys.destroy(temp), KeyExchange.NO_OBJECTS);
        assertEquals(Ids.DESTROY_AUTH_KEY_OK, first.readInt());
        assertNull(dc.authKeys.get(temp.id));
        assertEquals(Ids.DESTROY_AUTH_KEY_NONE, new TlReader(tempKeys.destroy(temp), KeyExchange.NO_OBJECTS).readInt());
    }
}
