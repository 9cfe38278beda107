package dev.heliograph.crypto;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An RSA public key as MTProto uses it: a 2048-bit modulus and an exponent.
 *
 * @param modulus n
 * @param exponent e
 */
public record RsaPublicKey(BigInteger modulus, BigInteger exponent) {

    /**
     * Validates the key.
     *
     * @throws IllegalArgumentException if a part is missing or not positive
     */
    public RsaPublicKey {
        Objects.requireNonNull(modulus, "modulus is null");
        Objects.requireNonNull(exponent, "exponent is null");
        if (modulus.signum() <= 0 || exponent.signum() <= 0) {
            throw new IllegalArgumentException("RSA modulus and exponent must be positive");
        }
    }
}
