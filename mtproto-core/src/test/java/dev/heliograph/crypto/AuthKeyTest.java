package dev.heliograph.crypto;

import static dev.heliograph.crypto.Vectors.counting;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.CryptoException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AuthKeyTest {

    @Test
    void copiesTheKeyInAndOut() {
        byte[] raw = counting(256);
        AuthKey key = AuthKey.of(raw);
        raw[0] = 99;
        assertEquals(0, key.bytes()[0]);
        key.bytes()[1] = 99;
        assertArrayEquals(counting(256), key.bytes());
    }

    @Test
    void comparesByContent() {
        assertEquals(AuthKey.of(counting(256)), AuthKey.of(counting(256)));
        assertEquals(AuthKey.of(counting(256)).hashCode(), AuthKey.of(counting(256)).hashCode());
        assertNotEquals(AuthKey.of(counting(256)), AuthKey.of(new byte[256]));
    }

    @Test
    void neverPrintsTheKey() {
        byte[] raw = counting(256);
        String text = AuthKey.of(raw).toString() + new AesKeyIv(counting(32), counting(32));
        String hex = HexFormat.of().formatHex(raw, 0, 8);
        assertFalse(text.toLowerCase().contains(hex), text);
        assertTrue(text.contains(Long.toHexString(AuthKey.of(raw).id())), text);
    }

    @Test
    void rejectsKeysThatAreNot256Bytes() {
        assertThrows(CryptoException.class, () -> AuthKey.of(new byte[255]));
        assertThrows(CryptoException.class, () -> AuthKey.of(new byte[257]));
        assertThrows(CryptoException.class, () -> new AesKeyIv(new byte[16], new byte[32]));
        assertThrows(CryptoException.class, () -> new AesKeyIv(new byte[32], new byte[16]));
    }
}
