package dev.heliograph.client.internal;

import dev.heliograph.error.AccessTokenInvalidException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shape of a bot token, checked before any network call. */
final class BotTokens {

    /** {@code <bot id>:<secret>}, as BotFather issues them. */
    private static final Pattern TOKEN = Pattern.compile("([1-9][0-9]{0,18}):([A-Za-z0-9_-]{1,128})");

    private BotTokens() {
    }

    /**
     * Checks a token's shape and returns the bot id it names.
     *
     * @param token the token
     * @return the bot id (the part before the colon)
     * @throws AccessTokenInvalidException if the token is malformed; the message never contains it
     */
    static long botId(String token) {
        Matcher m = token == null ? null : TOKEN.matcher(token);
        if (m == null || !m.matches()) {
            throw new AccessTokenInvalidException(400, "ACCESS_TOKEN_INVALID");
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new AccessTokenInvalidException(400, "ACCESS_TOKEN_INVALID");
        }
    }
}
