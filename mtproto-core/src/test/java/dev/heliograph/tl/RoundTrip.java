package dev.heliograph.tl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Test support: write a value, read it back through a registry, compare. */
final class RoundTrip {

    private RoundTrip() {
    }

    static byte[] encode(TlObject value) {
        TlWriter w = new TlWriter();
        value.serialize(w);
        return w.toByteArray();
    }

    static TlObject decode(byte[] bytes, TlRegistry registry) {
        TlReader r = new TlReader(bytes, registry);
        TlObject back = r.readObject();
        r.requireEnd();
        return back;
    }

    static void check(TlObject value, TlRegistry registry) {
        byte[] bytes = encode(value);
        TlObject back = decode(bytes, registry);
        assertSame(value.getClass(), back.getClass());
        assertEquals(value, back, () -> "round trip of " + value);
        assertEquals(value.hashCode(), back.hashCode());
    }
}
