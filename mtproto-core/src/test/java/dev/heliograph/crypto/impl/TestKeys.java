package dev.heliograph.crypto.impl;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.RsaPrivateKey;
import java.util.SplittableRandom;

/** One generated 2048-bit RSA key shared by the server-side tests (generation takes a while). */
final class TestKeys {

    private TestKeys() {
    }

    private static final class Holder {
        static final RsaPrivateKey KEY = RsaPem.generate(seeded(20260702L));
    }

    static RsaPrivateKey serverKey() {
        return Holder.KEY;
    }

    static RandomSource seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return random::nextBytes;
    }
}
