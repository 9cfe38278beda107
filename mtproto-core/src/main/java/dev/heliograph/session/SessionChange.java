package dev.heliograph.session;

import java.util.List;
import java.util.Objects;

/**
 * One change to a session, as the client persists it the moment it happens. A store applies a
 * change with {@link SessionSnapshot#apply(SessionChange)}, so every store gives a change the same
 * meaning.
 *
 * <p>Changes that concern a DC's key name the key id they were made for: a change made for a key
 * that has since been replaced (by another host, say) is ignored rather than attached to the new
 * key.
 */
public sealed interface SessionChange {

    /**
     * A new auth key for a DC; it replaces any key the DC had. Hosts sharing a store lease keys
     * from the session's pool instead ({@link SessionStore#leaseAuthKey}).
     *
     * @param auth the DC's new state
     */
    record AuthKeyCreated(DcAuth auth) implements SessionChange {
        /** Checks the value. */
        public AuthKeyCreated {
            Objects.requireNonNull(auth, "auth is null");
        }
    }

    /**
     * The server salts of a DC's key changed (new salt, future salts).
     *
     * @param dcId the DC
     * @param authKeyId the key the salts belong to
     * @param salts the salts now known, oldest first
     */
    record ServerSaltsUpdated(int dcId, long authKeyId, List<ServerSalt> salts) implements SessionChange {
        /** Copies the list. */
        public ServerSaltsUpdated {
            salts = List.copyOf(salts);
        }
    }

    /**
     * The clock offset against a DC changed.
     *
     * @param dcId the DC
     * @param authKeyId the key in use when the offset was measured
     * @param timeOffsetMillis server time minus local time, in milliseconds
     */
    record TimeOffsetUpdated(int dcId, long authKeyId, long timeOffsetMillis) implements SessionChange {
    }

    /**
     * The server no longer knows a DC's key (for example transport error -404): forget it, unless
     * another key has replaced it already.
     *
     * @param dcId the DC
     * @param authKeyId the key to forget
     */
    record AuthKeyRevoked(int dcId, long authKeyId) implements SessionChange {
    }

    /**
     * The account's home DC changed (after a {@code *_MIGRATE_X} error or a login).
     *
     * @param dcId the new home DC
     */
    record HomeDcChanged(int dcId) implements SessionChange {
        /** Checks the value. */
        public HomeDcChanged {
            if (dcId <= 0) {
                throw new IllegalArgumentException("dcId must be positive: " + dcId);
            }
        }
    }

    /**
     * The DC addresses from the server's config.
     *
     * @param options every option, in the server's order
     */
    record DcOptionsUpdated(List<DcOption> options) implements SessionChange {
        /** Copies the list. */
        public DcOptionsUpdated {
            options = List.copyOf(options);
        }
    }

    /**
     * The account logged in (or its profile changed).
     *
     * @param user the account
     */
    record SelfUserChanged(SelfUser user) implements SessionChange {
        /** Checks the value. */
        public SelfUserChanged {
            Objects.requireNonNull(user, "user is null");
        }
    }

    /**
     * The client handled updates up to a new position in the update sequences (or fetched the
     * initial state with {@code updates.getState}).
     *
     * @param state the new state
     */
    record UpdateStateChanged(UpdateState state) implements SessionChange {
        /** Checks the value. */
        public UpdateStateChanged {
            Objects.requireNonNull(state, "state is null");
        }
    }

    /**
     * The client learned (or re-learned) access hashes of users and channels from results and
     * updates; they are added to the session's peer cache.
     *
     * @param peers the peers
     */
    record PeersLearned(List<KnownPeer> peers) implements SessionChange {
        /** Copies the list. */
        public PeersLearned {
            peers = List.copyOf(peers);
        }
    }

    /**
     * The account logged out: every auth key, the home DC, the account, the update state and the
     * peer cache are forgotten; the DC addresses, which are public, stay.
     */
    record LoggedOut() implements SessionChange {
    }
}
