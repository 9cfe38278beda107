package dev.heliograph.crypto;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An RSA private key (server side only: the test DC). {@link #toString()} hides the private
 * exponent.
 *
 * @param publicKey the matching public key
 * @param privateExponent d
 */
public record RsaPrivateKey(RsaPublicKey publicKey, BigInteger privateExponent) {

    /**
     * Validates the key.
     *
     * @throws IllegalArgumentException if a part is missing or not positive
     */
    public RsaPrivateKey {
        Objects.requireNonNull(publicKey, "publicKey is null");
        Objects.requireNonNull(privateExponent, "privateExponent is null");
        if (privateExponent.signum() <= 0) {
            throw new IllegalArgumentException("RSA private exponent must be positive");
        }
    }

    @Override
    public String toString() {
        return "RsaPrivateKey[modulus bits=" + publicKey.modulus().bitLength() + "]";
    }
}
