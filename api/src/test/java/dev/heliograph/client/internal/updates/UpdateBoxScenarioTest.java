package dev.heliograph.client.internal.updates;

import static dev.heliograph.client.internal.updates.BoxFixture.ALICE;
import static dev.heliograph.client.internal.updates.BoxFixture.GAP;
import static dev.heliograph.client.internal.updates.BoxFixture.RETRY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.RequestTimeoutException;
import dev.heliograph.session.UpdateState;
import dev.heliograph.tl.api.BaseUpdates;
import dev.heliograph.tl.api.Chat;
import dev.heliograph.tl.api.Message;
import dev.heliograph.tl.api.PeerUser;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.UpdateBotStopped;
import dev.heliograph.tl.api.UpdateNewMessage;
import dev.heliograph.tl.api.Updates;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.updates.BaseDifference;
import dev.heliograph.tl.api.updates.BaseState;
import dev.heliograph.tl.api.updates.DifferenceEmpty;
import dev.heliograph.tl.api.updates.DifferenceSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The box against a simulated server and network: pushes dropped, duplicated and reordered, time
 * passing, difference answers in slices, fetches failing now and then. Whatever happens, every
 * event reaches the handler exactly once, in its sequence's order.
 */
class UpdateBoxScenarioTest {

    private static final int EVENTS = 150;

    static IntStream seeds() {
        return IntStream.range(0, 100);
    }

    /** The server: a log of events (pts messages and qts bot updates) and its answers. */
    private static final class Server {
        final List<Update> log = new ArrayList<>();
        int pts = 10;
        int qts = 5;
        final SplittableRandom random;
        final int sliceSize;
        final double failure;
        int failuresInARow;

        Server(SplittableRandom random, double failure) {
            this.random = random;
            // at least 5 per slice, so that 200 events stay below the fixture's 50-slice limit
            this.sliceSize = 5 + random.nextInt(16);
            this.failure = failure;
        }

        Update next() {
            Update u;
            if (random.nextInt(5) == 0) {
                qts++;
                u = new UpdateBotStopped(ALICE, 0, false, qts);
            } else {
                pts++;
                u = new UpdateNewMessage(Tl.message(pts, ALICE, new PeerUser(ALICE), "m" + pts), pts, 1);
            }
            log.add(u);
            return u;
        }

        /** Answers a fetch (or fails it, never more than twice in a row, below the reset limit). */
        void answer(BoxFixture f, UpdateBox.Fetch fetch) {
            if (failuresInARow < 2 && random.nextDouble() < failure) {
                failuresInARow++;
                f.box.fetchFailed(fetch, new RequestTimeoutException("simulated"), f.now);
                return;
            }
            failuresInARow = 0;
            if (fetch instanceof UpdateBox.GetState) {
                f.box.stateFetched(new BaseState(pts, qts, 1, 0, 0), f.now);
                return;
            }
            UpdateBox.GetDifference d = (UpdateBox.GetDifference) fetch;
            List<Message> messages = new ArrayList<>();
            List<Update> other = new ArrayList<>();
            int toPts = d.pts();
            int toQts = d.qts();
            int taken = 0;
            for (Update u : log) {
                if (taken == sliceSize) {
                    break;
                }
                if (u instanceof UpdateNewMessage m && m.pts() > d.pts()) {
                    messages.add(m.message());
                    toPts = m.pts();
                    taken++;
                } else if (u instanceof UpdateBotStopped b && b.qts() > d.qts()) {
                    other.add(b);
                    toQts = b.qts();
                    taken++;
                }
            }
            if (taken == 0) {
                f.box.differenceFetched(new DifferenceEmpty(1, 0), f.now);
            } else if (toPts < pts || toQts < qts) {
                f.box.differenceFetched(new DifferenceSlice(messages, List.of(), other, List.<Chat>of(),
                        List.<User>of(Tl.user(ALICE, 11)), new BaseState(toPts, toQts, 1, 0, 0)), f.now);
            } else {
                f.box.differenceFetched(new BaseDifference(messages, List.of(), other, List.<Chat>of(),
                        List.<User>of(Tl.user(ALICE, 11)), new BaseState(pts, qts, 1, 0, 0)), f.now);
            }
        }
    }

    private static Updates container(Update u) {
        return new BaseUpdates(List.of(u), List.of(Tl.user(ALICE, 11)), List.<Chat>of(), 0, 0);
    }

    /** Runs the network: each event pushed (or not) with some delay, then everything settles. */
    private static void run(BoxFixture f, Server server, SplittableRandom random, double drop, double duplicate,
            int reorderWindow) {
        List<Updates> inFlight = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Update u = server.next();
            if (random.nextDouble() >= drop) {
                inFlight.add(container(u));
            }
            if (random.nextDouble() < duplicate) {
                inFlight.add(container(u));
            }
            while (inFlight.size() > reorderWindow || (!inFlight.isEmpty() && random.nextInt(3) == 0)) {
                f.push(inFlight.remove(random.nextInt(inFlight.size())));
            }
            f.advance(random.nextLong(GAP / 2));
            serve(f, server);
        }
        while (!inFlight.isEmpty()) {
            f.push(inFlight.remove(random.nextInt(inFlight.size())));
        }
        settle(f, server);
    }

    /**
     * Lets time pass until nothing is left to fetch. A push lost at the very end leaves no gap to
     * see: only the quarter hour of silence finds it, so the clock runs past it.
     */
    private static void settle(BoxFixture f, Server server) {
        serve(f, server);
        long quiet = 0;
        for (int round = 0; round < 10_000 && quiet <= BoxFixture.IDLE; round++) {
            f.advance(RETRY * 64);
            quiet = serve(f, server) ? 0 : quiet + RETRY * 64;
        }
        f.drain();
    }

    private static boolean serve(BoxFixture f, Server server) {
        boolean any = false;
        for (UpdateBox.Fetch fetch = f.fetch(); fetch != null; fetch = f.box.nextFetch(f.now)) {
            server.answer(f, fetch);
            any = true;
        }
        f.drain();
        return any;
    }

    private static void assertEachOnceInOrder(BoxFixture f, Server server, int afterPts, int afterQts) {
        List<Integer> expectedPts = new ArrayList<>();
        List<Integer> expectedQts = new ArrayList<>();
        for (Update u : server.log) {
            if (u instanceof UpdateNewMessage m && m.pts() > afterPts) {
                expectedPts.add(m.pts());
            } else if (u instanceof UpdateBotStopped b && b.qts() > afterQts) {
                expectedQts.add(b.qts());
            }
        }
        List<Integer> qts = new ArrayList<>();
        for (Update u : f.delivered) {
            if (u instanceof UpdateBotStopped b) {
                qts.add(b.qts());
            }
        }
        assertEquals(expectedPts, f.messageIds(), () -> "messages, each once, in order; missing "
                + difference(expectedPts, f.messageIds()) + ", extra " + difference(f.messageIds(), expectedPts)
                + ", problems " + f.problems);
        assertEquals(expectedQts, qts, "qts updates, each once, in order");
        assertTrue(f.problems.isEmpty(), () -> "no problem expected: " + f.problems);
        assertEquals(server.pts, f.state().pts());
        assertEquals(server.qts, f.state().qts());
    }

    private static List<Integer> difference(List<Integer> a, List<Integer> b) {
        List<Integer> rest = new ArrayList<>(a);
        for (Integer x : b) {
            rest.remove(x);
        }
        return rest;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void reorderedAndDuplicatedPushesAreDeliveredOnceInOrder(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BoxFixture f = new BoxFixture().ready();
        Server server = new Server(random, 0);
        run(f, server, random, 0, 0.2, 1 + random.nextInt(8));
        assertEachOnceInOrder(f, server, 10, 5);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void droppedPushesAreFilledByTheDifferenceEachOnceInOrder(int seed) {
        SplittableRandom random = new SplittableRandom(1000 + seed);
        BoxFixture f = new BoxFixture().ready();
        Server server = new Server(random, 0.2);
        run(f, server, random, 0.05 + random.nextDouble() * 0.5, 0.1, 1 + random.nextInt(5));
        assertEachOnceInOrder(f, server, 10, 5);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aRestartFromTheSavedStateGetsEverythingAfterItOnce(int seed) {
        SplittableRandom random = new SplittableRandom(2000 + seed);
        BoxFixture first = new BoxFixture().ready();
        Server server = new Server(random, 0.1);
        run(first, server, random, 0.1, 0.1, 3);
        // The client stopped at a batch boundary: its last saved state is any of those it produced.
        UpdateState saved = first.states.isEmpty() ? UpdateState.of(10, 5, 1000, 20)
                : first.states.get(random.nextInt(first.states.size()));
        for (int i = 0; i < 50; i++) {
            server.next();
        }
        BoxFixture restarted = new BoxFixture();
        restarted.box.start(saved, restarted.now);
        settle(restarted, server);
        assertEachOnceInOrder(restarted, server, saved.pts(), saved.qts());
    }
}
