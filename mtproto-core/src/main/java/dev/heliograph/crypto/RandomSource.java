package dev.heliograph.crypto;

import java.security.SecureRandom;

/**
 * Where protocol code gets its randomness. Injected, so that tests can replay recorded vectors.
 */
@FunctionalInterface
public interface RandomSource {

    /**
     * Fills {@code target} with random bytes.
     *
     * @param target the array to fill
     */
    void nextBytes(byte[] target);

    /**
     * Returns {@code n} random bytes.
     *
     * @param n how many
     * @return a new array
     */
    default byte[] bytes(int n) {
        byte[] out = new byte[n];
        nextBytes(out);
        return out;
    }

    /**
     * Returns a random long.
     *
     * @return the value
     */
    default long nextLong() {
        byte[] b = bytes(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v;
    }

    /**
     * Returns a source backed by a fresh {@link SecureRandom}.
     *
     * @return the secure source
     */
    static RandomSource secure() {
        SecureRandom random = new SecureRandom();
        return random::nextBytes;
    }
}
