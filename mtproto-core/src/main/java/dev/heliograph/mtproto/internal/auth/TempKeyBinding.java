package dev.heliograph.mtproto.internal.auth;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.mtproto.BaseBindAuthKeyInner;

/**
 * The client half of binding a temporary key to the permanent one (MTPROTO-NOTES 10, Telegram's
 * "Perfect Forward Secrecy"): builds {@code auth.bindTempAuthKey} with its encrypted binding
 * message. Pure: randomness is injected and the outer msg_id comes in, because the binding message
 * must carry the msg_id of the very message that carries the call. The engine therefore asks for
 * the body again each time it gives the call a new msg_id ({@code MtpEngine.enqueueForMsgId}).
 *
 * <p>The binding message is an MTProto 1.0 message: random salt (8), random session id (8), the
 * outer msg_id (8), seq_no 0 (4), length (4), {@code bind_auth_key_inner}, encrypted with the
 * permanent key with the SHA-1 msg_key and key derivation ({@link MtprotoCrypto#encryptMessageV1}).
 */
public final class TempKeyBinding {

    /** Constructor id of {@code auth.bindTempAuthKey} (the API schema's; the core does not link it). */
    public static final int BIND_TEMP_AUTH_KEY = 0xcdd42a05;
    /** Size of the request body: constructor, two longs, an int, and the 104-byte message as TL bytes (108). */
    static final int REQUEST_LENGTH = 4 + 8 + 8 + 4 + 4 + 104;

    private final MtprotoCrypto crypto;
    private final RandomSource random;
    private final AuthKey permKey;
    private final long tempKeyId;
    private final long tempSessionId;
    private final long nonce;
    private final int expiresAt;

    /**
     * Prepares a binding.
     *
     * @param crypto the crypto helpers
     * @param random randomness for the nonce, the inner salt and session id, and the padding
     * @param permKey the permanent key
     * @param tempKeyId the id of the temporary key the call travels under
     * @param tempSessionId the session id of the call's session (on the temporary key)
     * @param expiresAt unix time (server clock) when the temporary key stops being valid
     */
    public TempKeyBinding(MtprotoCrypto crypto, RandomSource random, AuthKey permKey, long tempKeyId,
                          long tempSessionId, int expiresAt) {
        this.crypto = crypto;
        this.random = random;
        this.permKey = permKey;
        this.tempKeyId = tempKeyId;
        this.tempSessionId = tempSessionId;
        this.expiresAt = expiresAt;
        this.nonce = random.nextLong();
    }

    /**
     * Returns the boxed {@code auth.bindTempAuthKey} for the msg_id it is sent with.
     *
     * @param msgId the msg_id of the message carrying the call
     * @return the request body, always {@value #REQUEST_LENGTH} bytes
     */
    public byte[] request(long msgId) {
        byte[] message = encryptedMessage(msgId);
        TlWriter w = new TlWriter(REQUEST_LENGTH);
        w.writeInt(BIND_TEMP_AUTH_KEY);
        w.writeLong(permKey.id());
        w.writeLong(nonce);
        w.writeInt(expiresAt);
        w.writeBytes(message, 0, message.length);
        return w.toByteArray();
    }

    /**
     * Returns the plaintext binding message for an outer msg_id, before encryption (32-byte
     * header and the 40-byte {@code bind_auth_key_inner}).
     *
     * @param msgId the outer msg_id
     * @return 72 bytes
     */
    byte[] plaintext(long msgId) {
        TlWriter w = new TlWriter(72);
        w.writeLong(random.nextLong());
        w.writeLong(random.nextLong());
        w.writeLong(msgId);
        w.writeInt(0);
        w.writeInt(40);
        new BaseBindAuthKeyInner(nonce, tempKeyId, permKey.id(), tempSessionId, expiresAt).serialize(w);
        return w.toByteArray();
    }

    private byte[] encryptedMessage(long msgId) {
        return crypto.encryptMessageV1(permKey, plaintext(msgId), random);
    }

    /**
     * Returns the nonce the binding carries (inside and outside).
     *
     * @return the nonce
     */
    public long nonce() {
        return nonce;
    }

    /**
     * Returns the expiry the binding carries.
     *
     * @return unix time, server clock
     */
    public int expiresAt() {
        return expiresAt;
    }
}
