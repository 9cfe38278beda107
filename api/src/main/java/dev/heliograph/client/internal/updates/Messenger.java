package dev.heliograph.client.internal.updates;

import dev.heliograph.client.SentMessage;
import dev.heliograph.error.UnknownPeerException;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.api.BaseInputChannel;
import dev.heliograph.tl.api.BaseUpdates;
import dev.heliograph.tl.api.InputPeer;
import dev.heliograph.tl.api.InputPeerChannel;
import dev.heliograph.tl.api.InputPeerChat;
import dev.heliograph.tl.api.InputPeerUser;
import dev.heliograph.tl.api.Peer;
import dev.heliograph.tl.api.PeerChannel;
import dev.heliograph.tl.api.PeerChat;
import dev.heliograph.tl.api.PeerUser;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.UpdateMessageID;
import dev.heliograph.tl.api.UpdateShortSentMessage;
import dev.heliograph.tl.api.Updates;
import dev.heliograph.tl.api.UpdatesCombined;
import dev.heliograph.tl.api.functions.messages.EditMessage;
import dev.heliograph.tl.api.functions.messages.SendMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Sends, edits and deletes text messages for the message helpers, naming peers with the cache's
 * access hashes.
 */
final class Messenger {

    /** Runs a call through the client's whole chain (the result {@code Updates} feed the box). */
    @FunctionalInterface
    interface Rpc {
        <R> CompletableFuture<R> call(TlMethod<R> method);
    }

    private final Rpc rpc;
    private final PeerCache peers;
    Messenger(Rpc rpc, PeerCache peers) {
        this.rpc = rpc;
        this.peers = peers;
    }

    /**
     * Sends a text message.
     *
     * @param chat where to
     * @param text the text
     * @param randomId its random_id: the server sends a repeat of it (same chat and text) only once
     * @return the sent message
     */
    CompletableFuture<SentMessage> send(Peer chat, String text, long randomId) {
        InputPeer peer;
        try {
            peer = input(chat);
        } catch (UnknownPeerException e) {
            return CompletableFuture.failedFuture(e);
        }
        SendMessage request = new SendMessage(false, false, false, false, false, false, false, false, peer, null, text,
                randomId, null, null, null, null, null, null, null, null, null, null);
        return rpc.call(request).thenApply(result -> new RealSentMessage(this, chat, sentId(result, randomId)));
    }

    CompletableFuture<Void> edit(Peer chat, int id, String text) {
        return withPeer(chat, peer -> rpc.call(new EditMessage(false, false, peer, id, text, null, null, null, null,
                null, null, null)).thenApply(x -> null));
    }

    CompletableFuture<Void> delete(Peer chat, int id) {
        if (chat instanceof PeerChannel c) {
            Long hash = peers.channelHash(c.channelId());
            if (hash == null) {
                return CompletableFuture.failedFuture(unknown(chat));
            }
            return rpc.call(new dev.heliograph.tl.api.functions.channels.DeleteMessages(
                    new BaseInputChannel(c.channelId(), hash), List.of(id))).thenApply(x -> null);
        }
        return rpc.call(new dev.heliograph.tl.api.functions.messages.DeleteMessages(true, List.of(id)))
                .thenApply(x -> null);
    }

    private CompletableFuture<Void> withPeer(Peer chat, Function<InputPeer, CompletableFuture<Void>> action) {
        try {
            return action.apply(input(chat));
        } catch (UnknownPeerException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private InputPeer input(Peer chat) {
        if (chat instanceof PeerUser u) {
            Long hash = peers.userHash(u.userId());
            if (hash == null) {
                throw unknown(chat);
            }
            return new InputPeerUser(u.userId(), hash);
        } else if (chat instanceof PeerChat c) {
            return new InputPeerChat(c.chatId());
        } else if (chat instanceof PeerChannel c) {
            Long hash = peers.channelHash(c.channelId());
            if (hash == null) {
                throw unknown(chat);
            }
            return new InputPeerChannel(c.channelId(), hash);
        }
        throw unknown(chat);
    }

    private static UnknownPeerException unknown(Peer chat) {
        return new UnknownPeerException("no access hash known for " + chat);
    }

    /** The id of the message a send created: in the short answer, or by its random_id. */
    private static int sentId(Updates result, long randomId) {
        if (result instanceof UpdateShortSentMessage s) {
            return s.id();
        }
        List<Update> updates = result instanceof BaseUpdates u ? u.updates()
                : result instanceof UpdatesCombined c ? c.updates() : List.of();
        for (Update u : updates) {
            if (u instanceof UpdateMessageID m && m.randomId() == randomId) {
                return m.id();
            }
        }
        return 0;
    }

    /** A message this account sent. */
    private record RealSentMessage(Messenger messenger, Peer chat, int id) implements SentMessage {
        @Override
        public CompletableFuture<Void> edit(String text) {
            return messenger.edit(chat, id, text);
        }

        @Override
        public CompletableFuture<Void> delete() {
            return messenger.delete(chat, id);
        }
    }
}
