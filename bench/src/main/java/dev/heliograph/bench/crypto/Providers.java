package dev.heliograph.bench.crypto;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.impl.BouncyCastleCryptoProvider;
import dev.heliograph.crypto.impl.JdkCryptoProvider;

/** Maps the benchmarks' {@code provider} parameter to an instance. */
final class Providers {

    private Providers() {
    }

    static CryptoProvider byName(String name) {
        return switch (name) {
            case "jdk" -> new JdkCryptoProvider();
            case "jdk-per-block" -> new JdkCryptoProvider(JdkCryptoProvider.IgeStrategy.PER_BLOCK);
            case "bouncycastle" -> new BouncyCastleCryptoProvider();
            default -> throw new IllegalArgumentException("unknown provider " + name);
        };
    }
}
