package dev.heliograph.mtproto.internal.auth;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.error.SecurityCheckException.Check;
import dev.heliograph.error.RpcException;
import dev.heliograph.error.TempAuthKeyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The binding message of {@code auth.bindTempAuthKey} against a vector computed here from the
 * spec (MTPROTO-NOTES 10) with the JDK's SHA-1 and a block-by-block AES-IGE, independent of the
 * crypto provider; and the MTProto 1.0 decryption's checks fed bad input.
 */
class TempKeyBindingTest {

    private static final long MSG_ID = 0x6512_3456_0000_0004L;
    private static final long TEMP_KEY_ID = 0x1122_3344_5566_7788L;
    private static final long TEMP_SESSION = 0x0102_0304_0506_0708L;
    private static final int EXPIRES_AT = 1_800_000_000;

    private final MtprotoCrypto crypto = new MtprotoCrypto(CryptoProviders.defaultProvider());
    private final byte[] permBytes = seeded(1).bytes(256);
    private final AuthKey perm = AuthKey.of(permBytes);

    /** Deterministic randomness, replayable: the test draws the same values the binding drew. */
    private static RandomSource seeded(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return target -> {
            for (int i = 0; i < target.length; i++) {
                target[i] = (byte) r.nextInt(256);
            }
        };
    }

    @Test
    void buildsTheBindingMessageTheSpecDescribes() throws Exception {
        byte[] request = new TempKeyBinding(crypto, seeded(7), perm, TEMP_KEY_ID, TEMP_SESSION, EXPIRES_AT)
                .request(MSG_ID);

        // Replay the draws: the nonce (constructor), then the inner salt, session id and padding.
        RandomSource r = seeded(7);
        long nonce = r.nextLong();
        long salt = r.nextLong();
        long session = r.nextLong();
        ByteBuffer plain = ByteBuffer.allocate(72).order(ByteOrder.LITTLE_ENDIAN);
        plain.putLong(salt).putLong(session).putLong(MSG_ID).putInt(0).putInt(40);
        plain.putInt(0x75a3f765).putLong(nonce).putLong(TEMP_KEY_ID).putLong(perm.id()).putLong(TEMP_SESSION)
                .putInt(EXPIRES_AT);
        byte[] p = plain.array();
        byte[] padding = r.bytes(8);
        byte[] msgKey = Arrays.copyOfRange(sha1(p), 4, 20);
        byte[] k = permBytes;
        byte[] a = sha1(msgKey, Arrays.copyOfRange(k, 0, 32));
        byte[] b = sha1(Arrays.copyOfRange(k, 32, 48), msgKey, Arrays.copyOfRange(k, 48, 64));
        byte[] c = sha1(Arrays.copyOfRange(k, 64, 96), msgKey);
        byte[] d = sha1(msgKey, Arrays.copyOfRange(k, 96, 128));
        byte[] aesKey = concat(Arrays.copyOfRange(a, 0, 8), Arrays.copyOfRange(b, 8, 20), Arrays.copyOfRange(c, 4, 16));
        byte[] iv = concat(Arrays.copyOfRange(a, 8, 20), Arrays.copyOfRange(b, 0, 8), Arrays.copyOfRange(c, 16, 20),
                Arrays.copyOfRange(d, 0, 8));
        byte[] encrypted = igeEncrypt(aesKey, iv, concat(p, padding));
        byte[] message = concat(le(perm.id()), msgKey, encrypted);

        ByteBuffer expected = ByteBuffer.allocate(TempKeyBinding.REQUEST_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        expected.putInt(0xcdd42a05).putLong(perm.id()).putLong(nonce).putInt(EXPIRES_AT);
        expected.put((byte) message.length).put(message).put(new byte[3]);
        assertEquals(104, message.length);
        assertArrayEquals(expected.array(), request);
    }

    @Test
    void decryptsTheBindingMessageBackToItsPlaintext() {
        TempKeyBinding binding = new TempKeyBinding(crypto, seeded(3), perm, TEMP_KEY_ID, TEMP_SESSION, EXPIRES_AT);
        byte[] message = messageOf(binding.request(MSG_ID));
        byte[] plain = crypto.decryptMessageV1(perm, message);
        ByteBuffer in = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(MSG_ID, in.getLong(16));
        assertEquals(binding.nonce(), in.getLong(36));
        assertEquals(TEMP_SESSION, in.getLong(60));
    }

    @Test
    void rejectsABindingMessageUnderAnotherKey() {
        byte[] message = messageOf(new TempKeyBinding(crypto, seeded(3), perm, TEMP_KEY_ID, TEMP_SESSION, EXPIRES_AT)
                .request(MSG_ID));
        AuthKey other = AuthKey.of(seeded(2).bytes(256));
        assertEquals(Check.AUTH_KEY_ID, assertThrows(SecurityCheckException.class,
                () -> crypto.decryptMessageV1(other, message)).check());
    }

    @Test
    void rejectsATamperedBindingMessage() {
        byte[] message = messageOf(new TempKeyBinding(crypto, seeded(3), perm, TEMP_KEY_ID, TEMP_SESSION, EXPIRES_AT)
                .request(MSG_ID));
        message[40] ^= 1;
        SecurityCheckException e = assertThrows(SecurityCheckException.class, () -> crypto.decryptMessageV1(perm, message));
        // A flipped block garbles the length field or the message: either check catches it.
        assertTrue(e.check() == Check.MSG_KEY || e.check() == Check.MESSAGE_LENGTH, e.check().name());
    }

    @Test
    void rejectsABindingMessageCutShortOrNotInWholeBlocks() {
        byte[] message = messageOf(new TempKeyBinding(crypto, seeded(3), perm, TEMP_KEY_ID, TEMP_SESSION, EXPIRES_AT)
                .request(MSG_ID));
        assertEquals(Check.MESSAGE_LENGTH, assertThrows(SecurityCheckException.class,
                () -> crypto.decryptMessageV1(perm, Arrays.copyOf(message, 100))).check());
        assertEquals(Check.MESSAGE_LENGTH, assertThrows(SecurityCheckException.class,
                () -> crypto.decryptMessageV1(perm, Arrays.copyOf(message, 40))).check());
    }

    @Test
    void rejectsALengthFieldThatLeavesMoreThanFifteenBytesOfPadding() {
        RandomSource r = seeded(5);
        ByteBuffer plain = ByteBuffer.allocate(72).order(ByteOrder.LITTLE_ENDIAN);
        plain.putLong(1).putLong(2).putLong(MSG_ID).putInt(0).putInt(16);
        plain.put(r.bytes(40));
        byte[] message = crypto.encryptMessageV1(perm, plain.array(), r);
        assertEquals(Check.MESSAGE_LENGTH, assertThrows(SecurityCheckException.class,
                () -> crypto.decryptMessageV1(perm, message)).check());
    }

    @Test
    void namesEachBindingErrorAsATypedError() {
        for (TempAuthKeyException.Reason reason : TempAuthKeyException.Reason.values()) {
            RpcException e = RpcException.of(reason == TempAuthKeyException.Reason.AUTH_KEY_PERM_EMPTY ? 401 : 400,
                    reason.name());
            assertEquals(reason, assertInstanceOf(TempAuthKeyException.class, e).reason());
        }
    }

    private static byte[] messageOf(byte[] request) {
        int length = request[24] & 0xff;
        return Arrays.copyOfRange(request, 25, 25 + length);
    }

    private static byte[] sha1(byte[]... parts) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] part : parts) {
            n += part.length;
        }
        ByteBuffer out = ByteBuffer.allocate(n);
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }

    private static byte[] le(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    /** AES-256-IGE by its definition: c_i = E(p_i xor c_{i-1}) xor p_{i-1}, iv = c_{-1} || p_{-1}. */
    private static byte[] igeEncrypt(byte[] key, byte[] iv, byte[] plain) throws Exception {
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        byte[] prevC = Arrays.copyOfRange(iv, 0, 16);
        byte[] prevP = Arrays.copyOfRange(iv, 16, 32);
        byte[] out = new byte[plain.length];
        for (int at = 0; at < plain.length; at += 16) {
            byte[] p = Arrays.copyOfRange(plain, at, at + 16);
            byte[] x = new byte[16];
            for (int i = 0; i < 16; i++) {
                x[i] = (byte) (p[i] ^ prevC[i]);
            }
            byte[] y = aes.doFinal(x);
            for (int i = 0; i < 16; i++) {
                out[at + i] = (byte) (y[i] ^ prevP[i]);
            }
            prevC = Arrays.copyOfRange(out, at, at + 16);
            prevP = p;
        }
        return out;
    }
}
