package dev.heliograph.client.internal.updates;

import dev.heliograph.client.UpdateProblem;
import dev.heliograph.error.RpcException;
import dev.heliograph.session.UpdateState;
import dev.heliograph.tl.api.BaseDialog;
import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.BaseUpdates;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.UserEmpty;
import dev.heliograph.tl.api.Chat;
import dev.heliograph.tl.api.EncryptedMessage;
import dev.heliograph.tl.api.Message;
import dev.heliograph.tl.api.MessageEntity;
import dev.heliograph.tl.api.MessageFwdHeader;
import dev.heliograph.tl.api.MessageReplyHeader;
import dev.heliograph.tl.api.Peer;
import dev.heliograph.tl.api.PeerChat;
import dev.heliograph.tl.api.PeerUser;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.UpdateChannelTooLong;
import dev.heliograph.tl.api.UpdateEditChannelMessage;
import dev.heliograph.tl.api.UpdateEditMessage;
import dev.heliograph.tl.api.UpdateNewChannelMessage;
import dev.heliograph.tl.api.UpdateNewEncryptedMessage;
import dev.heliograph.tl.api.UpdateNewMessage;
import dev.heliograph.tl.api.UpdatePtsChanged;
import dev.heliograph.tl.api.UpdateShort;
import dev.heliograph.tl.api.UpdateShortChatMessage;
import dev.heliograph.tl.api.UpdateShortMessage;
import dev.heliograph.tl.api.UpdateShortSentMessage;
import dev.heliograph.tl.api.Updates;
import dev.heliograph.tl.api.UpdatesCombined;
import dev.heliograph.tl.api.UpdatesTooLong;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.updates.BaseChannelDifference;
import dev.heliograph.tl.api.updates.BaseDifference;
import dev.heliograph.tl.api.updates.BaseState;
import dev.heliograph.tl.api.updates.ChannelDifference;
import dev.heliograph.tl.api.updates.ChannelDifferenceEmpty;
import dev.heliograph.tl.api.updates.ChannelDifferenceTooLong;
import dev.heliograph.tl.api.updates.Difference;
import dev.heliograph.tl.api.updates.DifferenceEmpty;
import dev.heliograph.tl.api.updates.DifferenceSlice;
import dev.heliograph.tl.api.updates.DifferenceTooLong;
import dev.heliograph.tl.api.updates.State;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The update state machine: Telegram's "Working with Updates" as a pure object. It keeps the
 * common box (pts), the secondary box (qts), the {@code Updates} sequence (seq, date) and one pts
 * box per channel; for every incoming {@link Updates} it decides to apply, ignore (already
 * applied) or hold (gap); a held gap waits {@link Settings#gapWait} for the missing updates to
 * arrive out of order, then asks for {@code updates.getDifference} (or
 * {@code getChannelDifference}).
 *
 * <p>No I/O, no threads, no clock: every method takes the time ({@code now}, in nanoseconds of any
 * monotonic origin), and the caller runs what {@link #nextFetch} asks for and feeds the answers
 * back. {@link #nextDeadline()} says when to call {@link #tick} again. What to hand to user code
 * (and the state to save once it is handled) comes out of {@link #poll()}. Not thread-safe:
 * confine it to one thread or serial executor.
 */
public final class UpdateBox {

    /** A deadline that never comes. */
    public static final long NEVER = Long.MAX_VALUE;

    /**
     * Tunables.
     *
     * @param gapWait how long a gap waits for out-of-order updates before fetching the difference
     * @param idle fetch the difference after this long without any update (Telegram: ~15 min)
     * @param retry the first back-off after a failed fetch (doubles, at most 32 times this)
     * @param maxFailures failed fetches in a row before the sequence is reset to the server's state
     * @param maxStalledSlices difference slices in a row that do not advance before the reset
     * @param maxSlices slices of one difference before it is taken as never-ending (reset)
     * @param ptsTotalLimit {@code pts_total_limit} of {@code updates.getDifference}, 0 for none
     * @param channelDifferenceLimit {@code limit} of {@code updates.getChannelDifference}
     * @param selfId the account's user id (short outgoing messages are from it)
     */
    public record Settings(long gapWait, long idle, long retry, int maxFailures, int maxStalledSlices, int maxSlices,
            int ptsTotalLimit, int channelDifferenceLimit, long selfId) {
        /** Checks the values. */
        public Settings {
            if (gapWait < 0 || idle <= 0 || retry <= 0 || maxFailures < 1 || maxStalledSlices < 1 || maxSlices < 1
                    || ptsTotalLimit < 0 || channelDifferenceLimit < 1) {
                throw new IllegalArgumentException("invalid update settings");
            }
        }
    }

    /** What to fetch. */
    public sealed interface Fetch permits GetState, GetDifference, GetChannelDifference {
    }

    /** {@code updates.getState}: no state yet, or a reset. */
    public record GetState() implements Fetch {
    }

    /**
     * {@code updates.getDifference}.
     *
     * @param pts the local pts
     * @param date the local date
     * @param qts the local qts
     * @param limit {@code pts_total_limit}, 0 for none
     */
    public record GetDifference(int pts, int date, int qts, int limit) implements Fetch {
    }

    /**
     * {@code updates.getChannelDifference}.
     *
     * @param channelId the channel
     * @param pts its local pts
     * @param limit the limit
     */
    public record GetChannelDifference(long channelId, int pts, int limit) implements Fetch {
    }

    /** What comes out, in order. */
    public sealed interface Output permits Batch, Problem {
    }

    /**
     * Updates to hand to user code, in order, with the users and chats they came with, and the
     * state to save once they are handled. A batch without updates only moves the state.
     *
     * @param updates the updates
     * @param users the users of their containers
     * @param chats the chats of their containers
     * @param state the state after them
     */
    public record Batch(List<Update> updates, List<User> users, List<Chat> chats, UpdateState state)
            implements Output {
    }

    /**
     * Something went wrong; the box applied the rule {@link UpdateProblem.Kind} describes.
     *
     * @param problem the problem
     */
    public record Problem(UpdateProblem problem) implements Output {
    }

    /** What the box may ask about peers. */
    @FunctionalInterface
    public interface Peers {
        /**
         * Tells whether the access hash of a user is known (so the update is usable).
         *
         * @param userId the user
         * @return whether it is known
         */
        boolean knowsUser(long userId);

        /**
         * Returns a user's id whatever its constructor.
         *
         * @param user the user
         * @return the id
         */
        static long idOf(User user) {
            return user instanceof BaseUser b ? b.id() : ((UserEmpty) user).id();
        }
    }

    private enum Check { APPLY, DUPLICATE, GAP }

    /** One sequence's fetching state: the common one (pts, qts, seq together) or a channel's. */
    private static final class Sequence {
        int pts;
        boolean wanted;
        boolean inFlight;
        boolean resetWanted;
        long gapDeadline = NEVER;
        long retryAt;
        int failures;
        int stalled;
        int slices;
        final List<Held> held = new ArrayList<>();
    }

    /** An update (or a container's unsequenced part) waiting for a gap to close or a fetch to end. */
    private record Held(PtsInfo info, Update update, List<Update> unsequenced, int seqStart, int seq, int date,
            List<User> users, List<Chat> chats) {
        long start() {
            return info != null ? (long) info.pts() - info.count() : seqStart - 1L;
        }
    }

    private final Settings settings;
    private final Peers peers;
    private final ArrayDeque<Output> out = new ArrayDeque<>();

    private boolean hasState;
    private int qts;
    private int date;
    private int seq;
    private final Sequence common = new Sequence();
    private final Map<Long, Sequence> channels = new HashMap<>();
    private long lastActivity;

    private List<Update> batchUpdates = new ArrayList<>();
    private List<User> batchUsers = new ArrayList<>();
    private List<Chat> batchChats = new ArrayList<>();
    private List<User> lastUsers;
    private boolean stateChanged;
    private UpdateState cachedState;

    /**
     * Creates a box.
     *
     * @param settings the tunables
     * @param peers what is known about peers
     */
    public UpdateBox(Settings settings, Peers peers) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.peers = Objects.requireNonNull(peers, "peers is null");
    }

    /**
     * Starts the box: from a stored state (a difference is fetched first, to catch up on what
     * happened while the client was away), or without one ({@code updates.getState} first).
     *
     * @param stored the stored state, or {@code null}
     * @param now the time
     */
    public void start(UpdateState stored, long now) {
        lastActivity = now;
        cachedState = null;
        if (stored == null) {
            hasState = false;
            common.wanted = false;
            return;
        }
        setCommon(stored.pts(), stored.qts(), stored.date(), stored.seq());
        hasState = true;
        channels.clear();
        stored.channelPts().forEach((id, pts) -> channel(id).pts = pts);
        common.wanted = true;
    }

    /**
     * Returns the current state (what has been applied, not necessarily handled yet).
     *
     * @return the state, or {@code null} before the first {@code getState}
     */
    public UpdateState state() {
        if (!hasState) {
            return null;
        }
        if (cachedState == null) {
            Map<Long, Integer> channelPts = Map.of();
            if (!channels.isEmpty()) {
                channelPts = new HashMap<>();
                for (Map.Entry<Long, Sequence> e : channels.entrySet()) {
                    channelPts.put(e.getKey(), e.getValue().pts);
                }
            }
            cachedState = new UpdateState(common.pts, qts, date, seq, channelPts);
        }
        return cachedState;
    }

    /**
     * Takes the next output.
     *
     * @return the next batch or problem, or {@code null} if none
     */
    public Output poll() {
        return out.poll();
    }

    /**
     * Processes updates from the network or from a call's result.
     *
     * @param updates the updates
     * @param now the time
     */
    public void push(Updates updates, long now) {
        lastActivity = now;
        if (updates instanceof UpdatesTooLong) {
            want(common);
        } else if (updates instanceof UpdateShort s) {
            container(List.of(s.update()), List.of(), List.of(), s.date(), 0, 0, true, now);
        } else if (updates instanceof UpdateShortMessage m) {
            Peer other = new PeerUser(m.userId());
            Peer from = m.out() ? new PeerUser(settings.selfId()) : other;
            container(List.of(new UpdateNewMessage(message(m.out(), m.mentioned(), m.mediaUnread(), m.silent(), m.id(),
                    from, other, m.date(), m.message(), m.fwdFrom(), m.viaBotId(), m.replyTo(), m.entities(),
                    m.ttlPeriod()), m.pts(), m.ptsCount())), List.of(), List.of(), m.date(), 0, 0, true, now);
        } else if (updates instanceof UpdateShortChatMessage m) {
            container(List.of(new UpdateNewMessage(message(m.out(), m.mentioned(), m.mediaUnread(), m.silent(), m.id(),
                    new PeerUser(m.fromId()), new PeerChat(m.chatId()), m.date(), m.message(), m.fwdFrom(), m.viaBotId(),
                    m.replyTo(), m.entities(), m.ttlPeriod()), m.pts(), m.ptsCount())), List.of(), List.of(), m.date(),
                    0, 0, true, now);
        } else if (updates instanceof UpdateShortSentMessage m) {
            // The answer to our own send: it moves pts; the message itself is the caller's.
            pts(new PtsInfo(PtsInfo.COMMON, m.pts(), m.ptsCount()), null, List.of(), List.of(), now);
        } else if (updates instanceof UpdatesCombined c) {
            container(c.updates(), c.users(), c.chats(), c.date(), c.seqStart(), c.seq(), false, now);
        } else if (updates instanceof BaseUpdates u) {
            container(u.updates(), u.users(), u.chats(), u.date(), u.seq(), u.seq(), false, now);
        }
        flush();
    }

    /**
     * The server created a new session: updates may have been lost, fetch the difference.
     *
     * @param now the time
     */
    public void newSession(long now) {
        if (hasState) {
            want(common);
        }
    }

    /**
     * Moves deadlines: expired gaps and a long silence make a fetch wanted.
     *
     * @param now the time
     */
    public void tick(long now) {
        if (common.gapDeadline <= now) {
            common.gapDeadline = NEVER;
            want(common);
        }
        for (Sequence c : channels.values()) {
            if (c.gapDeadline <= now) {
                c.gapDeadline = NEVER;
                want(c);
            }
        }
        if (hasState && !common.inFlight && now - lastActivity >= settings.idle()) {
            lastActivity = now;
            want(common);
        }
    }

    /**
     * Returns when {@link #tick} should run next.
     *
     * @return the time, or {@link #NEVER}
     */
    public long nextDeadline() {
        long next = deadlineOf(common, !hasState);
        for (Sequence c : channels.values()) {
            next = Math.min(next, deadlineOf(c, false));
        }
        if (hasState && !common.inFlight) {
            next = Math.min(next, lastActivity + settings.idle());
        }
        return next;
    }

    private static long deadlineOf(Sequence s, boolean stateWanted) {
        long next = s.gapDeadline;
        if ((s.wanted || s.resetWanted || stateWanted) && !s.inFlight && s.retryAt != 0) {
            next = Math.min(next, s.retryAt);
        }
        return next;
    }

    /**
     * Returns the next fetch to run, and marks it running; call until it returns {@code null}.
     * Never two fetches of one sequence at once.
     *
     * @param now the time
     * @return the fetch, or {@code null}
     */
    public Fetch nextFetch(long now) {
        if (!common.inFlight && now >= common.retryAt) {
            if (!hasState || common.resetWanted) {
                common.inFlight = true;
                return new GetState();
            }
            if (common.wanted) {
                common.inFlight = true;
                return new GetDifference(common.pts, date, qts, settings.ptsTotalLimit());
            }
        }
        for (Map.Entry<Long, Sequence> e : channels.entrySet()) {
            Sequence c = e.getValue();
            if (c.wanted && !c.inFlight && now >= c.retryAt) {
                c.inFlight = true;
                return new GetChannelDifference(e.getKey(), c.pts, settings.channelDifferenceLimit());
            }
        }
        return null;
    }

    /**
     * Feeds the answer to {@link GetState}.
     *
     * @param state the server's state
     * @param now the time
     */
    public void stateFetched(State state, long now) {
        lastActivity = now;
        Sequence s = common;
        s.inFlight = false;
        s.resetWanted = false;
        s.wanted = false;
        s.failures = 0;
        s.retryAt = 0;
        endFetch(s);
        BaseState server = (BaseState) state;
        setCommon(server.pts(), server.qts(), server.date(), server.seq());
        hasState = true;
        drain(common, now);
        flush();
    }

    /**
     * Feeds the answer to {@link GetDifference}.
     *
     * @param difference the answer
     * @param now the time
     */
    public void differenceFetched(Difference difference, long now) {
        lastActivity = now;
        Sequence s = common;
        s.inFlight = false;
        s.failures = 0;
        s.retryAt = 0;
        if (difference instanceof DifferenceEmpty e) {
            date = e.date();
            seq = e.seq();
            stateChanged = true;
            finish(s, now);
        } else if (difference instanceof BaseDifference d) {
            deliverDifference(d.newMessages(), d.newEncryptedMessages(), d.otherUpdates(), d.users(), d.chats());
            setServerState((BaseState) d.state());
            finish(s, now);
        } else if (difference instanceof DifferenceSlice d) {
            BaseState next = (BaseState) d.intermediateState();
            boolean advances = next.pts() > common.pts || next.qts() > qts;
            s.slices++;
            if (!advances) {
                // A slice that moves nothing repeats what was delivered: hand nothing out again.
                s.stalled++;
            } else {
                s.stalled = 0;
                deliverDifference(d.newMessages(), d.newEncryptedMessages(), d.otherUpdates(), d.users(), d.chats());
                setServerState(next);
            }
            if (s.stalled >= settings.maxStalledSlices() || s.slices >= settings.maxSlices()) {
                problem(UpdateProblem.Kind.DIFFERENCE_STALLED, "updates.getDifference returned " + s.slices
                        + " slices, the last " + s.stalled + " without progress; resetting to the server's state", null);
                reset(s);
            } else {
                s.wanted = true;
            }
        } else if (difference instanceof DifferenceTooLong t) {
            problem(UpdateProblem.Kind.DIFFERENCE_TOO_LONG, "updates.differenceTooLong: pts jumps from " + common.pts
                    + " to " + t.pts(), null);
            common.pts = t.pts();
            stateChanged = true;
            s.wanted = true;
        }
        flush();
    }

    /**
     * Feeds the answer to {@link GetChannelDifference}.
     *
     * @param channelId the channel
     * @param difference the answer
     * @param now the time
     */
    public void channelDifferenceFetched(long channelId, ChannelDifference difference, long now) {
        lastActivity = now;
        Sequence c = channels.get(channelId);
        if (c == null) {
            return;
        }
        c.inFlight = false;
        c.failures = 0;
        c.retryAt = 0;
        boolean fin;
        int before = c.pts;
        if (difference instanceof ChannelDifferenceEmpty e) {
            fin = e.final_();
            c.pts = e.pts();
        } else if (difference instanceof BaseChannelDifference d) {
            fin = d.final_();
            if (d.pts() > c.pts || fin) {
                List<Update> updates = new ArrayList<>(d.newMessages().size() + d.otherUpdates().size());
                for (Message m : d.newMessages()) {
                    updates.add(new UpdateNewChannelMessage(m, 0, 0));
                }
                updates.addAll(d.otherUpdates());
                add(updates, d.users(), d.chats());
            }
            c.pts = d.pts();
        } else {
            ChannelDifferenceTooLong t = (ChannelDifferenceTooLong) difference;
            fin = t.final_();
            Integer pts = t.dialog() instanceof BaseDialog dialog ? dialog.pts() : null;
            problem(UpdateProblem.Kind.CHANNEL_DIFFERENCE_TOO_LONG, "channel " + channelId
                    + ": channelDifferenceTooLong, pts jumps from " + c.pts + " to " + pts, null);
            if (pts != null) {
                c.pts = pts;
            }
        }
        stateChanged = true;
        if (fin) {
            finish(c, now);
        } else {
            c.stalled = c.pts > before ? 0 : c.stalled + 1;
            c.slices++;
            if (c.stalled >= settings.maxStalledSlices() || c.slices >= settings.maxSlices()) {
                problem(UpdateProblem.Kind.DIFFERENCE_STALLED, "channel " + channelId
                        + ": getChannelDifference does not end; the channel's sequence is forgotten", null);
                forget(channelId);
            } else {
                c.wanted = true;
            }
        }
        flush();
    }

    /**
     * A fetch failed. Transient errors are retried with back-off; a permanent one (HTTP-like 400
     * class) or {@link Settings#maxFailures} in a row reset the sequence: the common one to the
     * server's state ({@code getState}), a channel's is forgotten.
     *
     * @param fetch the fetch
     * @param error why
     * @param now the time
     */
    public void fetchFailed(Fetch fetch, Throwable error, long now) {
        boolean permanent = error instanceof RpcException rpc && rpc.code() == 400;
        if (fetch instanceof GetChannelDifference g) {
            Sequence c = channels.get(g.channelId());
            if (c == null) {
                return;
            }
            c.inFlight = false;
            c.failures++;
            if (permanent || c.failures >= settings.maxFailures()) {
                problem(UpdateProblem.Kind.CHANNEL_UNREACHABLE, "channel " + g.channelId() + ": getChannelDifference failed "
                        + c.failures + " time(s); the channel's sequence is forgotten", error);
                forget(g.channelId());
            } else {
                c.retryAt = now + backoff(c.failures);
            }
        } else {
            Sequence s = common;
            s.inFlight = false;
            s.failures++;
            boolean getState = fetch instanceof GetState;
            if (!getState && (permanent || s.failures >= settings.maxFailures())) {
                problem(UpdateProblem.Kind.GAP_UNFILLABLE, "updates.getDifference failed " + s.failures
                        + " time(s); resetting to the server's state", error);
                reset(s);
            } else {
                s.retryAt = now + backoff(s.failures);
                if (getState && s.failures == settings.maxFailures()) {
                    problem(UpdateProblem.Kind.GAP_UNFILLABLE, "updates.getState failed " + s.failures
                            + " times; still trying", error);
                }
            }
        }
        flush();
    }

    /**
     * A channel's difference cannot even be asked for (its access hash is unknown): its sequence
     * is forgotten.
     *
     * @param channelId the channel
     * @param now the time
     */
    public void channelUnreachable(long channelId, long now) {
        Sequence c = channels.get(channelId);
        if (c == null) {
            return;
        }
        problem(UpdateProblem.Kind.CHANNEL_UNREACHABLE, "channel " + channelId
                + ": no access hash known; the channel's sequence is forgotten", null);
        forget(channelId);
        flush();
    }

    /**
     * Tells whether the common sequence is being fetched or waits for a fetch (what the caller
     * uses to know that held pushes will be fetched anyway).
     *
     * @return whether a common fetch is wanted or running
     */
    public boolean fetching() {
        return common.wanted || common.inFlight || common.resetWanted || !hasState;
    }

    /**
     * Asks for a difference now, as if a gap had expired (the caller refused pushes because its
     * queue was full, so they must be fetched later).
     *
     * @param now the time
     */
    public void requestDifference(long now) {
        if (hasState) {
            want(common);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void container(List<Update> updates, List<User> users, List<Chat> chats, int containerDate, int seqStart,
            int seqEnd, boolean shortForm, long now) {
        if (missesUsers(updates, users)) {
            if (!shortForm) {
                problem(UpdateProblem.Kind.MISSING_PEERS, "an Updates container names a user missing from its users"
                        + " vector and from the peer cache; fetching the difference instead", null);
            }
            for (Update u : updates) {
                PtsInfo info = PtsInfo.of(u);
                want(info != null && info.isChannel() ? channel(info.entry()) : common);
            }
            return;
        }
        List<Update> unsequenced = null;
        for (Update u : updates) {
            if (u instanceof UpdateChannelTooLong tooLong) {
                channelTooLong(tooLong);
                continue;
            }
            if (u instanceof UpdatePtsChanged) {
                reset(common);
                continue;
            }
            PtsInfo info = PtsInfo.of(u);
            if (info != null) {
                pts(info, u, users, chats, now);
            } else {
                if (unsequenced == null) {
                    unsequenced = new ArrayList<>(updates.size());
                }
                unsequenced.add(u);
            }
        }
        if (unsequenced == null && seqStart == 0) {
            // Only sequenced updates: their boxes decided; the container's date comes with a seq.
            return;
        }
        Held part = new Held(null, null, unsequenced == null ? List.of() : unsequenced, seqStart, seqEnd,
                containerDate, users, chats);
        if (seqStart == 0) {
            applySeq(part);
            return;
        }
        offer(common, part, now);
    }

    /** Applies, ignores or holds one item: held while its sequence is being fetched. */
    private void offer(Sequence s, Held item, long now) {
        if (s.inFlight || (s == common && !hasState)) {
            s.held.add(item);
            return;
        }
        Check check = check(item);
        if (check == Check.APPLY) {
            apply(item);
            drain(s, now);
        } else if (check == Check.GAP) {
            hold(s, item, now);
        }
    }

    private Check check(Held item) {
        return item.info() != null ? checkPts(item) : checkSeq(item);
    }

    private void apply(Held item) {
        if (item.info() != null) {
            applyPts(item);
        } else {
            applySeq(item);
        }
    }

    private Check checkSeq(Held part) {
        long expected = seq + 1L;
        if (expected == part.seqStart()) {
            return Check.APPLY;
        }
        return expected > part.seqStart() ? Check.DUPLICATE : Check.GAP;
    }

    private void applySeq(Held part) {
        add(part.unsequenced(), part.users(), part.chats());
        if (part.seqStart() != 0) {
            seq = part.seq();
        }
        if (part.date() != 0) {
            date = part.date();
        }
        stateChanged = true;
    }

    private void pts(PtsInfo info, Update u, List<User> users, List<Chat> chats, long now) {
        if (info.entry() == PtsInfo.NO_CHANNEL || info.count() < 0 || info.pts() < info.count()) {
            problem(UpdateProblem.Kind.INVALID_UPDATE, "an update with pts " + info.pts() + " and pts_count "
                    + info.count() + (info.entry() == PtsInfo.NO_CHANNEL ? " names no channel" : " goes backwards")
                    + "; dropped, fetching the difference", null);
            want(info.entry() == PtsInfo.NO_CHANNEL || !info.isChannel() ? common : channel(info.entry()));
            return;
        }
        if (info.count() == 0) {
            // Informative: it carries a position, it does not move one.
            if (u != null) {
                add(List.of(u), users, chats);
            }
            return;
        }
        Sequence s;
        if (info.isChannel()) {
            s = channels.get(info.entry());
            if (s == null) {
                // A channel not followed so far: nothing to compare with, its sequence starts here.
                s = channel(info.entry());
                s.pts = info.pts();
                stateChanged = true;
                if (u != null) {
                    add(List.of(u), users, chats);
                }
                return;
            }
        } else {
            s = common;
        }
        offer(s, new Held(info, u, null, 0, 0, 0, users, chats), now);
    }

    private Check checkPts(Held item) {
        PtsInfo info = item.info();
        long local = local(info);
        long reached = local + info.count();
        if (reached == info.pts()) {
            return Check.APPLY;
        }
        return reached > info.pts() ? Check.DUPLICATE : Check.GAP;
    }

    private long local(PtsInfo info) {
        if (info.entry() == PtsInfo.COMMON) {
            return common.pts;
        }
        if (info.entry() == PtsInfo.SECONDARY) {
            return qts;
        }
        return channels.get(info.entry()).pts;
    }

    private void applyPts(Held item) {
        PtsInfo info = item.info();
        if (info.entry() == PtsInfo.COMMON) {
            common.pts = info.pts();
        } else if (info.entry() == PtsInfo.SECONDARY) {
            qts = info.pts();
        } else {
            channels.get(info.entry()).pts = info.pts();
        }
        stateChanged = true;
        if (item.update() != null) {
            add(List.of(item.update()), item.users(), item.chats());
        }
    }

    private void hold(Sequence s, Held item, long now) {
        s.held.add(item);
        if (s.gapDeadline == NEVER && !s.wanted) {
            s.gapDeadline = now + settings.gapWait();
        }
    }

    /** Applies held updates that fit now, drops those already applied, keeps the gaps. */
    private void drain(Sequence s, long now) {
        if (s.held.isEmpty()) {
            return;
        }
        s.held.sort(Comparator.comparingLong(Held::start));
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Iterator<Held> it = s.held.iterator(); it.hasNext(); ) {
                Held h = it.next();
                Check check = check(h);
                if (check == Check.GAP) {
                    continue;
                }
                it.remove();
                if (check == Check.APPLY) {
                    apply(h);
                    progress = true;
                }
            }
        }
        if (s.held.isEmpty()) {
            s.gapDeadline = NEVER;
        } else if (s.gapDeadline == NEVER && !s.wanted && !s.inFlight) {
            s.gapDeadline = now + settings.gapWait();
        }
    }

    private void channelTooLong(UpdateChannelTooLong u) {
        Sequence c = channels.get(u.channelId());
        if (c == null) {
            if (u.pts() == null) {
                // Nothing to fetch from: the channel's sequence starts with its next update.
                return;
            }
            c = channel(u.channelId());
            c.pts = u.pts();
            stateChanged = true;
        }
        want(c);
    }

    private void deliverDifference(List<Message> messages, List<EncryptedMessage> encrypted, List<Update> other,
            List<User> users, List<Chat> chats) {
        List<Update> updates = new ArrayList<>(messages.size() + encrypted.size() + other.size());
        for (Message m : messages) {
            updates.add(PtsInfo.channelOf(m) != 0 ? new UpdateNewChannelMessage(m, 0, 0) : new UpdateNewMessage(m, 0, 0));
        }
        for (EncryptedMessage m : encrypted) {
            updates.add(new UpdateNewEncryptedMessage(m, 0));
        }
        for (Update u : other) {
            if (u instanceof UpdateChannelTooLong tooLong) {
                channelTooLong(tooLong);
                continue;
            }
            PtsInfo info = PtsInfo.of(u);
            if (info != null && info.isChannel()) {
                Sequence c = channels.get(info.entry());
                if (c == null) {
                    c = channel(info.entry());
                    c.pts = info.pts();
                } else if (info.pts() > c.pts && !c.inFlight) {
                    c.pts = info.pts();
                }
            }
            updates.add(u);
        }
        add(updates, users, chats);
    }

    private void setServerState(BaseState state) {
        if (state.pts() < common.pts || state.qts() < qts) {
            problem(UpdateProblem.Kind.STATE_WENT_BACKWARDS, "the server's state (pts " + state.pts() + ", qts "
                    + state.qts() + ") is behind the local one (pts " + common.pts + ", qts " + qts
                    + "); taking the server's", null);
        }
        setCommon(state.pts(), state.qts(), state.date(), state.seq());
    }

    private void setCommon(int pts, int qtsValue, int dateValue, int seqValue) {
        common.pts = pts;
        qts = qtsValue;
        date = dateValue;
        seq = seqValue;
        stateChanged = true;
    }

    private void finish(Sequence s, long now) {
        s.wanted = false;
        endFetch(s);
        drain(s, now);
    }

    private static void endFetch(Sequence s) {
        s.stalled = 0;
        s.slices = 0;
        s.gapDeadline = NEVER;
    }

    private void reset(Sequence s) {
        s.resetWanted = true;
        s.wanted = false;
        s.failures = 0;
        s.retryAt = 0;
        endFetch(s);
    }

    private void forget(long channelId) {
        channels.remove(channelId);
        stateChanged = true;
    }

    private void want(Sequence s) {
        s.wanted = true;
        s.gapDeadline = NEVER;
    }

    private Sequence channel(long id) {
        Sequence c = channels.get(id);
        if (c == null) {
            c = new Sequence();
            channels.put(id, c);
            cachedState = null;
        }
        return c;
    }

    private long backoff(int failures) {
        return settings.retry() << Math.min(failures - 1, 5);
    }

    private boolean missesUsers(List<Update> updates, List<User> users) {
        for (Update u : updates) {
            Message m = u instanceof UpdateNewMessage n ? n.message()
                    : u instanceof UpdateNewChannelMessage n ? n.message()
                    : u instanceof UpdateEditMessage e ? e.message()
                    : u instanceof UpdateEditChannelMessage e ? e.message() : null;
            if (m instanceof BaseMessage b && (misses(b.fromId(), users) || misses(b.peerId(), users))) {
                return true;
            }
        }
        return false;
    }

    private boolean misses(Peer peer, List<User> users) {
        if (!(peer instanceof PeerUser user) || user.userId() == settings.selfId() || peers.knowsUser(user.userId())) {
            return false;
        }
        for (User known : users) {
            if (Peers.idOf(known) == user.userId()) {
                return false;
            }
        }
        return true;
    }

    private void add(List<Update> updates, List<User> users, List<Chat> chats) {
        batchUpdates.addAll(updates);
        if (users != lastUsers) {
            batchUsers.addAll(users);
            batchChats.addAll(chats);
            lastUsers = users;
        }
    }

    private void problem(UpdateProblem.Kind kind, String detail, Throwable cause) {
        flush();
        out.add(new Problem(new UpdateProblem(kind, detail, cause)));
    }

    /** Ends the open batch: one output per call with the state after it. */
    private void flush() {
        if (batchUpdates.isEmpty() && !stateChanged) {
            return;
        }
        if (stateChanged) {
            cachedState = null;
        }
        out.add(new Batch(batchUpdates, batchUsers, batchChats, state()));
        batchUpdates = new ArrayList<>();
        batchUsers = new ArrayList<>();
        batchChats = new ArrayList<>();
        lastUsers = null;
        stateChanged = false;
    }

    /** The full message a short form stands for (the fields a short form cannot carry are absent). */
    private static BaseMessage message(boolean out, boolean mentioned, boolean mediaUnread, boolean silent, int id,
            Peer from, Peer peer, int date, String text, MessageFwdHeader fwdFrom, Long viaBotId,
            MessageReplyHeader replyTo, List<MessageEntity> entities, Integer ttlPeriod) {
        return new BaseMessage(out, mentioned, mediaUnread, silent, false, false, false, false, false, false, false,
                false, false, false, false, id, from, null, null, peer, null, fwdFrom, viaBotId, null, null, replyTo,
                date, text, null, null, entities, null, null, null, null, null, null, null, null, ttlPeriod, null, null,
                null, null, null, null, null, null, null);
    }
}
