package dev.heliograph.crypto.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heliograph.crypto.CryptoProvider;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random inputs through both providers (and the JDK's per-block IGE): all must agree byte for byte. */
class ProviderCrossCheckTest {

    private static final int INPUTS = 10_000;

    private final CryptoProvider reference = new BouncyCastleCryptoProvider();
    private final CryptoProvider jdk = new JdkCryptoProvider();
    /** Differs from {@link #jdk} only in IGE encryption. */
    private final CryptoProvider jdkPerBlock = new JdkCryptoProvider(JdkCryptoProvider.IgeStrategy.PER_BLOCK);

    @Test
    void bothProvidersGiveTheSameOutputsForTenThousandRandomInputs() {
        SplittableRandom random = new SplittableRandom(0x4E110);
        byte[] key = null;
        for (int i = 0; i < INPUTS; i++) {
            int size = 16 * (1 + random.nextInt(256));
            // Odd inputs keep the previous key, to exercise the cached key schedules.
            key = i % 2 == 0 ? bytes(random, 32) : key;
            byte[] iv = bytes(random, 32);
            byte[] data = bytes(random, size);
            byte[] ctrIv = bytes(random, 16);
            BigInteger modulus = new BigInteger(1, bytes(random, Math.max(1, size / 16))).setBit(0);
            BigInteger base = new BigInteger(1, bytes(random, size / 16));
            BigInteger exponent = new BigInteger(1, bytes(random, 8));

            byte[] encrypted = new byte[size];
            reference.aesIgeEncrypt(key, iv, data, 0, size, encrypted, 0);
            byte[] decrypted = new byte[size];
            reference.aesIgeDecrypt(key, iv, data, 0, size, decrypted, 0);
            byte[] ctr = new byte[size];
            reference.aesCtr(key, ctrIv).update(data, 0, size, ctr, 0);
            byte[] sha1 = reference.sha1().update(data).digest();
            byte[] sha256 = reference.sha256().update(data).digest();
            BigInteger power = reference.modPow(base, exponent, modulus);

            String what = "input " + i + " (" + size + " bytes)";
            byte[] out = new byte[size];
            jdkPerBlock.aesIgeEncrypt(key, iv, data, 0, size, out, 0);
            assertArrayEquals(encrypted, out, "per-block IGE encrypt, " + what);
            jdk.aesIgeEncrypt(key, iv, data, 0, size, out, 0);
            assertArrayEquals(encrypted, out, "IGE encrypt, " + what);
            jdk.aesIgeDecrypt(key, iv, data, 0, size, out, 0);
            assertArrayEquals(decrypted, out, "IGE decrypt, " + what);
            jdk.aesCtr(key, ctrIv).update(data, 0, size, out, 0);
            assertArrayEquals(ctr, out, "CTR, " + what);
            assertArrayEquals(sha1, jdk.sha1().update(data).digest(), "SHA-1, " + what);
            assertArrayEquals(sha256, jdk.sha256().update(data).digest(), "SHA-256, " + what);
            assertEquals(power, jdk.modPow(base, exponent, modulus), "modPow, " + what);
        }
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }
}
