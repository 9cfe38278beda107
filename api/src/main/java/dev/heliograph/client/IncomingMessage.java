package dev.heliograph.client;

import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.Peer;
import java.util.concurrent.CompletableFuture;

/**
 * A new message someone sent to the account, in a private chat, a group or a channel, with helpers
 * to answer it. The helpers call {@code messages.sendMessage} (see {@link #reply} for its
 * {@code random_id}),
 * {@code messages.editMessage} and {@code messages.deleteMessages} through the client, naming
 * peers with the access hashes of the session's peer cache.
 *
 * @since 0.1
 */
public interface IncomingMessage {

    /**
     * Returns the message id (unique in its chat).
     *
     * @return the id
     */
    int id();

    /**
     * Returns the text (empty for media without a caption).
     *
     * @return the text
     */
    String text();

    /**
     * Returns who sent it.
     *
     * @return the sender's user id, or 0 if the message has none (a channel post)
     */
    long senderId();

    /**
     * Returns the chat it was sent in: {@code peerUser} (a private chat, with the sender),
     * {@code peerChat} (a basic group) or {@code peerChannel} (a supergroup or channel).
     *
     * @return the chat
     */
    Peer chat();

    /**
     * Tells whether it came in a private chat.
     *
     * @return {@code true} for a private chat
     */
    boolean isPrivate();

    /**
     * Returns the date.
     *
     * @return seconds since the epoch
     */
    int date();

    /**
     * Returns the message as Telegram sent it.
     *
     * @return the raw message
     */
    BaseMessage raw();

    /**
     * Sends a text message to the same chat. Its {@code random_id} is derived from this message
     * and the reply's rank among the replies to it, so when the handler runs again for the same
     * message (after a crash, or on another host sharing the session), the server sends each reply
     * only once; a repeat with another text fails with {@code RANDOM_ID_DUPLICATE}.
     *
     * @param text the text (1 to 4096 UTF-16 units)
     * @return the sent message; fails with an {@link dev.heliograph.error.RpcException} such as
     *     {@code MESSAGE_EMPTY}, {@code MESSAGE_TOO_LONG}, {@code USER_IS_BLOCKED}, or with
     *     {@link dev.heliograph.error.UnknownPeerException} if the chat's access hash is not known
     */
    CompletableFuture<SentMessage> reply(String text);

    /**
     * Deletes this message for everyone (where the account may).
     *
     * @return completes when deleted
     */
    CompletableFuture<Void> delete();
}
