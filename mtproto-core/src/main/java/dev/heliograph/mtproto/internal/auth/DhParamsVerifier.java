package dev.heliograph.mtproto.internal.auth;

import dev.heliograph.crypto.impl.DhGroup;
import dev.heliograph.error.SecurityCheckException.Check;
import dev.heliograph.error.SecurityCheckException;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the Diffie-Hellman group the server proposes (MTPROTO-NOTES 3.8, 3.9): {@code g} in
 * 2..7, {@code dh_prime} a 2048-bit safe prime, {@code g} a quadratic residue modulo it, and
 * {@code g_a}/{@code g_b} away from the group's edges. Primality verdicts are cached because the
 * tests take tens of milliseconds and servers reuse one prime; the well-known prime is accepted
 * without them. Thread-safe; one instance is meant to be shared by a process.
 */
public final class DhParamsVerifier {

    private static final int PRIME_BITS = 2048;
    private static final int CERTAINTY = 64;
    private static final int MAX_CACHED = 64;
    private static final BigInteger MARGIN = BigInteger.ONE.shiftLeft(PRIME_BITS - 64);

    private static final DhParamsVerifier SHARED = new DhParamsVerifier();

    private final Map<BigInteger, Boolean> verdicts = new ConcurrentHashMap<>();

    /**
     * Returns the process-wide verifier, whose cache every exchange shares.
     *
     * @return the shared instance
     */
    public static DhParamsVerifier shared() {
        return SHARED;
    }

    /**
     * Checks {@code g} and {@code dh_prime}.
     *
     * @param g the generator
     * @param prime the prime
     * @throws SecurityCheckException with {@link Check#DH_G} or {@link Check#DH_PRIME}
     */
    public void checkGroup(int g, BigInteger prime) {
        if (g < 2 || g > 7) {
            throw new SecurityCheckException(Check.DH_G, "g = " + g + " is not in 2..7");
        }
        if (prime.signum() <= 0 || prime.bitLength() != PRIME_BITS) {
            throw new SecurityCheckException(Check.DH_PRIME, "dh_prime is not a 2048-bit number");
        }
        if (!isQuadraticResidue(g, prime)) {
            throw new SecurityCheckException(Check.DH_G, "g = " + g + " is not a quadratic residue modulo dh_prime");
        }
        if (!prime.equals(DhGroup.PRIME) && !isSafePrime(prime)) {
            throw new SecurityCheckException(Check.DH_PRIME, "dh_prime is not a safe prime");
        }
    }

    /**
     * Checks that a public DH value lies in {@code (2^1984, dh_prime - 2^1984)}.
     *
     * @param value g_a or g_b
     * @param prime the prime
     * @param what the value's name, for the message
     * @throws SecurityCheckException with {@link Check#DH_RANGE}
     */
    public void checkPublicValue(BigInteger value, BigInteger prime, String what) {
        if (!inRange(value, prime)) {
            throw new SecurityCheckException(Check.DH_RANGE, what + " is outside (2^1984, dh_prime - 2^1984)");
        }
    }

    static boolean inRange(BigInteger value, BigInteger prime) {
        return value.compareTo(MARGIN) > 0 && value.compareTo(prime.subtract(MARGIN)) < 0;
    }

    private static boolean isQuadraticResidue(int g, BigInteger p) {
        return switch (g) {
            case 2 -> p.mod(BigInteger.valueOf(8)).intValue() == 7;
            case 3 -> p.mod(BigInteger.valueOf(3)).intValue() == 2;
            case 4 -> true;
            case 5 -> {
                int r = p.mod(BigInteger.valueOf(5)).intValue();
                yield r == 1 || r == 4;
            }
            case 6 -> {
                int r = p.mod(BigInteger.valueOf(24)).intValue();
                yield r == 19 || r == 23;
            }
            case 7 -> {
                int r = p.mod(BigInteger.valueOf(7)).intValue();
                yield r == 3 || r == 5 || r == 6;
            }
            default -> false;
        };
    }

    private boolean isSafePrime(BigInteger p) {
        Boolean cached = verdicts.get(p);
        if (cached != null) {
            return cached;
        }
        boolean verdict = p.isProbablePrime(CERTAINTY)
                && p.subtract(BigInteger.ONE).shiftRight(1).isProbablePrime(CERTAINTY);
        if (verdicts.size() < MAX_CACHED) {
            verdicts.put(p, verdict);
        }
        return verdict;
    }
}
