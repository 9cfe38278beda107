package dev.heliograph.client;

import dev.heliograph.tl.api.Update;

/**
 * Receives every update, raw, in order: see {@link HeliographClient#onUpdate}. Runs on the
 * client's handler executor ({@link UpdateSettings#executor()}), never on a network thread, so it
 * may block (a slow handler slows delivery down; it never makes memory grow without bound).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface UpdateHandler {

    /**
     * Handles one update. A handler that throws is reported to
     * {@link ClientEventListener#updateHandlerFailed}; delivery goes on with the next update.
     *
     * @param update the update (short forms arrive as the full update they stand for, such as
     *     {@code updateNewMessage}; messages fetched with {@code getDifference} carry pts 0)
     * @throws Exception anything; reported, not fatal
     */
    void onUpdate(Update update) throws Exception;
}
