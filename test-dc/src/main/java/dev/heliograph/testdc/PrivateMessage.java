package dev.heliograph.testdc;

/**
 * One account's copy of a private message, as {@link TestUser} reads it. Each side of a private
 * chat numbers messages on its own, so the two copies of one message have different ids.
 *
 * @param id the message id in the reader's id space
 * @param senderId who sent it
 * @param peerId the other side of the chat, from the reader's view
 * @param out whether the reader sent it
 * @param date when it was sent (unix seconds)
 * @param text the text
 * @param replyToId the id (reader's space) of the message it answers, or 0
 * @param editDate when it was last edited, or 0
 */
public record PrivateMessage(int id, long senderId, long peerId, boolean out, int date, String text, int replyToId,
        int editDate) {
}
