package dev.heliograph.crypto.impl;

import dev.heliograph.error.CryptoException;

/**
 * Splits the handshake's pq into its two prime factors with Pollard's rho in Brent's variant, on
 * 64-bit Montgomery arithmetic (no {@link java.math.BigInteger}, no allocation in the loop).
 * Deterministic: the same pq always takes the same path. Handles every pq up to
 * {@link Long#MAX_VALUE}; a real server's pq (about 2^62) takes well under a millisecond.
 */
public final class PqFactorizer {

    /** Witnesses that make Miller-Rabin exact for every n below 2^64. */
    private static final long[] WITNESSES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
    /** How many rho steps share one gcd. */
    private static final int BATCH = 256;

    private PqFactorizer() {
    }

    /**
     * Factors pq.
     *
     * @param pq the product of two primes
     * @return {@code {p, q}} with {@code p < q}, both prime
     * @throws CryptoException if pq is below 6, is prime, a square, or not a product of exactly two
     *     primes
     */
    public static long[] factor(long pq) {
        if (pq < 4) {
            throw new CryptoException("pq must be a product of two primes, got " + pq);
        }
        long p = smallFactor(pq);
        if (p == 0) {
            Montgomery m = new Montgomery(pq);
            if (m.isProbablePrime()) {
                throw new CryptoException("pq is prime: " + pq);
            }
            p = m.findDivisor();
        }
        long q = pq / p;
        long small = Math.min(p, q);
        long large = Math.max(p, q);
        if (small == large || !isPrime(small) || !isPrime(large)) {
            throw new CryptoException("pq is not a product of two distinct primes: " + pq);
        }
        return new long[] {small, large};
    }

    /**
     * Tells whether a number is prime (deterministic Miller-Rabin).
     *
     * @param n the number
     * @return {@code true} for a prime
     */
    public static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        if ((n & 1) == 0) {
            return n == 2;
        }
        for (long w : WITNESSES) {
            if (n == w) {
                return true;
            }
            if (n % w == 0) {
                return false;
            }
        }
        return new Montgomery(n).isProbablePrime();
    }

    /** Returns 2 or the smallest odd witness prime dividing n, or 0; the rho walks need n above them. */
    private static long smallFactor(long n) {
        if ((n & 1) == 0) {
            return 2;
        }
        for (long w : WITNESSES) {
            if (n % w == 0) {
                return w;
            }
        }
        return 0;
    }

    /** Binary gcd of a >= 0 and an odd b > 0 (no division: much faster than Euclid on 64-bit). */
    private static long gcdOdd(long a, long b) {
        if (a == 0) {
            return b;
        }
        a >>= Long.numberOfTrailingZeros(a);
        while (a != b) {
            if (a > b) {
                a -= b;
                a >>= Long.numberOfTrailingZeros(a);
            } else {
                b -= a;
                b >>= Long.numberOfTrailingZeros(b);
            }
        }
        return a;
    }

    /**
     * Arithmetic modulo an odd n below 2^63 in Montgomery form (R = 2^64): a*b*R^-1 mod n with
     * two 64x64->128 multiplications and no division.
     */
    private static final class Montgomery {
        private final long n;
        /** -n^-1 mod 2^64. */
        private final long negInverse;
        /** R mod n, i.e. 1 in Montgomery form. */
        private final long one;
        /** R^2 mod n, to convert into Montgomery form. */
        private final long r2;

        Montgomery(long n) {
            this.n = n;
            long inverse = n; // correct to 3 bits for odd n; each Newton step doubles that
            for (int i = 0; i < 5; i++) {
                inverse *= 2 - n * inverse;
            }
            this.negInverse = -inverse;
            this.one = Long.remainderUnsigned(-n, n);
            long r = one;
            for (int i = 0; i < 64; i++) {
                r = addMod(r, r);
            }
            this.r2 = r;
        }

        private long addMod(long a, long b) {
            long s = a + b; // a, b < n < 2^63, so no unsigned overflow
            return Long.compareUnsigned(s, n) >= 0 ? s - n : s;
        }

        long mul(long a, long b) {
            long hi = Math.multiplyHigh(a, b);
            long lo = a * b;
            long u = lo * negInverse;
            // Unsigned high half of u*n: u may have its top bit set, n does not.
            long uHi = Math.multiplyHigh(u, n) + ((u >> 63) & n);
            long r = hi + uHi + (lo != 0 ? 1 : 0);
            return Long.compareUnsigned(r, n) >= 0 ? r - n : r;
        }

        long toMontgomery(long a) {
            return mul(a % n, r2);
        }

        long pow(long base, long exponent) {
            long result = one;
            long b = base;
            for (long e = exponent; e != 0; e >>>= 1) {
                if ((e & 1) != 0) {
                    result = mul(result, b);
                }
                b = mul(b, b);
            }
            return result;
        }

        boolean isProbablePrime() {
            long d = n - 1;
            int s = Long.numberOfTrailingZeros(d);
            d >>>= s;
            long minusOne = n - one;
            for (long w : WITNESSES) {
                if (w % n == 0) {
                    continue;
                }
                long x = pow(toMontgomery(w), d);
                if (x == one || x == minusOne) {
                    continue;
                }
                boolean composite = true;
                for (int i = 1; i < s && composite; i++) {
                    x = mul(x, x);
                    if (x == minusOne) {
                        composite = false;
                    }
                }
                if (composite) {
                    return false;
                }
            }
            return true;
        }

        /** Brent's rho on f(x) = x^2 + c (in Montgomery form), trying c = 1, 2, ... */
        long findDivisor() {
            for (long c = 1; ; c++) {
                long d = rho(c);
                if (d != n) {
                    return d;
                }
            }
        }

        private long rho(long c) {
            long y = 2;
            long x = y;
            long ys = y;
            long product = one;
            long g = 1;
            for (long r = 1; g == 1; r <<= 1) {
                x = y;
                for (long i = 0; i < r; i++) {
                    y = step(y, c);
                }
                for (long k = 0; k < r && g == 1; k += BATCH) {
                    ys = y;
                    long limit = Math.min(BATCH, r - k);
                    for (long i = 0; i < limit; i++) {
                        y = step(y, c);
                        product = mul(product, Math.abs(x - y));
                    }
                    g = gcdOdd(product, n);
                }
            }
            if (g == n) {
                // The batch multiplied in the collision itself: redo it one step at a time from ys.
                do {
                    ys = step(ys, c);
                    g = gcdOdd(Math.abs(x - ys), n);
                } while (g == 1);
            }
            return g;
        }

        private long step(long y, long c) {
            return addMod(mul(y, y), c);
        }
    }
}
