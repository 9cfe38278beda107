package dev.heliograph.client;

import dev.heliograph.tl.api.Peer;
import java.util.concurrent.CompletableFuture;

/**
 * A message the account sent, to edit or delete.
 *
 * @since 0.1
 */
public interface SentMessage {

    /**
     * Returns the message id.
     *
     * @return the id
     */
    int id();

    /**
     * Returns the chat it was sent to.
     *
     * @return the chat
     */
    Peer chat();

    /**
     * Replaces its text ({@code messages.editMessage}).
     *
     * @param text the new text
     * @return completes when edited
     */
    CompletableFuture<Void> edit(String text);

    /**
     * Deletes it for everyone.
     *
     * @return completes when deleted
     */
    CompletableFuture<Void> delete();
}
