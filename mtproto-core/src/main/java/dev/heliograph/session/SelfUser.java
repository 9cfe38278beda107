package dev.heliograph.session;

import java.util.Objects;

/**
 * The account the session is logged in as.
 *
 * @param id the user id
 * @param username the username without {@code @}, or {@code null} if the account has none
 * @param firstName the first name (a bot's name)
 * @param bot whether the account is a bot
 */
public record SelfUser(long id, String username, String firstName, boolean bot) {

    /**
     * Checks the values.
     *
     * @throws NullPointerException if {@code firstName} is null
     */
    public SelfUser {
        Objects.requireNonNull(firstName, "firstName is null");
    }
}
