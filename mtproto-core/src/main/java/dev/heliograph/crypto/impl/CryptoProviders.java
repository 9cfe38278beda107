package dev.heliograph.crypto.impl;

import dev.heliograph.crypto.CryptoProvider;


/**
 * Access to the shipped {@link CryptoProvider}s.
 */
public final class CryptoProviders {

    private static final CryptoProvider JDK = new JdkCryptoProvider();

    /** Loads Bouncy Castle only for those who ask for it: its classes slow a fresh JVM's first login. */
    private static final class BouncyCastle {
        static final CryptoProvider PROVIDER = new BouncyCastleCryptoProvider();
    }

    private CryptoProviders() {
    }

    /**
     * Returns the provider Heliograph uses unless told otherwise: the faster of the two in the
     * {@code bench} module's measurements (see the module README), which is the JDK provider
     * because HotSpot runs its AES and SHA with CPU instructions.
     *
     * @return the shared default provider
     */
    public static CryptoProvider defaultProvider() {
        return JDK;
    }

    /**
     * Returns the shared JDK provider.
     *
     * @return the provider
     */
    public static CryptoProvider jdk() {
        return JDK;
    }

    /**
     * Returns the shared Bouncy Castle provider.
     *
     * @return the provider
     */
    public static CryptoProvider bouncyCastle() {
        return BouncyCastle.PROVIDER;
    }
}
