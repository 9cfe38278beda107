package dev.heliograph.crypto.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Eight-bytes-at-a-time XOR helpers for the IGE chaining of both providers. */
final class Blocks {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            java.nio.ByteOrder.LITTLE_ENDIAN);

    private Blocks() {
    }

    static long get(byte[] array, int offset) {
        return (long) LONGS.get(array, offset);
    }

    static void set(byte[] array, int offset, long value) {
        LONGS.set(array, offset, value);
    }

    /** {@code out[o+i] = a[ao+i] ^ b[bo+i]}, front to back; {@code length} is a multiple of 8. */
    static void xor(byte[] a, int ao, byte[] b, int bo, byte[] out, int o, int length) {
        for (int i = 0; i < length; i += 8) {
            set(out, o + i, get(a, ao + i) ^ get(b, bo + i));
        }
    }

    /**
     * Like {@link #xor} but back to front, so that {@code out} may be {@code b} shifted up by a
     * block: every {@code b} byte is read before the write that would overwrite it.
     */
    static void xorBackward(byte[] a, int ao, byte[] b, int bo, byte[] out, int o, int length) {
        for (int i = length - 8; i >= 0; i -= 8) {
            set(out, o + i, get(a, ao + i) ^ get(b, bo + i));
        }
    }
}
