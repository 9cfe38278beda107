package dev.heliograph.testdc.internal;

import dev.heliograph.error.RpcException;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;

/**
 * The server side of perfect forward secrecy (MTPROTO-NOTES 10, Telegram's "Perfect Forward
 * Secrecy"): {@code auth.bindTempAuthKey} with every check Telegram documents, the gate that keeps
 * an unbound temporary key from calling the API ({@code 401 AUTH_KEY_PERM_EMPTY}), and
 * {@code destroy_auth_key}. A permanent key has at most one bound temporary key: binding another
 * unbinds the previous one, which stays known (its sessions can still be answered) until it
 * expires, but cannot call the API any more.
 */
final class TempKeys {

    private static final String BIND = "auth.bindTempAuthKey";
    private static final int INNER_LENGTH = 40;

    private final DcState dc;

    TempKeys(DcState dc) {
        this.dc = dc;
    }

    /**
     * Runs one API call that arrived under {@code key}: binds it if the call is
     * {@code auth.bindTempAuthKey}, refuses it on an unbound temporary key, and otherwise hands it
     * to the API under the key that holds the authorization (the permanent key of a bound one).
     */
    ApiHandler.Call invoke(ApiHandler api, DcConnection conn, AuthKeyState key, long sessionId, long msgId,
            int id, TlReader r) {
        if (id == Ids.AUTH_BIND_TEMP_AUTH_KEY) {
            byte[] result;
            String outcome;
            try {
                result = bind(key, sessionId, msgId, r);
                outcome = "ok";
            } catch (RpcException e) {
                result = rpcError(e);
                outcome = e.code() + " " + e.rawMessage();
            }
            dc.executed(key.id, sessionId, msgId, BIND);
            if (dc.rpcLog != null) {
                dc.rpcLog.accept("dc=" + dc.dcId + " method=" + BIND + " result=" + outcome);
            }
            return new ApiHandler.Call(BIND, result);
        }
        if (key.temporary()) {
            AuthKeyState perm = key.boundTo;
            if (perm == null) {
                // Refused before running: not an execution.
                return new ApiHandler.Call(Ids.methodName(id), rpcError(RpcException.of(401, "AUTH_KEY_PERM_EMPTY")));
            }
            return api.invoke(conn, perm, sessionId, msgId, r);
        }
        return api.invoke(conn, key, sessionId, msgId, r);
    }

    /**
     * Checks and applies a binding (the call read from {@code r}, which carries {@code msgId} in
     * session {@code sessionId} under {@code temp}).
     *
     * @return {@code boolTrue}
     * @throws RpcException {@code TEMP_AUTH_KEY_EMPTY}, {@code ENCRYPTED_MESSAGE_INVALID} or
     *     {@code TEMP_AUTH_KEY_ALREADY_BOUND}
     */
    byte[] bind(AuthKeyState temp, long sessionId, long msgId, TlReader r) {
        r.readInt();
        long permId = r.readLong();
        long nonce = r.readLong();
        int expiresAt = r.readInt();
        byte[] encrypted = r.readByteArray();
        r.requireEnd();
        String refusal = dc.knobs.takeBindingRefusal();
        if (refusal != null) {
            throw RpcException.of(400, refusal);
        }
        if (!temp.temporary()) {
            throw RpcException.of(400, "TEMP_AUTH_KEY_EMPTY");
        }
        AuthKeyState perm = dc.authKeys.get(permId);
        if (perm == null || perm.temporary()) {
            throw invalid();
        }
        byte[] plain;
        try {
            plain = dc.crypto.decryptMessageV1(perm.key, encrypted);
        } catch (SecurityCheckException e) {
            throw invalid();
        }
        TlReader inner = new TlReader(plain, KeyExchange.NO_OBJECTS);
        inner.readLong(); // random salt
        inner.readLong(); // random session id
        boolean ok = inner.readLong() == msgId
                & inner.readInt() == 0
                & inner.readInt() == INNER_LENGTH
                & inner.readInt() == Ids.BIND_AUTH_KEY_INNER
                & inner.readLong() == nonce
                & inner.readLong() == temp.id
                & inner.readLong() == permId
                & inner.readLong() == sessionId
                & inner.readInt() == expiresAt;
        if (!ok || expiresAt <= dc.clock.nowSeconds()) {
            throw invalid();
        }
        synchronized (perm) {
            AuthKeyState other = temp.boundTo;
            if (other != null && other != perm) {
                throw RpcException.of(400, "TEMP_AUTH_KEY_ALREADY_BOUND");
            }
            AuthKeyState previous = perm.boundTemp;
            if (previous != null && previous != temp) {
                previous.boundTo = null;
            }
            perm.boundTemp = temp;
            temp.boundTo = perm;
        }
        TlWriter w = new TlWriter(4);
        w.writeBool(true);
        return w.toByteArray();
    }

    /**
     * Answers {@code destroy_auth_key}: the key (and a temporary key bound to it) is forgotten
     * once the answer is out, so its next packet gets -404.
     *
     * @return {@code destroy_auth_key_ok}, or {@code destroy_auth_key_none} if it was already gone
     */
    byte[] destroy(AuthKeyState key) {
        boolean known = dc.forgetAuthKey(key.id);
        TlWriter w = new TlWriter(4);
        w.writeInt(known ? Ids.DESTROY_AUTH_KEY_OK : Ids.DESTROY_AUTH_KEY_NONE);
        return w.toByteArray();
    }

    private static RpcException invalid() {
        return RpcException.of(400, "ENCRYPTED_MESSAGE_INVALID");
    }

    private static byte[] rpcError(RpcException e) {
        TlWriter w = new TlWriter(64);
        w.writeInt(Ids.RPC_ERROR);
        w.writeInt(e.code());
        w.writeString(e.rawMessage());
        return w.toByteArray();
    }
}
