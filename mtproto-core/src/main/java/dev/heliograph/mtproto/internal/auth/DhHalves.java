package dev.heliograph.mtproto.internal.auth;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.DhGroup;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Client DH halves ({@code b}, {@code g^b mod p}) for the group Telegram's servers use
 * ({@link DhGroup}), computed ahead on a background thread while a key exchange waits for its
 * first two answers, and each handed to exactly one exchange. That takes one of the client's two
 * 2048-bit modular exponentiations off the exchange's critical path (and in a fresh JVM gets
 * {@code modPow} compiled before the exchange needs it). An exchange whose server proposes another
 * group, or finds nothing prepared, computes its half itself as before.
 */
public final class DhHalves {

    /** Enough for a burst of concurrent cold logins; beyond this, halves are computed inline. */
    private static final int MAX_PREPARED = 4;
    private static final DhHalves SHARED = new DhHalves(ForkJoinPool.commonPool());

    /**
     * A prepared half.
     *
     * @param secret the 256 random bytes of {@code b} (wiped by the exchange once used)
     * @param gB {@code g^b mod p}
     */
    record Half(byte[] secret, BigInteger gB) {
        @Override
        public String toString() {
            return "Half[secret=<hidden>]";
        }
    }

    private final Executor executor;
    private final Queue<CompletableFuture<Half>> prepared = new ConcurrentLinkedQueue<>();

    DhHalves(Executor executor) {
        this.executor = executor;
    }

    /**
     * Returns the process-wide instance.
     *
     * @return the shared instance
     */
    public static DhHalves shared() {
        return SHARED;
    }

    /**
     * Starts computing one half in the background, unless enough are prepared already.
     *
     * @param provider computes the exponentiation
     * @param random draws {@code b}
     */
    public void prepare(CryptoProvider provider, RandomSource random) {
        if (prepared.size() >= MAX_PREPARED) {
            return;
        }
        prepared.add(CompletableFuture.supplyAsync(() -> {
            while (true) {
                byte[] b = random.bytes(256);
                BigInteger gB = provider.modPow(BigInteger.valueOf(DhGroup.G), new BigInteger(1, b), DhGroup.PRIME);
                if (DhParamsVerifier.inRange(gB, DhGroup.PRIME)) {
                    return new Half(b, gB);
                }
                Arrays.fill(b, (byte) 0);
            }
        }, executor));
    }

    /**
     * Takes a prepared half for the group the server proposed, waiting for one still being computed.
     *
     * @param g the server's generator
     * @param prime the server's prime
     * @return the half, or null if the group is another one or nothing is prepared (or it failed)
     */
    Half take(int g, BigInteger prime) {
        if (g != DhGroup.G || !prime.equals(DhGroup.PRIME)) {
            return null;
        }
        CompletableFuture<Half> next = prepared.poll();
        if (next == null) {
            return null;
        }
        try {
            return next.join();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
