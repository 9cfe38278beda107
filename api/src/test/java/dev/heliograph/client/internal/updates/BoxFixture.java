package dev.heliograph.client.internal.updates;

import dev.heliograph.client.UpdateProblem;
import dev.heliograph.session.UpdateState;
import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.BaseUpdates;
import dev.heliograph.tl.api.Chat;
import dev.heliograph.tl.api.Message;
import dev.heliograph.tl.api.PeerChannel;
import dev.heliograph.tl.api.PeerUser;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.UpdateEditMessage;
import dev.heliograph.tl.api.UpdateNewChannelMessage;
import dev.heliograph.tl.api.UpdateNewMessage;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.updates.BaseState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A box with a fake clock, a peer cache, and what came out of it. */
final class BoxFixture {

    static final long SELF = 1;
    static final long ALICE = 100;
    static final long BOB = 200;
    static final long GAP = Duration.ofMillis(500).toNanos();
    static final long IDLE = Duration.ofMinutes(15).toNanos();
    static final long RETRY = Duration.ofSeconds(1).toNanos();
    static final int LIMIT = 1000;
    static final int CHANNEL_LIMIT = 100;
    static final int MAX_FAILURES = 3;
    static final int MAX_STALLED = 3;
    static final int MAX_SLICES = 50;

    final Set<Long> known = new HashSet<>(Set.of(ALICE));
    final UpdateBox box;
    long now = 1_000_000_000L;
    final List<Update> delivered = new ArrayList<>();
    final List<User> users = new ArrayList<>();
    final List<UpdateProblem> problems = new ArrayList<>();
    final List<UpdateState> states = new ArrayList<>();

    BoxFixture() {
        this(GAP);
    }

    BoxFixture(long gapWait) {
        box = new UpdateBox(new UpdateBox.Settings(gapWait, IDLE, RETRY, MAX_FAILURES, MAX_STALLED, MAX_SLICES, LIMIT,
                CHANNEL_LIMIT, SELF), known::contains);
    }

    /** Starts at pts 10, qts 5, date 1000, seq 20 with nothing to fetch. */
    BoxFixture ready() {
        box.start(UpdateState.of(10, 5, 1000, 20), now);
        UpdateBox.Fetch first = box.nextFetch(now);
        if (!(first instanceof UpdateBox.GetDifference)) {
            throw new AssertionError("a stored state starts with a difference: " + first);
        }
        box.differenceFetched(new dev.heliograph.tl.api.updates.DifferenceEmpty(1000, 20), now);
        drain();
        delivered.clear();
        states.clear();
        return this;
    }

    void push(dev.heliograph.tl.api.Updates updates) {
        box.push(updates, now);
        drain();
    }

    void advance(long nanos) {
        now += nanos;
        box.tick(now);
    }

    UpdateBox.Fetch fetch() {
        box.tick(now);
        return box.nextFetch(now);
    }

    void drain() {
        for (UpdateBox.Output o = box.poll(); o != null; o = box.poll()) {
            if (o instanceof UpdateBox.Batch b) {
                delivered.addAll(b.updates());
                users.addAll(b.users());
                states.add(b.state());
                for (User u : b.users()) {
                    known.add(UpdateBox.Peers.idOf(u));
                }
            } else {
                problems.add(((UpdateBox.Problem) o).problem());
            }
        }
    }

    /** The ids of the messages delivered, in order. */
    List<Integer> messageIds() {
        List<Integer> ids = new ArrayList<>();
        for (Update u : delivered) {
            Message m = u instanceof UpdateNewMessage n ? n.message()
                    : u instanceof UpdateNewChannelMessage n ? n.message()
                    : u instanceof UpdateEditMessage e ? e.message() : null;
            if (m instanceof BaseMessage b) {
                ids.add(b.id());
            }
        }
        return ids;
    }

    List<UpdateProblem.Kind> problemKinds() {
        return problems.stream().map(UpdateProblem::kind).toList();
    }

    UpdateState state() {
        return box.state();
    }

    static UpdateNewMessage newMessage(int pts) {
        return newMessage(pts, 1, pts);
    }

    static UpdateNewMessage newMessage(int pts, int count, int id) {
        return new UpdateNewMessage(Tl.message(id, ALICE, new PeerUser(ALICE), "m" + id), pts, count);
    }

    static UpdateNewChannelMessage channelMessage(long channel, int pts, int id) {
        return new UpdateNewChannelMessage(Tl.message(id, ALICE, new PeerChannel(channel), "c" + id), pts, 1);
    }

    static BaseUpdates updates(Update... updates) {
        return new BaseUpdates(List.of(updates), List.of(Tl.user(ALICE, 11)), List.<Chat>of(), 2000, 0);
    }

    static BaseUpdates updatesSeq(int seq, Update... updates) {
        return new BaseUpdates(List.of(updates), List.of(Tl.user(ALICE, 11)), List.<Chat>of(), 2000 + seq, seq);
    }

    static BaseState state(int pts, int qts, int date, int seq) {
        return new BaseState(pts, qts, date, seq, 0);
    }

    static List<Message> messages(int fromPts, int toPts) {
        List<Message> list = new ArrayList<>();
        for (int pts = fromPts; pts <= toPts; pts++) {
            list.add(Tl.message(pts, ALICE, new PeerUser(ALICE), "m" + pts));
        }
        return list;
    }
}
