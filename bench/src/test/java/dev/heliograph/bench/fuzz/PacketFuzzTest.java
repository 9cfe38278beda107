package dev.heliograph.bench.fuzz;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build's share of {@link PacketFuzz}: 10^5 mutated packets (the 10^7 run is a command). */
class PacketFuzzTest {

    @Test
    void aHundredThousandMutatedPacketsAreAcceptedOrRejectedWithTypedErrorsAndNoneHangs() throws Exception {
        PacketFuzz.Report r = PacketFuzz.run(100_000, 0x48656c696f67L, false);
        System.out.println("packet fuzz: " + r);
        assertEquals(100_000, r.packets(), String.valueOf(r.firstFailure()));
        assertEquals(0, r.untyped(), r.firstFailure());
        assertEquals(0, r.hangs(), r.firstFailure());
        assertTrue(r.typed() > 10_000 && r.accepted() > 10_000, "both outcomes are exercised: " + r);
    }
}
