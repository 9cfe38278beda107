package dev.heliograph.transport.tcp.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The (framing, obfuscated) pairs a connection can speak, for parameterized tests. */
public final class FramingCases {

    private FramingCases() {
    }

    /**
     * Every framing in plain form, plus the obfuscated form of those that support it.
     *
     * @return arguments {@code (Framing, boolean obfuscated)}
     */
    public static Stream<Arguments> all() {
        List<Arguments> out = new ArrayList<>();
        for (Framing framing : Framing.values()) {
            out.add(Arguments.of(framing, false));
            if (framing.supportsObfuscation()) {
                out.add(Arguments.of(framing, true));
            }
        }
        return out.stream();
    }
}
