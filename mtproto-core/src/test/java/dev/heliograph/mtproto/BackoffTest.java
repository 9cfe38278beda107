package dev.heliograph.mtproto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.Transport;
import dev.heliograph.transport.TransportConnection;
import dev.heliograph.transport.TransportListener;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Backoff BACKOFF = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10));

    /** A source whose {@link RandomSource#nextLong()} is {@code value}. */
    private static RandomSource fixed(long value) {
        return target -> {
            for (int i = 0; i < target.length; i++) {
                target[i] = (byte) (value >>> 8 * i);
            }
        };
    }

    @Test
    void theCeilingDoublesFromTheBaseUpToTheMaximum() {
        assertEquals(100, BACKOFF.ceilingMillis(1));
        assertEquals(200, BACKOFF.ceilingMillis(2));
        assertEquals(6_400, BACKOFF.ceilingMillis(7));
        assertEquals(10_000, BACKOFF.ceilingMillis(8));
        assertEquals(10_000, BACKOFF.ceilingMillis(Integer.MAX_VALUE));
    }

    @Test
    void fullJitterDrawsFromZeroToTheCeilingWithTheGivenRandomness() {
        assertEquals(0, BACKOFF.delayMillis(4, fixed(0)), "full jitter may wait nothing (equal jitter waits half)");
        assertEquals(800, BACKOFF.delayMillis(4, fixed(800)));
        assertEquals(0, BACKOFF.delayMillis(4, fixed(801)));
        assertEquals(Long.remainderUnsigned(-1L, 801), BACKOFF.delayMillis(4, fixed(-1L)));
        SplittableRandom seeded = new SplittableRandom(7);
        RandomSource random = target -> {
            for (int i = 0; i < target.length; i++) {
                target[i] = (byte) seeded.nextInt();
            }
        };
        long below = 0;
        for (int i = 0; i < 10_000; i++) {
            long delay = BACKOFF.delayMillis(3, random);
            assertTrue(delay >= 0 && delay <= 400, "delay " + delay);
            below += delay < 200 ? 1 : 0;
        }
        assertTrue(below > 4_500 && below < 5_500, "uniform over [0, 400]: " + below + " of 10000 below 200");
    }

    @Test
    void badBoundsAndAttemptsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> BACKOFF.ceilingMillis(0));
    }

    @Test
    void theSenderBuilderKeepsItsReconnectDelayMethod() {
        Transport none = new Transport() {
            @Override
            public String id() {
                return "none";
            }

            @Override
            public CompletableFuture<TransportConnection> connect(DcEndpoint endpoint, TransportListener listener) {
                return CompletableFuture.failedFuture(new IllegalStateException("not connected in this test"));
            }

            @Override
            public void close() {
            }
        };
        DcSenderConfig.Builder builder = DcSenderConfig.builder(DcEndpoint.of(2, "127.0.0.1", 1), none);
        assertEquals(Backoff.DEFAULT, builder.build().reconnectBackoff());
        assertEquals(Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(500)),
                builder.reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(500)).build().reconnectBackoff());
    }
}
