package dev.heliograph.session;

import java.util.Objects;

/**
 * A user or channel whose {@code access_hash} the account has seen in a result or an update.
 * Access hashes belong to the account and are valid in all its sessions; they are needed to name
 * the peer in a request (to reply to a user, say).
 *
 * @param kind user or channel
 * @param id the user or channel id
 * @param accessHash the access hash
 */
public record KnownPeer(Kind kind, long id, long accessHash) {

    /** What the id names. */
    public enum Kind {
        /** A user or bot ({@code inputPeerUser}). */
        USER,
        /** A channel or supergroup ({@code inputPeerChannel}). */
        CHANNEL
    }

    /**
     * Checks the values.
     *
     * @throws NullPointerException if {@code kind} is null
     */
    public KnownPeer {
        Objects.requireNonNull(kind, "kind is null");
    }
}
