package dev.heliograph.client.internal.updates;

import dev.heliograph.session.KnownPeer;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.Channel;
import dev.heliograph.tl.api.ChannelForbidden;
import dev.heliograph.tl.api.Chat;
import dev.heliograph.tl.api.User;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access hashes the account has seen, by user and channel id: what it takes to name a peer in
 * a request (to reply, say). Learned from the {@code users} and {@code chats} of updates and
 * results; {@code min} constructors are skipped (their hash is not valid for requests). Newly
 * learned peers wait in {@link #takeLearned()} to be saved with the session. Thread-safe.
 */
public final class PeerCache {

    private final ConcurrentHashMap<Long, Long> users = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Long> channels = new ConcurrentHashMap<>();
    private final Object pendingLock = new Object();
    private List<KnownPeer> pending = new ArrayList<>();

    /**
     * Loads stored peers (they are not pending: the store has them).
     *
     * @param stored the session's peers
     */
    public void load(Collection<KnownPeer> stored) {
        for (KnownPeer p : stored) {
            (p.kind() == KnownPeer.Kind.USER ? users : channels).put(p.id(), p.accessHash());
        }
    }

    /**
     * Learns the peers of a batch or result.
     *
     * @param userList users
     * @param chatList chats
     */
    public void learn(List<User> userList, List<Chat> chatList) {
        for (User u : userList) {
            if (u instanceof BaseUser b && b.accessHash() != null && !b.min()) {
                remember(KnownPeer.Kind.USER, b.id(), b.accessHash(), users);
            }
        }
        for (Chat c : chatList) {
            if (c instanceof Channel ch && ch.accessHash() != null && !ch.min()) {
                remember(KnownPeer.Kind.CHANNEL, ch.id(), ch.accessHash(), channels);
            } else if (c instanceof ChannelForbidden f) {
                remember(KnownPeer.Kind.CHANNEL, f.id(), f.accessHash(), channels);
            }
        }
    }

    private void remember(KnownPeer.Kind kind, long id, long hash, ConcurrentHashMap<Long, Long> map) {
        Long previous = map.put(id, hash);
        if (previous == null || previous != hash) {
            synchronized (pendingLock) {
                pending.add(new KnownPeer(kind, id, hash));
            }
        }
    }

    /**
     * Tells whether a user's access hash is known.
     *
     * @param id the user
     * @return whether it is known
     */
    public boolean knowsUser(long id) {
        return users.containsKey(id);
    }

    /**
     * Returns a user's access hash.
     *
     * @param id the user
     * @return the hash, or {@code null}
     */
    public Long userHash(long id) {
        return users.get(id);
    }

    /**
     * Returns a channel's access hash.
     *
     * @param id the channel
     * @return the hash, or {@code null}
     */
    public Long channelHash(long id) {
        return channels.get(id);
    }

    /**
     * Returns how many peers are known.
     *
     * @return users plus channels
     */
    public int size() {
        return users.size() + channels.size();
    }

    /**
     * Takes the peers learned since the last call, to save.
     *
     * @return the peers, oldest first
     */
    public List<KnownPeer> takeLearned() {
        synchronized (pendingLock) {
            if (pending.isEmpty()) {
                return List.of();
            }
            List<KnownPeer> taken = pending;
            pending = new ArrayList<>();
            return taken;
        }
    }
}
