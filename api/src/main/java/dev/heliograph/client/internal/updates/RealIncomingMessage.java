package dev.heliograph.client.internal.updates;

import dev.heliograph.client.IncomingMessage;
import dev.heliograph.client.SentMessage;
import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.Peer;
import dev.heliograph.tl.api.PeerChannel;
import dev.heliograph.tl.api.PeerChat;
import dev.heliograph.tl.api.PeerUser;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** The only implementation of {@link IncomingMessage}. */
final class RealIncomingMessage implements IncomingMessage {

    private final BaseMessage message;
    private final Messenger messenger;
    private final AtomicInteger replies = new AtomicInteger();

    RealIncomingMessage(BaseMessage message, Messenger messenger) {
        this.message = message;
        this.messenger = messenger;
    }

    @Override
    public int id() {
        return message.id();
    }

    @Override
    public String text() {
        return message.message();
    }

    @Override
    public long senderId() {
        // In private chats the sender may be omitted: it is the chat's user.
        Peer from = message.fromId() != null ? message.fromId() : message.peerId();
        return from instanceof PeerUser u ? u.userId() : 0;
    }

    @Override
    public Peer chat() {
        return message.peerId();
    }

    @Override
    public boolean isPrivate() {
        return message.peerId() instanceof PeerUser;
    }

    @Override
    public int date() {
        return message.date();
    }

    @Override
    public BaseMessage raw() {
        return message;
    }

    /**
     * Sends with a random_id derived from this message and the reply's rank among its replies, not
     * drawn at random: when the handler runs again for the same message (a host died after
     * replying and before the update was recorded as handled, or a restart repeated it), its
     * replies carry the same random_ids, and the server sends each only once.
     */
    @Override
    public CompletableFuture<SentMessage> reply(String text) {
        return messenger.send(message.peerId(), text, replyRandomId(message.peerId(), message.id(),
                replies.incrementAndGet()));
    }

    /**
     * The random_id of the n-th reply to a message: a 64-bit mix of the chat, the message id and n.
     *
     * @param chat the chat
     * @param messageId the message
     * @param n 1 for the first reply
     * @return a non-zero random_id
     */
    static long replyRandomId(Peer chat, int messageId, int n) {
        long peer = chat instanceof PeerUser u ? u.userId() * 3 : chat instanceof PeerChat c ? c.chatId() * 3 + 1
                : chat instanceof PeerChannel c ? c.channelId() * 3 + 2 : 0;
        long id = mix(mix(peer) ^ ((long) messageId << 20 ^ n));
        return id == 0 ? 1 : id;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public CompletableFuture<Void> delete() {
        return messenger.delete(message.peerId(), message.id());
    }

    @Override
    public String toString() {
        return "IncomingMessage[id=" + message.id() + ", chat=" + message.peerId() + ", sender=" + senderId() + "]";
    }
}
