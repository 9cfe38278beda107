package dev.heliograph.crypto.impl;

import dev.heliograph.error.CryptoException;
import java.math.BigInteger;
import java.util.Objects;

/** Argument checks shared by the providers, so both reject bad input with the same messages. */
final class Args {

    static final int BLOCK = 16;
    static final int RSA_BLOCK = 256;

    private Args() {
    }

    static void aesKey(byte[] key) {
        Objects.requireNonNull(key, "key is null");
        if (key.length != 32) {
            throw new CryptoException("AES-256 key must be 32 bytes, got " + key.length);
        }
    }

    static void iv(byte[] iv, int expected, String mode) {
        Objects.requireNonNull(iv, "iv is null");
        if (iv.length != expected) {
            throw new CryptoException(mode + " IV must be " + expected + " bytes, got " + iv.length);
        }
    }

    static void blocks(byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        Objects.requireNonNull(in, "input is null");
        Objects.requireNonNull(out, "output is null");
        if (length < 0 || length % BLOCK != 0) {
            throw new CryptoException("AES-IGE length must be a non-negative multiple of 16, got " + length);
        }
        range(in, inOffset, length);
        range(out, outOffset, length);
    }

    static void range(byte[] array, int offset, int length) {
        Objects.requireNonNull(array, "array is null");
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new CryptoException("range [" + offset + ", +" + length + ") outside an array of "
                    + array.length + " bytes");
        }
    }

    static void modPow(BigInteger base, BigInteger exponent, BigInteger modulus) {
        Objects.requireNonNull(base, "base is null");
        Objects.requireNonNull(exponent, "exponent is null");
        Objects.requireNonNull(modulus, "modulus is null");
        if (modulus.signum() <= 0) {
            throw new CryptoException("modulus must be positive");
        }
        if (base.signum() < 0 || exponent.signum() < 0) {
            throw new CryptoException("base and exponent must be non-negative");
        }
    }

    /** Checks an RSA block and returns its value, which is below the modulus. */
    static BigInteger rsaBlock(BigInteger modulus, byte[] block) {
        Objects.requireNonNull(block, "block is null");
        if (modulus.bitLength() > RSA_BLOCK * 8) {
            throw new CryptoException("RSA modulus must be at most 2048 bits, got " + modulus.bitLength());
        }
        if (block.length != RSA_BLOCK) {
            throw new CryptoException("RSA block must be 256 bytes, got " + block.length);
        }
        BigInteger value = new BigInteger(1, block);
        if (value.compareTo(modulus) >= 0) {
            throw new CryptoException("RSA block is not below the modulus");
        }
        return value;
    }

    /** Writes a non-negative value below 2^2048 as exactly 256 big-endian bytes. */
    static byte[] toBlock(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[RSA_BLOCK];
        int skip = raw.length > RSA_BLOCK ? raw.length - RSA_BLOCK : 0;
        System.arraycopy(raw, skip, out, RSA_BLOCK - (raw.length - skip), raw.length - skip);
        return out;
    }
}
