package dev.heliograph.crypto.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.CryptoException;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PqFactorizerTest {

    @Test
    void factorsThePublishedServerValues() {
        assertArrayEquals(new long[] {0x6A794259L, 0x7012C543L}, PqFactorizer.factor(0x2E9CDB98C80CDA4BL));
        assertArrayEquals(new long[] {0x494C553BL, 0x53911073L}, PqFactorizer.factor(0x17ED48941A08F981L));
        assertArrayEquals(new long[] {0x667F3AF9L, 0x6C1BE401L}, PqFactorizer.factor(0x2B48D795FB47FEF9L));
        assertArrayEquals(new long[] {0x6F7B6A45L, 0x72AD24E9L}, PqFactorizer.factor(0x31F05BCC5CE66CCDL));
        assertArrayEquals(new long[] {0x5556E63FL, 0x704A8D65L}, PqFactorizer.factor(0x256EDEFCA64F89DBL));
    }

    @Test
    void factorsRandomSemiprimesOfEverySize() {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            int bits = 2 + random.nextInt(30);
            long p = BigInteger.probablePrime(bits, random).longValueExact();
            long q = BigInteger.probablePrime(62 - bits + (i % 2), random).longValueExact();
            if (Math.multiplyHigh(p, q) != 0 || p * q < 0) {
                continue;
            }
            long[] expected = {Math.min(p, q), Math.max(p, q)};
            assertArrayEquals(expected, PqFactorizer.factor(p * q), p + " * " + q);
        }
    }

    @Test
    void factorsTheLargestSemiprimesBelowTwoToTheSixtyThree() {
        BigInteger limit = BigInteger.valueOf(Long.MAX_VALUE);
        BigInteger root = limit.sqrt();
        BigInteger q = root.nextProbablePrime();
        BigInteger p = root.subtract(BigInteger.valueOf(1000)).nextProbablePrime();
        while (p.multiply(q).compareTo(limit) > 0) {
            q = p.add(BigInteger.ONE).nextProbablePrime();
        }
        assertArrayEquals(new long[] {p.longValueExact(), q.longValueExact()},
                PqFactorizer.factor(p.multiply(q).longValueExact()));
        long big = Long.MAX_VALUE / 3;
        while (!BigInteger.valueOf(big).isProbablePrime(100)) {
            big--;
        }
        assertArrayEquals(new long[] {3, big}, PqFactorizer.factor(3 * big));
    }

    @Test
    void returnsTheSameFactorsEveryTime() {
        long pq = 0x2E9CDB98C80CDA4BL;
        long[] first = PqFactorizer.factor(pq);
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(first, PqFactorizer.factor(pq));
        }
    }

    @Test
    void rejectsOnePrimesSquaresAndProductsOfMoreThanTwoPrimes() {
        for (long bad : new long[] {Long.MIN_VALUE, -15, 0, 1, 2, 3, 7, 0x7012C543L, Long.MAX_VALUE, 8, 30,
            0x6A794259L * 15, 2305843009213693951L, 0x6A794259L * 0x6A794259L}) {
            assertThrows(CryptoException.class, () -> PqFactorizer.factor(bad), Long.toString(bad));
        }
    }

    @Test
    void testsPrimalityExactly() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            long n = random.nextLong() & Long.MAX_VALUE >>> random.nextInt(62);
            assertEquals(BigInteger.valueOf(n).isProbablePrime(100), PqFactorizer.isPrime(n), Long.toString(n));
        }
        assertTrue(PqFactorizer.isPrime(2305843009213693951L));
        assertFalse(PqFactorizer.isPrime(3215031751L)); // strong pseudoprime to bases 2, 3, 5, 7
        assertFalse(PqFactorizer.isPrime(1));
    }
}
