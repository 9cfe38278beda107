package dev.heliograph.testdc.internal;

import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.transport.DcEndpoint;
import java.util.Collection;
import java.util.List;

/**
 * Writes the answers whose shape depends on the client's API layer. A client's declared layer is
 * served by the newest supported layer not above it (the oldest for anything below it).
 *
 * <p>{@code User}, {@code auth.Authorization} and {@code Config} are built from each layer's
 * generated records. Messages, updates and {@code UserFull} are written here by hand from a few
 * per-layer constructor ids: {@code message} alone references some twenty types (media, markup,
 * reactions, forwards...) that a generated subset would have to carry for every layer, while the
 * server only ever sets the handful of fields below ({@link Wire} holds each layer's ids). Every
 * other constructor written here is the same in layers 144, 198 and 228, except
 * {@code updateUserTyping}, which gained flags after 198.
 *
 * @param <U> the layer's {@code user} constructor
 */
abstract class LayerAnswers<U extends TlObject> {

    /**
     * What {@code help.getConfig} reports.
     *
     * @param date the DC's time
     * @param expires when the client should ask again
     * @param thisDc the answering DC
     * @param endpoints every DC of the cluster
     */
    record ConfigFacts(int date, int expires, int thisDc, List<DcEndpoint> endpoints) {
    }

    private static final LayerAnswers<?>[] SUPPORTED = {
        new Layer144Answers(), new Layer198Answers(), new Layer228Answers()
    };

    static LayerAnswers<?> forLayer(int layer) {
        LayerAnswers<?> chosen = SUPPORTED[0];
        for (LayerAnswers<?> a : SUPPORTED) {
            if (a.layer() <= layer) {
                chosen = a;
            }
        }
        return layer == 0 ? SUPPORTED[SUPPORTED.length - 1] : chosen;
    }

    /** The layers the server answers in, oldest first. */
    static int[] supportedLayers() {
        int[] out = new int[SUPPORTED.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = SUPPORTED[i].layer();
        }
        return out;
    }

    /** Position of this layer in {@link #supportedLayers()}, for per-layer caches. */
    final int index() {
        for (int i = 0; i < SUPPORTED.length; i++) {
            if (SUPPORTED[i] == this) {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    static int layerCount() {
        return SUPPORTED.length;
    }

    abstract int layer();

    /** An account as a user object; {@code self} when it is the caller. */
    abstract U user(Account account, boolean self);

    /** {@code auth.authorization} holding the given user. */
    abstract TlObject authorization(U user);

    /** Writes the cluster's {@code Config}. */
    abstract void writeConfig(TlWriter w, ConfigFacts facts);

    /**
     * The constructor ids of the hand-written answers in one layer.
     *
     * @param message {@code message}
     * @param replyHeader {@code messageReplyHeader}
     * @param userFull {@code userFull}
     * @param peerSettings {@code peerSettings}
     * @param notifySettings {@code peerNotifySettings}
     * @param modern from layer 198 on: {@code message} and {@code userFull} carry {@code flags2},
     *     {@code reply_to_msg_id} is optional (flags.4) and blockquote has flags
     */
    record Wire(int message, int replyHeader, int userFull, int peerSettings, int notifySettings, boolean modern) {
    }

    private final Wire wire;

    LayerAnswers(Wire wire) {
        this.wire = wire;
    }

    private boolean modern() {
        return wire.modern();
    }

    /** Writes an account as a user object; {@code self} when it is the caller. */
    final void writeUser(TlWriter w, Account account, boolean self) {
        user(account, self).serialize(w);
    }

    /** Writes {@code auth.authorization} for the caller. */
    final void writeAuthorization(TlWriter w, Account account) {
        authorization(user(account, true)).serialize(w);
    }

    /** Writes {@code Vector<User>} of other accounts. */
    final void writeUsers(TlWriter w, Collection<Account> accounts) {
        w.writeInt(TlWriter.VECTOR_ID);
        w.writeInt(accounts.size());
        for (Account a : accounts) {
            writeUser(w, a, false);
        }
    }

    static void writePeerUser(TlWriter w, long userId) {
        w.writeInt(Ids.PEER_USER);
        w.writeLong(userId);
    }

    static void writeEmptyVector(TlWriter w) {
        w.writeInt(TlWriter.VECTOR_ID);
        w.writeInt(0);
    }

    /** Writes one copy of a private message as {@code owner} sees it. */
    final void writeMessage(TlWriter w, StoredMessage m, long owner) {
        w.writeInt(wire.message());
        int flags = (m.out() ? 2 : 0) | 0x100 | (m.replyTo() != 0 ? 8 : 0) | (m.entities().length > 0 ? 0x80 : 0)
                | (m.editDate() != 0 ? 0x8000 : 0);
        w.writeInt(flags);
        if (modern()) {
            w.writeInt(0);
        }
        w.writeInt(m.id());
        writePeerUser(w, m.out() ? owner : m.peerId());
        writePeerUser(w, m.peerId());
        if (m.replyTo() != 0) {
            writeReplyHeader(w, m.replyTo());
        }
        w.writeInt(m.date());
        w.writeString(m.text());
        if (m.entities().length > 0) {
            writeEntities(w, m.entities());
        }
        if (m.editDate() != 0) {
            w.writeInt(m.editDate());
        }
    }

    private void writeReplyHeader(TlWriter w, int replyTo) {
        w.writeInt(wire.replyHeader());
        w.writeInt(modern() ? 0x10 : 0);
        w.writeInt(replyTo);
    }

    final void writeEntities(TlWriter w, Entity[] entities) {
        w.writeInt(TlWriter.VECTOR_ID);
        w.writeInt(entities.length);
        for (Entity e : entities) {
            if (e.type() == Ids.ENTITY_BLOCKQUOTE_144 && modern()) {
                w.writeInt(Ids.ENTITY_BLOCKQUOTE);
                w.writeInt(0);
            } else {
                w.writeInt(e.type());
            }
            w.writeInt(e.offset());
            w.writeInt(e.length());
            switch (e.type()) {
                case Ids.ENTITY_PRE, Ids.ENTITY_TEXT_URL -> w.writeString(e.text());
                case Ids.ENTITY_MENTION_NAME, Ids.ENTITY_CUSTOM_EMOJI -> w.writeLong(e.number());
                default -> { }
            }
        }
    }

    /** {@code updateShortMessage}: a new message for an owner whose clients know the peer. */
    final void writeUpdateShortMessage(TlWriter w, StoredMessage m) {
        w.writeInt(Ids.UPDATE_SHORT_MESSAGE);
        w.writeInt((m.out() ? 2 : 0) | (m.replyTo() != 0 ? 8 : 0) | (m.entities().length > 0 ? 0x80 : 0));
        w.writeInt(m.id());
        w.writeLong(m.peerId());
        w.writeString(m.text());
        w.writeInt(m.pts());
        w.writeInt(1);
        w.writeInt(m.date());
        if (m.replyTo() != 0) {
            writeReplyHeader(w, m.replyTo());
        }
        if (m.entities().length > 0) {
            writeEntities(w, m.entities());
        }
    }

    /** {@code updateShortSentMessage}: the sender's answer to {@code messages.sendMessage}. */
    final void writeUpdateShortSentMessage(TlWriter w, StoredMessage m) {
        w.writeInt(Ids.UPDATE_SHORT_SENT_MESSAGE);
        w.writeInt(2 | (m.entities().length > 0 ? 0x80 : 0));
        w.writeInt(m.id());
        w.writeInt(m.pts());
        w.writeInt(1);
        w.writeInt(m.date());
        if (m.entities().length > 0) {
            writeEntities(w, m.entities());
        }
    }

    /** {@code updateNewMessage} or {@code updateEditMessage} with the message's own pts. */
    final void writeMessageUpdate(TlWriter w, boolean edit, StoredMessage m, long owner) {
        w.writeInt(edit ? Ids.UPDATE_EDIT_MESSAGE : Ids.UPDATE_NEW_MESSAGE);
        writeMessage(w, m, owner);
        w.writeInt(m.pts());
        w.writeInt(1);
    }

    static void writeDeleteMessages(TlWriter w, int[] ids, int pts) {
        w.writeInt(Ids.UPDATE_DELETE_MESSAGES);
        w.writeInt(TlWriter.VECTOR_ID);
        w.writeInt(ids.length);
        for (int id : ids) {
            w.writeInt(id);
        }
        w.writeInt(pts);
        w.writeInt(ids.length);
    }

    /** {@code updates} holding one message update and the peer. */
    final void writeUpdatesWithMessage(TlWriter w, boolean edit, StoredMessage m, long owner, Account peer, int seq) {
        w.writeInt(Ids.UPDATES);
        w.writeInt(TlWriter.VECTOR_ID);
        w.writeInt(1);
        writeMessageUpdate(w, edit, m, owner);
        writeUsers(w, List.of(peer));
        writeEmptyVector(w);
        w.writeInt(edit ? m.editDate() : m.date());
        w.writeInt(seq);
    }

    /** {@code updateUserTyping}: it gained flags (and top_msg_id) after layer 198. */
    final void writeUserTyping(TlWriter w, long userId, byte[] action) {
        if (layer() > 198) {
            w.writeInt(Ids.UPDATE_USER_TYPING);
            w.writeInt(0);
        } else {
            w.writeInt(Ids.UPDATE_USER_TYPING_198);
        }
        w.writeLong(userId);
        w.writeRaw(action);
    }

    /** {@code users.userFull} of another account. */
    final void writeUserFull(TlWriter w, Account a) {
        w.writeInt(Ids.USERS_USER_FULL);
        w.writeInt(wire.userFull());
        w.writeInt(0);
        if (modern()) {
            w.writeInt(0);
        }
        w.writeLong(a.id());
        w.writeInt(wire.peerSettings());
        w.writeInt(0);
        w.writeInt(wire.notifySettings());
        w.writeInt(0);
        w.writeInt(0); // common_chats_count
        writeEmptyVector(w);
        writeUsers(w, List.of(a));
    }
}
