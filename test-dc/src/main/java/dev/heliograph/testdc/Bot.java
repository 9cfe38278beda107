package dev.heliograph.testdc;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A bot registered with the test cluster. Its token is {@code <id>:<secret>}, as BotFather issues
 * them. {@link #toString()} hides the secret.
 *
 * @param id the bot's user id
 * @param secret the part of the token after the colon
 * @param username the bot's username, without {@code @}
 * @param firstName the bot's display name
 * @param homeDc the DC the bot's account lives in
 */
public record Bot(long id, String secret, String username, String firstName, int homeDc) {

    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * Validates the bot.
     *
     * @throws IllegalArgumentException if a field is empty or out of range
     */
    public Bot {
        Objects.requireNonNull(secret, "secret is null");
        Objects.requireNonNull(username, "username is null");
        Objects.requireNonNull(firstName, "firstName is null");
        if (id <= 0 || homeDc <= 0 || username.isEmpty() || firstName.isEmpty()
                || !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("a bot needs a positive id and home DC, a username, a first name"
                    + " and a secret of 1..64 characters [A-Za-z0-9_-]");
        }
    }

    /**
     * Parses a token and the bot's public details.
     *
     * @param token {@code <id>:<secret>}
     * @param username the username
     * @param firstName the display name
     * @param homeDc the home DC
     * @return the bot
     * @throws IllegalArgumentException if the token is malformed
     */
    public static Bot fromToken(String token, String username, String firstName, int homeDc) {
        Objects.requireNonNull(token, "token is null");
        int colon = token.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a bot token has the form <id>:<secret>");
        }
        long id;
        try {
            id = Long.parseLong(token.substring(0, colon));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a bot token has the form <id>:<secret>", e);
        }
        return new Bot(id, token.substring(colon + 1), username, firstName, homeDc);
    }

    /**
     * Returns the token a client logs in with.
     *
     * @return {@code <id>:<secret>}
     */
    public String token() {
        return id + ":" + secret;
    }

    /**
     * Returns a copy that lives in another DC.
     *
     * @param dc the new home DC
     * @return the moved bot
     */
    public Bot withHomeDc(int dc) {
        return new Bot(id, secret, username, firstName, dc);
    }

    @Override
    public String toString() {
        return "Bot[id=" + id + ", username=" + username + ", homeDc=" + homeDc + "]";
    }
}
