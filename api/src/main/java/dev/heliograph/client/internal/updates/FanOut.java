package dev.heliograph.client.internal.updates;

import dev.heliograph.client.ClientEventListener;
import dev.heliograph.client.UpdateProblem;
import dev.heliograph.error.Failures;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.error.TlDecodeException;
import dev.heliograph.session.QueuedUpdate;
import dev.heliograph.session.UpdateQueue;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.api.BaseChat;
import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.BaseUpdates;
import dev.heliograph.tl.api.Channel;
import dev.heliograph.tl.api.ChannelForbidden;
import dev.heliograph.tl.api.Chat;
import dev.heliograph.tl.api.ChatForbidden;
import dev.heliograph.tl.api.Message;
import dev.heliograph.tl.api.MessageService;
import dev.heliograph.tl.api.Peer;
import dev.heliograph.tl.api.PeerChannel;
import dev.heliograph.tl.api.PeerChat;
import dev.heliograph.tl.api.PeerUser;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.UpdateEditChannelMessage;
import dev.heliograph.tl.api.UpdateEditMessage;
import dev.heliograph.tl.api.UpdateNewChannelMessage;
import dev.heliograph.tl.api.UpdateNewMessage;
import dev.heliograph.tl.api.Updates;
import dev.heliograph.tl.api.User;
import dev.heliograph.tlapi.TlApi;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The client's side of an {@link UpdateQueue}: the receiving host appends each batch of updates
 * to the queue (the update state is saved only after that), and every host runs its handlers on
 * the updates the queue hands it. Each entry is one update as a TL {@code updates} container with
 * the users and chats it names, so a host that never saw them can still reply.
 */
final class FanOut {

    private static final long MAX_RETRY_MILLIS = 2000;

    private final UpdateQueue queue;
    private final PeerCache peers;
    private final ClientEventListener listener;

    FanOut(UpdateQueue queue, PeerCache peers, ClientEventListener listener) {
        this.queue = queue;
        this.peers = peers;
        this.listener = listener;
    }

    /**
     * Appends batches, in order, and returns once they are stored, retrying (and reporting) while
     * the queue fails; gives up only when {@code stopped} says so.
     *
     * @param batches the batches
     * @param stopped tells whether the loop closed
     * @return whether the batches were stored
     */
    boolean append(List<UpdateBox.Batch> batches, BooleanSupplier stopped) {
        List<QueuedUpdate> entries = new ArrayList<>();
        for (UpdateBox.Batch batch : batches) {
            for (Update u : batch.updates()) {
                entries.add(entry(u, batch.users(), batch.chats()));
            }
        }
        long wait = 50;
        boolean reported = false;
        while (!stopped.getAsBoolean()) {
            try {
                Failures.join(queue.append(entries));
                return true;
            } catch (SessionStoreException e) {
                if (!reported) {
                    reported = true;
                    failed(e);
                }
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            wait = Math.min(MAX_RETRY_MILLIS, wait * 2);
        }
        return false;
    }

    /**
     * Starts handing the queue's updates to {@code deliver} on {@code executor}.
     *
     * @param executor the handler executor
     * @param deliver runs the handlers for one update
     */
    void start(Executor executor, Consumer<Update> deliver) {
        queue.start((id, entry) -> CompletableFuture.runAsync(() -> {
            BaseUpdates container = decode(entry.payload());
            peers.learn(container.users(), container.chats());
            deliver.accept(container.updates().get(0));
        }, executor), this::failed);
    }

    void close() {
        queue.close();
    }

    private void failed(SessionStoreException e) {
        if (e.kind() == SessionStoreException.Kind.CORRUPT) {
            listener.storeEntryQuarantined(e);
        } else {
            listener.updateProblem(new UpdateProblem(UpdateProblem.Kind.FANOUT_UNAVAILABLE,
                    "the update queue failed; appends and handling are retried: " + e.getMessage(), e));
        }
    }

    /** One update with the users and chats it names. */
    static QueuedUpdate entry(Update u, List<User> users, List<Chat> chats) {
        Message m = u instanceof UpdateNewMessage x ? x.message() : u instanceof UpdateNewChannelMessage x ? x.message()
                : u instanceof UpdateEditMessage x ? x.message() : u instanceof UpdateEditChannelMessage x ? x.message()
                : null;
        Peer chat = m instanceof BaseMessage b ? b.peerId() : m instanceof MessageService s ? s.peerId() : null;
        Peer from = m instanceof BaseMessage b ? b.fromId() : m instanceof MessageService s ? s.fromId() : null;
        List<User> named = users;
        List<Chat> namedChats = chats;
        if (chat != null) {
            named = new ArrayList<>();
            for (User user : users) {
                long id = UpdateBox.Peers.idOf(user);
                if (isUser(chat, id) || isUser(from, id)) {
                    named.add(user);
                }
            }
            namedChats = new ArrayList<>();
            for (Chat c : chats) {
                if (chatId(c) == chatId(chat)) {
                    namedChats.add(c);
                }
            }
        }
        TlWriter w = new TlWriter(256);
        new BaseUpdates(List.of(u), named, namedChats, 0, 0).serialize(w);
        PtsInfo pts = PtsInfo.of(u);
        return new QueuedUpdate(chatKey(chat, pts), dedupId(pts), w.toByteArray());
    }

    /**
     * Reads an entry back.
     *
     * @param payload the entry's bytes
     * @return the container with exactly one update
     * @throws TlDecodeException if the bytes are not such a container
     */
    static BaseUpdates decode(byte[] payload) {
        TlReader r = new TlReader(payload, TlApi.registry());
        Updates read = r.readObject(Updates.class);
        r.requireEnd();
        if (!(read instanceof BaseUpdates container) || container.updates().size() != 1) {
            throw new TlDecodeException("an update queue entry must be updates with one update, not "
                    + read.tlName(), 0, read.constructorId());
        }
        return container;
    }

    private static boolean isUser(Peer peer, long id) {
        return peer instanceof PeerUser p && p.userId() == id;
    }

    private static long chatId(Peer peer) {
        return peer instanceof PeerChat c ? c.chatId() : peer instanceof PeerChannel c ? c.channelId() : -1;
    }

    private static long chatId(Chat c) {
        return c instanceof BaseChat x ? x.id() : c instanceof ChatForbidden x ? x.id() : c instanceof Channel x ? x.id()
                : c instanceof ChannelForbidden x ? x.id() : -2;
    }

    /** The chat whose order the update belongs to; updates outside any chat share one key. */
    private static String chatKey(Peer chat, PtsInfo pts) {
        if (chat instanceof PeerUser p) {
            return "u" + p.userId();
        } else if (chat instanceof PeerChat p) {
            return "g" + p.chatId();
        } else if (chat instanceof PeerChannel p) {
            return "c" + p.channelId();
        }
        return pts != null && pts.isChannel() ? "c" + pts.entry() : "-";
    }

    /** The update's place in its sequence, which no other update of the account has. */
    private static String dedupId(PtsInfo pts) {
        if (pts == null || pts.count() == 0) {
            return null;
        }
        if (pts.entry() == PtsInfo.COMMON) {
            return "p" + pts.pts();
        }
        if (pts.entry() == PtsInfo.SECONDARY) {
            return "q" + pts.pts();
        }
        return pts.isChannel() ? "c" + pts.entry() + ":" + pts.pts() : null;
    }
}
