package dev.heliograph.crypto.impl;

import dev.heliograph.crypto.RandomSource;
import java.util.ArrayDeque;
import java.util.Deque;

/** A {@link RandomSource} that hands out recorded byte strings in order, each exactly once. */
final class ScriptedRandom implements RandomSource {

    private final Deque<byte[]> script = new ArrayDeque<>();

    ScriptedRandom(byte[]... chunks) {
        for (byte[] chunk : chunks) {
            script.add(chunk);
        }
    }

    @Override
    public void nextBytes(byte[] target) {
        byte[] next = script.poll();
        if (next == null || next.length != target.length) {
            throw new AssertionError("unexpected request for " + target.length + " random bytes");
        }
        System.arraycopy(next, 0, target, 0, target.length);
    }

    boolean exhausted() {
        return script.isEmpty();
    }
}
