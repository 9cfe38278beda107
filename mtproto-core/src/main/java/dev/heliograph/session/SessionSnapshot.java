package dev.heliograph.session;

import dev.heliograph.session.impl.SnapshotCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Everything a client remembers about one session, at one moment: immutable.
 *
 * <p>A store loads it once at start; the client keeps the live state in memory and persists each
 * {@link SessionChange} as it happens. The same value is what {@link SnapshotCodec} writes, so a
 * session moves between stores with {@link SessionStores#copy}.
 *
 * <p>{@link #toString()} names DCs and key ids, never an auth key.
 */
public final class SessionSnapshot {

    private static final SessionSnapshot EMPTY = new SessionSnapshot(new Builder());

    private final int homeDc;
    private final Map<Integer, DcAuth> dcs;
    private final List<DcOption> dcOptions;
    private final SelfUser selfUser;
    private final UpdateState updateState;
    private final Map<Long, KnownPeer> users;
    private final Map<Long, KnownPeer> channels;

    private SessionSnapshot(Builder builder) {
        this.homeDc = builder.homeDc;
        this.dcs = Collections.unmodifiableMap(new TreeMap<>(builder.dcs));
        this.dcOptions = List.copyOf(builder.dcOptions);
        this.selfUser = builder.selfUser;
        this.updateState = builder.updateState;
        this.users = Collections.unmodifiableMap(new HashMap<>(builder.users));
        this.channels = Collections.unmodifiableMap(new HashMap<>(builder.channels));
    }

    /**
     * Returns the snapshot of a session that has never been used.
     *
     * @return the empty snapshot
     */
    public static SessionSnapshot empty() {
        return EMPTY;
    }

    /**
     * Returns a builder for a new snapshot.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this snapshot's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.homeDc = homeDc;
        builder.dcs.putAll(dcs);
        builder.dcOptions.addAll(dcOptions);
        builder.selfUser = selfUser;
        builder.updateState = updateState;
        builder.users.putAll(users);
        builder.channels.putAll(channels);
        return builder;
    }

    /**
     * Returns the account's home DC.
     *
     * @return the DC id, or empty if not known yet
     */
    public OptionalInt homeDc() {
        return homeDc == 0 ? OptionalInt.empty() : OptionalInt.of(homeDc);
    }

    /**
     * Returns what is known about one DC.
     *
     * @param dcId the DC
     * @return its auth key and salts, or empty if the session has no key for it
     */
    public Optional<DcAuth> dc(int dcId) {
        return Optional.ofNullable(dcs.get(dcId));
    }

    /**
     * Returns every DC the session has a key for.
     *
     * @return an unmodifiable map from DC id to its state, ordered by DC id
     */
    public Map<Integer, DcAuth> dcs() {
        return dcs;
    }

    /**
     * Returns the DC addresses from the server's config.
     *
     * @return an unmodifiable list, empty if the config was never fetched
     */
    public List<DcOption> dcOptions() {
        return dcOptions;
    }

    /**
     * Returns the logged-in account.
     *
     * @return the account, or empty if not logged in
     */
    public Optional<SelfUser> selfUser() {
        return Optional.ofNullable(selfUser);
    }

    /**
     * Returns where the account stands in the update sequences.
     *
     * @return the state saved after the last handled update, or empty if updates were never
     *     fetched for this session
     */
    public Optional<UpdateState> updateState() {
        return Optional.ofNullable(updateState);
    }

    /**
     * Returns the access hash the account learned for a user or channel.
     *
     * @param kind user or channel
     * @param id its id
     * @return the peer, or empty if never seen
     */
    public Optional<KnownPeer> peer(KnownPeer.Kind kind, long id) {
        return Optional.ofNullable((kind == KnownPeer.Kind.USER ? users : channels).get(id));
    }

    /**
     * Returns every user and channel whose access hash the account learned (the peer cache).
     *
     * @return an unmodifiable collection, users first, in no particular order otherwise
     */
    public Collection<KnownPeer> peers() {
        List<KnownPeer> all = new ArrayList<>(users.size() + channels.size());
        all.addAll(users.values());
        all.addAll(channels.values());
        return Collections.unmodifiableList(all);
    }

    /**
     * Tells whether the snapshot holds nothing at all.
     *
     * @return {@code true} for a session that has never been used
     */
    public boolean isEmpty() {
        return equals(EMPTY);
    }

    /**
     * Returns the snapshot after one change. This is the one definition of what a change means;
     * every store applies changes through it.
     *
     * @param change the change
     * @return the new snapshot (this one if the change does not apply, for example salts of a key
     *     that has been replaced)
     */
    public SessionSnapshot apply(SessionChange change) {
        Objects.requireNonNull(change, "change is null");
        Builder next = toBuilder();
        if (change instanceof SessionChange.AuthKeyCreated created) {
            next.dcs.put(created.auth().dcId(), created.auth());
        } else if (change instanceof SessionChange.ServerSaltsUpdated salts) {
            DcAuth current = keyOf(salts.dcId(), salts.authKeyId());
            if (current == null) {
                return this;
            }
            next.dcs.put(salts.dcId(), current.withSalts(salts.salts()));
        } else if (change instanceof SessionChange.TimeOffsetUpdated offset) {
            DcAuth current = keyOf(offset.dcId(), offset.authKeyId());
            if (current == null) {
                return this;
            }
            next.dcs.put(offset.dcId(), current.withTimeOffset(offset.timeOffsetMillis()));
        } else if (change instanceof SessionChange.AuthKeyRevoked revoked) {
            if (keyOf(revoked.dcId(), revoked.authKeyId()) == null) {
                return this;
            }
            next.dcs.remove(revoked.dcId());
        } else if (change instanceof SessionChange.HomeDcChanged home) {
            next.homeDc = home.dcId();
        } else if (change instanceof SessionChange.DcOptionsUpdated options) {
            next.dcOptions.clear();
            next.dcOptions.addAll(options.options());
        } else if (change instanceof SessionChange.SelfUserChanged self) {
            next.selfUser = self.user();
        } else if (change instanceof SessionChange.UpdateStateChanged state) {
            next.updateState = state.state();
        } else if (change instanceof SessionChange.PeersLearned learned) {
            learned.peers().forEach(next::peer);
        } else if (change instanceof SessionChange.LoggedOut) {
            next.dcs.clear();
            next.homeDc = 0;
            next.selfUser = null;
            next.updateState = null;
            next.users.clear();
            next.channels.clear();
        } else {
            throw new IllegalArgumentException("unknown change " + change.getClass().getName());
        }
        return next.build();
    }

    private DcAuth keyOf(int dcId, long authKeyId) {
        DcAuth current = dcs.get(dcId);
        return current != null && current.authKeyId() == authKeyId ? current : null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionSnapshot that
                && homeDc == that.homeDc
                && dcs.equals(that.dcs)
                && dcOptions.equals(that.dcOptions)
                && Objects.equals(selfUser, that.selfUser)
                && Objects.equals(updateState, that.updateState)
                && users.equals(that.users)
                && channels.equals(that.channels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(homeDc, dcs, dcOptions, selfUser, updateState, users.size(), channels.size());
    }

    /** Names DCs and key ids; never an auth key. */
    @Override
    public String toString() {
        return "SessionSnapshot[homeDc=" + homeDc + ", dcs=" + dcs.values() + ", dcOptions=" + dcOptions.size()
                + ", selfUser=" + (selfUser == null ? "none" : Long.toString(selfUser.id()))
                + ", updateState=" + (updateState == null ? "none" : updateState.pts() + "/" + updateState.qts())
                + ", peers=" + (users.size() + channels.size()) + "]";
    }

    /** Builds a {@link SessionSnapshot}. Not thread-safe. */
    public static final class Builder {

        private int homeDc;
        private final Map<Integer, DcAuth> dcs = new TreeMap<>();
        private final List<DcOption> dcOptions = new ArrayList<>();
        private SelfUser selfUser;
        private UpdateState updateState;
        private final Map<Long, KnownPeer> users = new HashMap<>();
        private final Map<Long, KnownPeer> channels = new HashMap<>();

        private Builder() {
        }

        /**
         * Sets the home DC.
         *
         * @param dcId the DC id, or 0 for none
         * @return this builder
         */
        public Builder homeDc(int dcId) {
            if (dcId < 0) {
                throw new IllegalArgumentException("dcId must not be negative: " + dcId);
            }
            this.homeDc = dcId;
            return this;
        }

        /**
         * Sets (or replaces) the state of the DC {@code auth} names.
         *
         * @param auth the DC's key and salts
         * @return this builder
         */
        public Builder dc(DcAuth auth) {
            dcs.put(auth.dcId(), auth);
            return this;
        }

        /**
         * Replaces the DC addresses.
         *
         * @param options the addresses
         * @return this builder
         */
        public Builder dcOptions(List<DcOption> options) {
            List<DcOption> copy = List.copyOf(options);
            dcOptions.clear();
            dcOptions.addAll(copy);
            return this;
        }

        /**
         * Sets the logged-in account.
         *
         * @param user the account, or {@code null} for none
         * @return this builder
         */
        public Builder selfUser(SelfUser user) {
            this.selfUser = user;
            return this;
        }

        /**
         * Sets where the account stands in the update sequences.
         *
         * @param state the state, or {@code null} for none
         * @return this builder
         */
        public Builder updateState(UpdateState state) {
            this.updateState = state;
            return this;
        }

        /**
         * Adds (or replaces) a peer's access hash.
         *
         * @param peer the peer
         * @return this builder
         */
        public Builder peer(KnownPeer peer) {
            (peer.kind() == KnownPeer.Kind.USER ? users : channels).put(peer.id(), peer);
            return this;
        }

        /**
         * Builds the snapshot.
         *
         * @return the immutable snapshot
         */
        public SessionSnapshot build() {
            return new SessionSnapshot(this);
        }
    }
}
