package dev.heliograph.client.internal.updates;

import static dev.heliograph.client.internal.updates.BoxFixture.ALICE;
import static dev.heliograph.client.internal.updates.BoxFixture.newMessage;
import static dev.heliograph.client.internal.updates.BoxFixture.updates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.client.ClientResources;
import dev.heliograph.client.IncomingMessage;
import dev.heliograph.client.RecordingListener;
import dev.heliograph.client.UpdateProblem;
import dev.heliograph.client.UpdateSettings;
import dev.heliograph.error.UnknownPeerException;
import dev.heliograph.session.KnownPeer;
import dev.heliograph.session.SessionChange;
import dev.heliograph.session.UpdateState;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.api.BaseUpdates;
import dev.heliograph.tl.api.Chat;
import dev.heliograph.tl.api.InputPeerUser;
import dev.heliograph.tl.api.Message;
import dev.heliograph.tl.api.PeerUser;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.UpdateNewMessage;
import dev.heliograph.tl.api.UpdateShortSentMessage;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.functions.messages.SendMessage;
import dev.heliograph.tl.api.functions.updates.GetDifference;
import dev.heliograph.tl.api.functions.updates.GetState;
import dev.heliograph.tl.api.updates.BaseDifference;
import dev.heliograph.tl.api.updates.BaseState;
import dev.heliograph.tl.api.updates.DifferenceEmpty;
import dev.heliograph.tl.api.updates.DifferenceSlice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop between the box, the handlers and the session: threads, backpressure, saving. The
 * server side is a small in-memory log answering getState, getDifference and sendMessage (the
 * test DC's messaging is exercised by the ITs).
 */
class UpdateLoopTest {

    /** A server that keeps a log of messages and answers like Telegram's updates methods. */
    static final class LogServer implements UpdateLoop.Client {
        final List<Message> log = Collections.synchronizedList(new ArrayList<>());
        final List<TlMethod<?>> calls = new CopyOnWriteArrayList<>();
        final List<SessionChange> persisted = new CopyOnWriteArrayList<>();
        final int sliceSize;
        volatile int pts = 10;

        LogServer(int sliceSize) {
            this.sliceSize = sliceSize;
        }

        synchronized UpdateNewMessage add(String text) {
            pts++;
            Message m = Tl.message(pts, ALICE, new PeerUser(ALICE), text);
            log.add(m);
            return new UpdateNewMessage(m, pts, 1);
        }

        @Override
        @SuppressWarnings("unchecked")
        public synchronized <R> CompletableFuture<R> call(TlMethod<R> method) {
            calls.add(method);
            Object answer;
            if (method instanceof GetState) {
                answer = new BaseState(pts, 5, 1000, 0, 0);
            } else if (method instanceof GetDifference d) {
                List<Message> after = new ArrayList<>();
                for (Message m : log) {
                    if (((dev.heliograph.tl.api.BaseMessage) m).id() > d.pts() && after.size() < sliceSize) {
                        after.add(m);
                    }
                }
                if (after.isEmpty()) {
                    // A later date than the stored state's, so that even an empty difference moves
                    // the state (and saves it): tests can wait for that save.
                    answer = new DifferenceEmpty(1001, 0);
                } else {
                    int to = ((dev.heliograph.tl.api.BaseMessage) after.get(after.size() - 1)).id();
                    List<User> users = List.of(Tl.user(ALICE, 11));
                    answer = to < pts
                            ? new DifferenceSlice(after, List.of(), List.of(), List.<Chat>of(), users,
                                    new BaseState(to, 5, 1000, 0, 0))
                            : new BaseDifference(after, List.of(), List.of(), List.<Chat>of(), users,
                                    new BaseState(pts, 5, 1000, 0, 0));
                }
            } else if (method instanceof SendMessage s) {
                pts++;
                answer = new UpdateShortSentMessage(true, 900 + pts, pts, 1, 1000, null, null, null);
            } else {
                return CompletableFuture.failedFuture(new IllegalStateException("unexpected " + method));
            }
            return CompletableFuture.completedFuture((R) answer);
        }

        @Override
        public CompletableFuture<Void> persist(SessionChange change) {
            persisted.add(change);
            return CompletableFuture.completedFuture(null);
        }

        UpdateState lastSavedState() {
            UpdateState last = null;
            for (SessionChange c : persisted) {
                if (c instanceof SessionChange.UpdateStateChanged s) {
                    last = s.state();
                }
            }
            return last;
        }
    }

    private final List<UpdateLoop> loops = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final RecordingListener listener = new RecordingListener();

    @AfterEach
    void close() {
        loops.forEach(UpdateLoop::close);
        pool.shutdownNow();
    }

    private UpdateLoop loop(LogServer server, UpdateSettings settings) {
        UpdateLoop loop = new UpdateLoop(settings, server, listener, ClientResources.shared());
        loop.sessionLoaded(UpdateState.of(10, 5, 1000, 0), List.of(new KnownPeer(KnownPeer.Kind.USER, ALICE, 11)));
        loops.add(loop);
        return loop;
    }

    private static UpdateSettings.Builder fast() {
        return UpdateSettings.builder().gapWait(Duration.ofMillis(20)).saveInterval(Duration.ZERO);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static List<Integer> ids(List<Update> updates) {
        List<Integer> ids = new ArrayList<>();
        for (Update u : updates) {
            if (u instanceof UpdateNewMessage m) {
                ids.add(((dev.heliograph.tl.api.BaseMessage) m.message()).id());
            }
        }
        return ids;
    }

    @Test
    void aFollowerHandlesNothingAndTakesOverFromTheStoredStateWhenTheReceiverResigns() throws Exception {
        LogServer server = new LogServer(100);
        dev.heliograph.session.impl.InMemorySessionStore store = new dev.heliograph.session.impl.InMemorySessionStore();
        store.persist("bot", new SessionChange.UpdateStateChanged(UpdateState.of(10, 5, 1000, 0))).toCompletableFuture()
                .join();
        UpdateLoop.Client shared = new UpdateLoop.Client() {
            @Override
            public <R> CompletableFuture<R> call(TlMethod<R> method) {
                return server.call(method);
            }

            @Override
            public CompletableFuture<Void> persist(SessionChange change) {
                return store.persist("bot", change).toCompletableFuture();
            }
        };
        Duration lease = Duration.ofMillis(600);
        ReceiverElection electionA = new ReceiverElection(store, "bot", "a", lease, listener, ClientResources.shared());
        ReceiverElection electionB = new ReceiverElection(store, "bot", "b", lease, listener, ClientResources.shared());
        UpdateLoop a = new UpdateLoop(fast().build(), shared, listener, ClientResources.shared(), electionA);
        UpdateLoop b = new UpdateLoop(fast().build(), shared, listener, ClientResources.shared(), electionB);
        loops.add(b);
        List<String> byA = new CopyOnWriteArrayList<>();
        List<String> byB = new CopyOnWriteArrayList<>();
        a.onMessage(m -> byA.add(m.text()));
        b.onMessage(m -> byB.add(m.text()));
        a.sessionLoaded(UpdateState.of(10, 5, 1000, 0), List.of(new KnownPeer(KnownPeer.Kind.USER, ALICE, 11)));
        b.sessionLoaded(UpdateState.of(10, 5, 1000, 0), List.of(new KnownPeer(KnownPeer.Kind.USER, ALICE, 11)));
        a.loggedIn(1).get(10, TimeUnit.SECONDS);
        b.loggedIn(1).get(10, TimeUnit.SECONDS);
        assertTrue(electionA.receiving());
        assertFalse(electionB.receiving());

        BaseUpdates first = updates(server.add("m1"));
        a.pushed(first);
        b.pushed(first);
        await(() -> byA.equals(List.of("m1")), "the receiver handled m1");
        await(() -> store.load("bot").toCompletableFuture().join().updateState().orElseThrow().pts() == 11,
                "the receiver saved its state");
        a.close();
        electionA.close().get(10, TimeUnit.SECONDS);

        server.add("m2");
        await(electionB::receiving, "the follower took over");
        BaseUpdates third = updates(server.add("m3"));
        b.pushed(third);
        await(() -> byB.equals(List.of("m2", "m3")), "the new receiver fetched m2 and handled m3");
        assertEquals(List.of("m1"), byA);
        electionB.close().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theReceiverHandlesUpdatesAgainAfterALogoutAndANewLogin() throws Exception {
        LogServer server = new LogServer(100);
        dev.heliograph.session.impl.InMemorySessionStore store = new dev.heliograph.session.impl.InMemorySessionStore();
        ReceiverElection election = new ReceiverElection(store, "bot", "a", Duration.ofMillis(600), listener,
                ClientResources.shared());
        UpdateLoop loop = new UpdateLoop(fast().build(), server, listener, ClientResources.shared(), election);
        loops.add(loop);
        List<String> got = new CopyOnWriteArrayList<>();
        loop.onMessage(m -> got.add(m.text()));
        loop.sessionLoaded(UpdateState.of(10, 5, 1000, 0), List.of(new KnownPeer(KnownPeer.Kind.USER, ALICE, 11)));
        loop.loggedIn(1).get(10, TimeUnit.SECONDS);
        loop.pushed(updates(server.add("before")));
        await(() -> got.equals(List.of("before")), "the first message");
        loop.loggedOut();
        loop.loggedIn(1).get(10, TimeUnit.SECONDS);
        assertTrue(election.receiving());
        loop.pushed(updates(server.add("after")));
        await(() -> got.equals(List.of("before", "after")), "a message after the new login");
        election.close().get(10, TimeUnit.SECONDS);
    }

    @Test
    void handlersRunOnTheConfiguredExecutorNeverOnThePushingThread() {
        LogServer server = new LogServer(100);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        UpdateLoop loop = loop(server, fast().executor(pool).build());
        loop.onUpdate(u -> threads.add(Thread.currentThread()));
        loop.loggedIn(1).join();
        await(() -> server.calls.stream().anyMatch(c -> c instanceof GetDifference), "the first difference");
        loop.pushed(updates(server.add("a")));
        await(() -> !threads.isEmpty(), "a delivery");
        assertFalse(threads.contains(Thread.currentThread()));
    }

    @Test
    void theClientsOwnHandlerThreadIsADaemonNamedForUpdates() {
        LogServer server = new LogServer(100);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().build());
        loop.onUpdate(u -> threads.add(Thread.currentThread()));
        loop.loggedIn(1).join();
        loop.pushed(updates(server.add("a")));
        await(() -> !threads.isEmpty(), "a delivery");
        assertTrue(threads.get(0).isDaemon());
        assertEquals("heliograph-updates", threads.get(0).getName());
    }

    @Test
    void aStoredStateStartsWithTheDifferenceAndDeliversWhatHappenedMeanwhile() {
        LogServer server = new LogServer(3);
        server.add("a");
        server.add("b");
        server.add("c");
        server.add("d");
        List<Update> got = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().build());
        loop.onUpdate(got::add);
        loop.loggedIn(1).join();
        await(() -> got.size() == 4, "four messages");
        assertEquals(List.of(11, 12, 13, 14), ids(got));
        assertInstanceOf(GetDifference.class, server.calls.get(0));
    }

    @Test
    void withoutAStoredStateLoginCallsGetStateAndSavesIt() {
        LogServer server = new LogServer(100);
        server.pts = 77;
        UpdateLoop loop = new UpdateLoop(fast().build(), server, listener, ClientResources.shared());
        loops.add(loop);
        loop.sessionLoaded(null, List.of());
        loop.loggedIn(1).join();
        assertInstanceOf(GetState.class, server.calls.get(0));
        assertEquals(77, server.lastSavedState().pts());
    }

    @Test
    void updatesWaitOnTheServerUntilAHandlerIsRegistered() {
        LogServer server = new LogServer(100);
        UpdateLoop loop = loop(server, fast().build());
        loop.loggedIn(1).join();
        loop.pushed(updates(server.add("a")));
        assertTrue(server.calls.isEmpty(), "no state fetched, none consumed");
        List<Update> got = new CopyOnWriteArrayList<>();
        loop.onUpdate(got::add);
        await(() -> got.size() == 1, "the message, from the difference");
        assertEquals(List.of(11), ids(got));
    }

    @Test
    void theQueueDepthAndEachBatchsWaitBehindABusyHandlerAreReported() throws InterruptedException {
        LogServer server = new LogServer(100);
        CountDownLatch release = new CountDownLatch(1);
        List<Update> got = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().build());
        loop.onUpdate(u -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            got.add(u);
        });
        loop.loggedIn(1).join();
        await(() -> server.calls.stream().anyMatch(c -> c instanceof GetDifference), "the first difference");
        for (int i = 0; i < 3; i++) {
            loop.pushed(updates(server.add("m" + i)));
        }
        await(() -> listener.events.contains("updateQueue +1 3"), "three updates queued");
        long blocked = System.nanoTime();
        Thread.sleep(100);
        release.countDown();
        await(() -> got.size() == 3 && listener.events.contains("updateQueue -1 0"), "the queue emptied");
        long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - blocked);

        List<String> queue = listener.events.stream().filter(e -> e.startsWith("updateQueue")).toList();
        assertEquals(List.of("updateQueue +1 1", "updateQueue +1 2", "updateQueue +1 3",
                "updateQueue -1 2", "updateQueue -1 1", "updateQueue -1 0"), queue);
        assertEquals(3, listener.count("updatesDispatched 1"));
        assertEquals(3, listener.queueWaits.size());
        for (Duration waited : listener.queueWaits.subList(1, 3)) {
            assertTrue(waited.toMillis() >= 100 && waited.toMillis() <= heldMillis + 1000,
                    "a batch queued behind the busy handler waited " + waited);
        }
    }

    @Test
    void aThousandPushesInOrderReachTheHandlerInOrderEachOnce() {
        LogServer server = new LogServer(100);
        List<Update> got = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().build());
        loop.onUpdate(got::add);
        loop.loggedIn(1).join();
        for (int i = 0; i < 1000; i++) {
            loop.pushed(updates(server.add("m" + i)));
        }
        await(() -> got.size() >= 1000, "1000 messages");
        assertEquals(IntStream.rangeClosed(11, 1010).boxed().toList(), ids(got));
    }

    @Test
    void aThrowingHandlerIsReportedAndDeliveryGoesOn() {
        LogServer server = new LogServer(100);
        List<Update> got = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().build());
        loop.onUpdate(u -> {
            if (got.isEmpty()) {
                got.add(u);
                throw new IllegalStateException("handler bug");
            }
            got.add(u);
        });
        loop.loggedIn(1).join();
        loop.pushed(updates(server.add("a")));
        loop.pushed(updates(server.add("b")));
        await(() -> got.size() == 2, "both messages");
        assertEquals(1, listener.handlerFailures.size());
        assertEquals("handler bug", listener.handlerFailures.get(0).getMessage());
    }

    @Test
    void aHandlerFailingAnAssertionIsReportedAndDeliveryGoesOn() {
        LogServer server = new LogServer(100);
        List<Object> got = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().build());
        loop.onMessage(m -> {
            got.add(m);
            throw new AssertionError("expected something else");
        });
        loop.loggedIn(1).join();
        loop.pushed(updates(server.add("a")));
        loop.pushed(updates(server.add("b")));
        await(() -> got.size() == 2, "both messages");
        await(() -> listener.handlerFailures.size() == 2, "both failures reported");
    }

    @Test
    void aDroppedPushIsFilledByTheDifferenceAfterTheGapWait() {
        LogServer server = new LogServer(100);
        List<Update> got = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().build());
        loop.onUpdate(got::add);
        loop.loggedIn(1).join();
        loop.pushed(updates(server.add("a")));
        server.add("lost");
        loop.pushed(updates(server.add("c")));
        await(() -> got.size() == 3, "three messages");
        assertEquals(List.of(11, 12, 13), ids(got));
    }

    @Test
    void onMessageGetsIncomingMessagesAndReplyUsesTheCachedAccessHashAndAFreshRandomId() {
        LogServer server = new LogServer(100);
        List<IncomingMessage> got = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().build());
        loop.onMessage(m -> {
            m.reply("echo: " + m.text()).join();
            got.add(m); // after the reply: once two messages are counted, both sends were made
        });
        loop.loggedIn(1).join();
        loop.pushed(updates(server.add("hello")));
        loop.pushed(updates(server.add("again")));
        await(() -> got.size() == 2, "two messages");
        assertEquals("hello", got.get(0).text());
        assertEquals(ALICE, got.get(0).senderId());
        assertTrue(got.get(0).isPrivate());
        List<SendMessage> sends = server.calls.stream().filter(SendMessage.class::isInstance)
                .map(SendMessage.class::cast).toList();
        assertEquals(2, sends.size());
        assertEquals(new InputPeerUser(ALICE, 11), sends.get(0).peer());
        assertEquals("echo: hello", sends.get(0).message());
        assertNotEquals(sends.get(0).randomId(), sends.get(1).randomId());
    }

    @Test
    void theAnswersOfOurOwnSendsKeepTheSequenceWithoutAFetch() {
        LogServer server = new LogServer(100);
        List<IncomingMessage> got = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().build());
        loop.onMessage(m -> {
            m.reply("x").join();
            got.add(m);
        });
        loop.loggedIn(1).join();
        await(() -> server.calls.size() == 1, "the first difference");
        for (int i = 0; i < 20; i++) {
            UpdateNewMessage u = server.add("m" + i);
            loop.pushed(updates(u));
            int expected = i + 1;
            await(() -> got.size() == expected, "message " + expected);
        }
        assertEquals(1, server.calls.stream().filter(GetDifference.class::isInstance).count(),
                "sendMessage's pts come back through the box: no gap, no fetch");
    }

    @Test
    void outgoingMessagesAreNotHandedToOnMessage() {
        LogServer server = new LogServer(100);
        List<IncomingMessage> got = new CopyOnWriteArrayList<>();
        List<Update> raw = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().build());
        loop.onMessage(got::add);
        loop.onUpdate(raw::add);
        loop.loggedIn(1).join();
        server.pts++;
        dev.heliograph.tl.api.BaseMessage out = Tl.record(dev.heliograph.tl.api.BaseMessage.class, java.util.Map.of(
                "out", true, "id", 5, "fromId", new PeerUser(1), "peerId", new PeerUser(ALICE), "message", "mine"));
        loop.pushed(updates(new UpdateNewMessage(out, server.pts, 1)));
        await(() -> raw.size() == 1, "the raw update");
        assertTrue(got.isEmpty());
    }

    @Test
    void aReplyToAnUnknownPeerFailsWithUnknownPeerException() {
        LogServer server = new LogServer(100);
        UpdateLoop loop = new UpdateLoop(fast().build(), server, listener, ClientResources.shared());
        loops.add(loop);
        Messenger messenger = new Messenger(server::call, new PeerCache());
        CompletableFuture<?> sent = messenger.send(new PeerUser(999), "x", 1);
        assertTrue(sent.isCompletedExceptionally());
        assertInstanceOf(UnknownPeerException.class, sent.handle((x, e) -> e.getCause() == null ? e : e).join());
        assertTrue(server.calls.isEmpty(), "nothing sent");
    }

    @Test
    void theStateIsSavedOnlyAfterTheHandlerFinished() throws Exception {
        LogServer server = new LogServer(100);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        UpdateLoop loop = loop(server, fast().build());
        loop.onUpdate(u -> {
            entered.countDown();
            release.await();
        });
        loop.loggedIn(1).join();
        loop.pushed(updates(server.add("a")));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        Thread.sleep(50);
        UpdateState before = server.lastSavedState();
        assertTrue(before == null || before.pts() < 11, "not saved while the handler runs: " + before);
        release.countDown();
        await(() -> server.lastSavedState() != null && server.lastSavedState().pts() == 11, "the save");
    }

    @Test
    void atMostOnceSavesTheStateBeforeTheHandlerRuns() {
        LogServer server = new LogServer(100);
        List<UpdateState> seen = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().delivery(UpdateSettings.Delivery.AT_MOST_ONCE).build());
        loop.onUpdate(u -> seen.add(server.lastSavedState()));
        loop.loggedIn(1).join();
        loop.pushed(updates(server.add("a")));
        await(() -> seen.size() == 1, "the delivery");
        assertEquals(11, seen.get(0).pts());
    }

    @Test
    void learnedPeersAreSavedBeforeTheStateThatNeedsThem() {
        LogServer server = new LogServer(100);
        UpdateLoop loop = loop(server, fast().build());
        loop.onUpdate(u -> { });
        loop.loggedIn(1).join();
        // After the starting difference: a push held during it would be a duplicate of the
        // difference's copy (whose users the server sends), and its own users not looked at.
        await(() -> server.lastSavedState() != null, "the starting difference");
        loop.pushed(new BaseUpdates(List.of(server.add("x")), List.of(Tl.user(ALICE, 99)), List.of(), 0, 0));
        await(() -> server.lastSavedState() != null && server.lastSavedState().pts() == 11, "the save");
        int peersAt = -1;
        int stateAt = -1;
        for (int i = 0; i < server.persisted.size(); i++) {
            if (server.persisted.get(i) instanceof SessionChange.PeersLearned p
                    && p.peers().contains(new KnownPeer(KnownPeer.Kind.USER, ALICE, 99))) {
                peersAt = i;
            }
            if (server.persisted.get(i) instanceof SessionChange.UpdateStateChanged s && s.state().pts() == 11
                    && stateAt < 0) {
                stateAt = i;
            }
        }
        assertTrue(peersAt >= 0 && peersAt < stateAt, "peers at " + peersAt + ", state at " + stateAt);
    }

    @Test
    void aSlowHandlerFillsTheQueueThenPushesAreRefusedAndFetchedLaterEachOnceInOrder() throws Exception {
        LogServer server = new LogServer(5);
        CountDownLatch release = new CountDownLatch(1);
        List<Update> got = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().queueCapacity(10).build());
        loop.onUpdate(u -> {
            release.await();
            got.add(u);
        });
        loop.loggedIn(1).join();
        await(() -> !server.calls.isEmpty(), "the first difference");
        for (int i = 0; i < 50; i++) {
            loop.pushed(updates(server.add("m" + i)));
        }
        assertEquals(UpdateProblem.Kind.BACKPRESSURE, listener.problems.get(0).kind());
        assertEquals(1, listener.problems.size(), "reported once per episode");
        release.countDown();
        await(() -> got.size() >= 50, "all 50 messages");
        Thread.sleep(50);
        assertEquals(IntStream.rangeClosed(11, 60).boxed().toList(), ids(got));
    }

    @Test
    void aSubscriberOfThePublisherReceivesTheUpdates() {
        LogServer server = new LogServer(100);
        List<Update> got = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().build());
        loop.publisher().subscribe(new Collecting(got, s -> s.request(Long.MAX_VALUE)));
        loop.loggedIn(1).join();
        loop.pushed(updates(server.add("a")));
        await(() -> got.size() == 1, "the update");
        assertEquals(List.of(11), ids(got));
    }

    @Test
    void aSubscriberThatStopsRequestingAppliesBackpressureAndLosesNothing() throws Exception {
        LogServer server = new LogServer(5);
        List<Update> got = new CopyOnWriteArrayList<>();
        CompletableFuture<Flow.Subscription> subscribed = new CompletableFuture<>();
        UpdateLoop loop = loop(server, fast().queueCapacity(10).build());
        loop.publisher().subscribe(new Collecting(got, subscribed::complete));
        loop.loggedIn(1).join();
        int total = 400;
        for (int i = 0; i < total; i++) {
            loop.pushed(updates(server.add("m" + i)));
        }
        await(() -> listener.problems.stream().anyMatch(p -> p.kind() == UpdateProblem.Kind.BACKPRESSURE),
                "the queue to fill behind the subscriber's full buffer");
        assertTrue(got.isEmpty(), "nothing requested, nothing delivered");
        subscribed.get(10, TimeUnit.SECONDS).request(Long.MAX_VALUE);
        await(() -> got.size() >= total, "every update once the subscriber requests");
        Thread.sleep(50);
        assertEquals(IntStream.rangeClosed(11, 10 + total).boxed().toList(), ids(got));
    }

    @Test
    void aRemovedHandlerReceivesNothingMore() {
        LogServer server = new LogServer(100);
        List<Update> first = new CopyOnWriteArrayList<>();
        List<Update> second = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().build());
        var registration = loop.onUpdate(first::add);
        loop.onUpdate(second::add);
        loop.loggedIn(1).join();
        loop.pushed(updates(server.add("a")));
        await(() -> second.size() == 1, "the first message");
        registration.remove();
        loop.pushed(updates(server.add("b")));
        await(() -> second.size() == 2, "the second message");
        assertEquals(1, first.size());
    }

    @Test
    void closeSavesTheLastHandledState() {
        LogServer server = new LogServer(100);
        List<Update> got = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().saveInterval(Duration.ofHours(1)).build());
        loop.onUpdate(got::add);
        loop.loggedIn(1).join();
        loop.pushed(updates(server.add("a")));
        loop.pushed(updates(server.add("b")));
        await(() -> got.size() == 2, "two messages");
        loop.close();
        assertEquals(12, server.lastSavedState().pts());
    }

    @Test
    void pushesBeforeLoginAreIgnored() {
        LogServer server = new LogServer(100);
        List<Update> got = new CopyOnWriteArrayList<>();
        UpdateLoop loop = loop(server, fast().build());
        loop.onUpdate(got::add);
        loop.pushed(updates(newMessage(11)));
        assertTrue(server.calls.isEmpty());
        assertTrue(got.isEmpty());
    }

    @Test
    void settingsNameEveryInvalidValue() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> UpdateSettings.builder().ptsTotalLimit(-1).queueCapacity(1).gapWait(Duration.ofMillis(-1)).build());
        assertTrue(e.getMessage().contains("queueCapacity"), e.getMessage());
        assertTrue(e.getMessage().contains("ptsTotalLimit"), e.getMessage());
        assertTrue(e.getMessage().contains("gapWait"), e.getMessage());
    }

    @Test
    void noPtsTotalLimitIsSentByDefaultSoALongBacklogComesInSlices() {
        LogServer server = new LogServer(100);
        UpdateLoop loop = loop(server, fast().build());
        loop.onUpdate(u -> { });
        loop.loggedIn(1).join();
        await(() -> !server.calls.isEmpty(), "the first difference");
        assertEquals(null, ((GetDifference) server.calls.get(0)).ptsTotalLimit());
    }

    /** Adds every update it gets to a list; what it requests is up to {@code onSubscribe}. */
    private record Collecting(List<Update> got, Consumer<Flow.Subscription> onSubscribe)
            implements Flow.Subscriber<Update> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            onSubscribe.accept(subscription);
        }

        @Override
        public void onNext(Update item) {
            got.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            throw new AssertionError("the publisher failed", throwable);
        }

        @Override
        public void onComplete() {
        }
    }
}
