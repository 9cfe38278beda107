package dev.heliograph.testdc.internal;

import dev.heliograph.testdc.Bot;

/**
 * A user or a bot as the DC describes it to clients.
 *
 * @param id the user id
 * @param bot whether the account is a bot
 * @param firstName the display name
 * @param username the username without {@code @}, or null
 * @param phone the phone number (digits only), or null for bots
 * @param homeDc the DC the account lives in
 */
public record Account(long id, boolean bot, String firstName, String username, String phone, int homeDc) {

    /**
     * Describes a bot.
     *
     * @param bot the bot
     * @return its account
     */
    public static Account of(Bot bot) {
        return new Account(bot.id(), true, bot.firstName(), bot.username(), null, bot.homeDc());
    }

    /**
     * Returns the access hash every client sees for this account. Telegram's differ per viewer;
     * one per account is enough for the checks clients meet (a wrong hash is refused).
     *
     * @return the hash
     */
    public long accessHash() {
        return id * 0x9E3779B97F4A7C15L ^ 0x5DEECE66DL;
    }
}
