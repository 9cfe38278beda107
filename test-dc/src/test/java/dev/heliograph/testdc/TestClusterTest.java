package dev.heliograph.testdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.crypto.impl.RsaPem;
import org.junit.jupiter.api.Test;

class TestClusterTest {

    @Test
    void theFirstConfiguredKeyIsTheMainKeyAndItsFingerprintIsTheSpecs() {
        RsaPrivateKey first = RsaPem.generate(RandomSource.secure());
        RsaPrivateKey second = RsaPem.generate(RandomSource.secure());
        TestCluster cluster = TestCluster.builder().dcIds(7).rsaKey(first).rsaKey(second).build();
        try {
            assertEquals(first.publicKey(), cluster.publicKey());
            assertEquals(new MtprotoCrypto(CryptoProviders.defaultProvider()).rsaFingerprint(first.publicKey()),
                    cluster.fingerprint());
            assertEquals(first.publicKey(), RsaPem.parsePublic(cluster.publicKeyPem()));
            assertEquals(7, cluster.dcs().get(0).id());
            assertThrows(IllegalArgumentException.class, () -> cluster.dc(1));
        } finally {
            cluster.close();
        }
    }

    @Test
    void rejectsDuplicateOrNonPositiveDcIds() {
        assertThrows(IllegalArgumentException.class, () -> TestCluster.builder().dcIds(1, 1));
        assertThrows(IllegalArgumentException.class, () -> TestCluster.builder().dcIds(0));
    }
}
