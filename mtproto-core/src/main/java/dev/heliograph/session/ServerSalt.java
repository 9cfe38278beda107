package dev.heliograph.session;

/**
 * A server salt and the time window in which the server accepts it
 * (<a href="https://core.telegram.org/mtproto/service_messages#request-for-several-future-salts">future_salt</a>).
 *
 * @param salt the 64-bit salt
 * @param validSince unix seconds from which the salt is valid
 * @param validUntil unix seconds until which the salt is valid
 */
public record ServerSalt(long salt, int validSince, int validUntil) {

    /**
     * Checks the window.
     *
     * @throws IllegalArgumentException if {@code validUntil} is before {@code validSince}
     */
    public ServerSalt {
        if (Integer.compareUnsigned(validUntil, validSince) < 0) {
            throw new IllegalArgumentException("validUntil is before validSince");
        }
    }

    /**
     * Returns a salt with no known expiry, such as the initial salt of a new auth key.
     *
     * @param salt the salt
     * @return a salt valid from 0 to the end of unsigned 32-bit time
     */
    public static ServerSalt unbounded(long salt) {
        return new ServerSalt(salt, 0, -1);
    }

    /** The salt value is not secret enough to matter, but it has no use in logs either. */
    @Override
    public String toString() {
        return "ServerSalt[validSince=" + Integer.toUnsignedString(validSince)
                + ", validUntil=" + Integer.toUnsignedString(validUntil) + "]";
    }
}
