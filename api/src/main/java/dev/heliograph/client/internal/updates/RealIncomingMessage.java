package dev.heliograph.client.internal.updates;

import dev.heliograph.client.IncomingMessage;
import dev.heliograph.client.SentMessage;
import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.Peer;
import dev.heliograph.tl.api.PeerUser;
import java.util.concurrent.CompletableFuture;

/** The only implementation of {@link IncomingMessage}. */
final class RealIncomingMessage implements IncomingMessage {

    private final BaseMessage message;
    private final Messenger messenger;

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

    @Override
    public CompletableFuture<SentMessage> reply(String text) {
        return messenger.send(message.peerId(), text);
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
