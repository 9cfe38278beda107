package dev.heliograph.session.redis.internal;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Lettuce from logging the Redis password. At TRACE, Lettuce's {@code CommandEncoder} logs
 * every byte it sends, the {@code AUTH}/{@code HELLO} password included. Where Lettuce logs through
 * java.util.logging (no SLF4J or Log4j 2 on the class path), that one logger is held at FINER
 * (DEBUG) at most, whatever the configuration asks; with another backend, keep
 * {@code io.lettuce.core.protocol.CommandEncoder} below TRACE in its configuration.
 */
public final class LettuceWireTrace {

    /** Held: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger ENCODER = Logger.getLogger("io.lettuce.core.protocol.CommandEncoder");

    private LettuceWireTrace() {
    }

    /** Turns the wire dump off if it is on; call before any Lettuce client sends a command. */
    public static void suppress() {
        synchronized (ENCODER) {
            Level level = ENCODER.getLevel();
            if (level == null || level.intValue() < Level.FINER.intValue()) {
                ENCODER.setLevel(Level.FINER);
            }
        }
    }
}
