package dev.heliograph.mtproto.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.impl.DhGroup;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class DhHalvesTest {

    private final DhHalves halves = new DhHalves(Runnable::run);

    @Test
    void aPreparedHalfIsGToItsSecretAndIsHandedOutOnce() {
        halves.prepare(CryptoProviders.jdk(), RandomSource.secure());
        DhHalves.Half half = halves.take(DhGroup.G, DhGroup.PRIME);
        assertNotNull(half);
        assertEquals(BigInteger.valueOf(DhGroup.G).modPow(new BigInteger(1, half.secret()), DhGroup.PRIME), half.gB());
        assertTrue(DhParamsVerifier.inRange(half.gB(), DhGroup.PRIME));
        assertNull(halves.take(DhGroup.G, DhGroup.PRIME), "each half goes to one exchange only");
    }

    @Test
    void anotherGroupGetsNoPreparedHalfAndLeavesItForTheNextExchange() {
        halves.prepare(CryptoProviders.jdk(), RandomSource.secure());
        assertNull(halves.take(2, DhGroup.PRIME));
        assertNull(halves.take(DhGroup.G, DhGroup.PRIME.subtract(BigInteger.TWO)));
        assertNotNull(halves.take(DhGroup.G, DhGroup.PRIME));
    }

    @Test
    void aFailedPreparationMeansTheExchangeComputesItsOwnHalf() {
        halves.prepare(CryptoProviders.jdk(), n -> {
            throw new IllegalStateException("no entropy");
        });
        assertNull(halves.take(DhGroup.G, DhGroup.PRIME));
    }
}
