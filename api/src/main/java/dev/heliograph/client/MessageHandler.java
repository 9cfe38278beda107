package dev.heliograph.client;

/**
 * Receives new incoming messages of private chats and groups: see
 * {@link HeliographClient#onMessage}. Runs like an {@link UpdateHandler}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Handles one message. A handler that throws is reported to
     * {@link ClientEventListener#updateHandlerFailed}; delivery goes on.
     *
     * @param message the message
     * @throws Exception anything; reported, not fatal
     */
    void onMessage(IncomingMessage message) throws Exception;
}
