package dev.heliograph.client;

import java.util.Objects;

/**
 * Who a {@link HeliographClient#botLogin bot login} logged in as.
 *
 * @param id the bot's user id
 * @param username the bot's username without {@code @}, or {@code null} if it has none
 * @param firstName the bot's display name
 * @param dcId the bot's home DC, where the session's authorization lives
 * @since 0.1
 */
public record BotIdentity(long id, String username, String firstName, int dcId) {

    /**
     * Checks the values.
     *
     * @param id the bot's user id
     * @param username the username without {@code @}, or {@code null}
     * @param firstName the display name
     * @param dcId the home DC
     * @throws NullPointerException if {@code firstName} is null
     */
    public BotIdentity {
        Objects.requireNonNull(firstName, "firstName is null");
    }
}
