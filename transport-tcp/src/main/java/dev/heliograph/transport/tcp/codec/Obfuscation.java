package dev.heliograph.transport.tcp.codec;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.error.TransportException;
import java.util.Arrays;

/**
 * The "obfuscated2" layer: a 64-byte random header from which both directions' AES-256-CTR keys
 * are derived (bytes 8..55 for client-to-server, the same bytes reversed for server-to-client).
 * With an MTProxy secret each key becomes {@code SHA256(key || secret)}. The header's last 8 bytes
 * carry the framing tag and the DC id and are sent encrypted.
 */
final class Obfuscation {

    static final int HEADER_LENGTH = 64;

    final CryptoProvider.AesCtr encrypt;
    final CryptoProvider.AesCtr decrypt;

    private Obfuscation(CryptoProvider.AesCtr encrypt, CryptoProvider.AesCtr decrypt) {
        this.encrypt = encrypt;
        this.decrypt = decrypt;
    }

    /** A client's state and the 64 header bytes to send before anything else. */
    record Client(Obfuscation ciphers, byte[] header) {
    }

    /** A server's state after reading a client's header. */
    record Server(Obfuscation ciphers, Framing framing, int dcId) {
    }

    static Client client(CryptoProvider crypto, RandomSource random, Framing framing, int dcId, byte[] secret) {
        byte[] init = new byte[HEADER_LENGTH];
        do {
            random.nextBytes(init);
        } while (isForbidden(init));
        Bits.putIntLe(init, 56, framing.obfuscationTag());
        init[60] = (byte) dcId;
        init[61] = (byte) (dcId >>> 8);
        byte[] reversed = reversedKeyMaterial(init);
        Obfuscation ciphers = new Obfuscation(
                cipher(crypto, init, secret), cipher(crypto, reversed, secret));
        byte[] encrypted = new byte[HEADER_LENGTH];
        ciphers.encrypt.update(init, 0, HEADER_LENGTH, encrypted, 0);
        System.arraycopy(encrypted, 56, init, 56, 8);
        return new Client(ciphers, init);
    }

    static Server server(CryptoProvider crypto, byte[] header, byte[] secret) {
        Obfuscation ciphers = new Obfuscation(
                cipher(crypto, reversedKeyMaterial(header), secret), cipher(crypto, header, secret));
        byte[] plain = new byte[HEADER_LENGTH];
        ciphers.decrypt.update(header, 0, HEADER_LENGTH, plain, 0);
        Framing framing = Framing.fromObfuscationTag(Bits.intLe(plain, 56));
        if (framing == null) {
            throw new TransportException(TransportException.Kind.FRAMING,
                    "obfuscation header with an unknown protocol tag (wrong secret?)", null);
        }
        int dcId = (short) ((plain[60] & 0xff) | (plain[61] & 0xff) << 8);
        return new Server(ciphers, framing, dcId);
    }

    /**
     * Whether a server could take these first bytes for another protocol: the abridged tag, the
     * other tags, HTTP, TLS, or the full framing (whose second word, the first seq number, is 0).
     */
    static boolean isForbidden(byte[] init) {
        int first = Bits.intLe(init, 0);
        return (init[0] & 0xff) == 0xef
                || first == Framing.INTERMEDIATE.obfuscationTag()
                || first == Framing.PADDED_INTERMEDIATE.obfuscationTag()
                || isHttpOrTls(first)
                || Bits.intLe(init, 4) == 0;
    }

    /** Whether a first word (read little-endian) starts HTTP ("HEAD", "POST", "GET ", "OPTI") or TLS. */
    static boolean isHttpOrTls(int first) {
        return first == 0x44414548 || first == 0x54534f50 || first == 0x20544547 || first == 0x4954504f
                || first == 0x02010316;
    }

    /** Bytes 8..55 reversed, placed back at offset 8 so that both directions share one layout. */
    private static byte[] reversedKeyMaterial(byte[] header) {
        byte[] out = new byte[HEADER_LENGTH];
        for (int i = 0; i < 48; i++) {
            out[8 + i] = header[55 - i];
        }
        return out;
    }

    private static CryptoProvider.AesCtr cipher(CryptoProvider crypto, byte[] material, byte[] secret) {
        byte[] key = Arrays.copyOfRange(material, 8, 40);
        byte[] iv = Arrays.copyOfRange(material, 40, 56);
        if (secret != null) {
            key = crypto.sha256().update(key).update(secret).digest();
        }
        return crypto.aesCtr(key, iv);
    }
}
