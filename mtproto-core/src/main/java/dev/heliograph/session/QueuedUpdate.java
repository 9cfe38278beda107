package dev.heliograph.session;

import java.util.Objects;

/**
 * One update on its way through an {@link UpdateQueue}: what the receiving host appends and every
 * consuming host gets back.
 *
 * @param chatKey the chat the update belongs to (updates with the same key are handled in the
 *     order they were appended); any non-empty text of at most 64 characters
 * @param dedupId what makes this update unique within the session, such as {@code p1234} for the
 *     update that moved the common pts to 1234, or {@code null} if it has no such identity (then
 *     only redeliveries of the same queue entry are recognised as repeats); at most 64 characters
 * @param payload the update, serialized by the client (the queue does not read it); the array is
 *     not copied
 * @since 0.1
 */
public record QueuedUpdate(String chatKey, String dedupId, byte[] payload) {

    /** The longest chat key and de-duplication id. */
    public static final int MAX_KEY_LENGTH = 64;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a key is empty or too long
     */
    public QueuedUpdate {
        Objects.requireNonNull(chatKey, "chatKey is null");
        Objects.requireNonNull(payload, "payload is null");
        if (chatKey.isEmpty() || chatKey.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("chatKey must have 1 to " + MAX_KEY_LENGTH + " characters");
        }
        if (dedupId != null && (dedupId.isEmpty() || dedupId.length() > MAX_KEY_LENGTH)) {
            throw new IllegalArgumentException("dedupId must have 1 to " + MAX_KEY_LENGTH + " characters");
        }
    }
}
