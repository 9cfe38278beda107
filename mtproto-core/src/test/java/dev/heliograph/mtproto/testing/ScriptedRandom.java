package dev.heliograph.mtproto.testing;

import dev.heliograph.crypto.RandomSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/**
 * The one scripted {@link RandomSource} of the tests (test-jar of mtproto-core): hands out recorded
 * byte strings in order, each exactly once and each for a request of its exact length; after the
 * script, either every request fails (strict) or seeded bytes follow.
 */
public final class ScriptedRandom implements RandomSource {

    private final Deque<byte[]> script = new ArrayDeque<>();
    private final Random fallback;

    /**
     * A strict script: a request beyond it fails the test.
     *
     * @param chunks the byte strings, in the order they are asked for
     */
    public ScriptedRandom(byte[]... chunks) {
        this(null, chunks);
    }

    /**
     * A script followed by seeded bytes.
     *
     * @param seed the seed of the bytes after the script
     * @param chunks the byte strings, in the order they are asked for
     */
    public ScriptedRandom(long seed, byte[]... chunks) {
        this(new Random(seed), chunks);
    }

    private ScriptedRandom(Random fallback, byte[][] chunks) {
        this.fallback = fallback;
        for (byte[] chunk : chunks) {
            script.add(chunk);
        }
    }

    @Override
    public void nextBytes(byte[] target) {
        byte[] next = script.poll();
        if (next == null && fallback != null) {
            fallback.nextBytes(target);
            return;
        }
        if (next == null || next.length != target.length) {
            throw new AssertionError("unexpected request for " + target.length + " random bytes"
                    + (next == null ? " after the script" : " (scripted " + next.length + ")"));
        }
        System.arraycopy(next, 0, target, 0, target.length);
    }

    /**
     * Returns how many scripted byte strings were not asked for yet.
     *
     * @return the count
     */
    public int remainingScripted() {
        return script.size();
    }
}
