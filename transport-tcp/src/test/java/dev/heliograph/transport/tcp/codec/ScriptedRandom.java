package dev.heliograph.transport.tcp.codec;

import dev.heliograph.crypto.RandomSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/** Hands out scripted byte arrays (each must match the request's length), then seeded bytes. */
final class ScriptedRandom implements RandomSource {

    private final Deque<byte[]> script = new ArrayDeque<>();
    private final Random fallback;

    ScriptedRandom(long seed, byte[]... scripted) {
        fallback = new Random(seed);
        for (byte[] b : scripted) {
            script.add(b);
        }
    }

    @Override
    public void nextBytes(byte[] target) {
        byte[] next = script.poll();
        if (next == null) {
            fallback.nextBytes(target);
            return;
        }
        if (next.length != target.length) {
            throw new AssertionError("scripted " + next.length + " bytes, asked for " + target.length);
        }
        System.arraycopy(next, 0, target, 0, next.length);
    }

    int remainingScripted() {
        return script.size();
    }
}
