package dev.heliograph.mtproto.internal.sender;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialExecutorTest {

    @Test
    void runsTasksOneAtATimeInSubmissionOrderOnASharedPool() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool, (t, e) -> { }, () -> { });
            int submitters = 4;
            int perSubmitter = 20_000;
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            List<List<Integer>> seen = new ArrayList<>();
            for (int s = 0; s < submitters; s++) {
                seen.add(new ArrayList<>());
            }
            CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < submitters; s++) {
                int id = s;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < perSubmitter; i++) {
                        int n = i;
                        serial.execute(() -> {
                            if (running.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            // Plain list, no lock: safe only because tasks never overlap.
                            seen.get(id).add(n);
                            running.decrementAndGet();
                            done.countDown();
                        });
                    }
                });
                threads.add(t);
                t.start();
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(0, overlaps.get());
            for (List<Integer> list : seen) {
                assertEquals(perSubmitter, list.size());
                for (int i = 0; i < perSubmitter; i++) {
                    assertEquals(i, list.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keepsRunningAfterATaskThrows() throws InterruptedException {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicInteger errors = new AtomicInteger();
            SerialExecutor serial = new SerialExecutor(pool, (t, e) -> errors.incrementAndGet(), () -> { });
            CountDownLatch after = new CountDownLatch(1);
            serial.execute(() -> {
                throw new IllegalStateException("boom");
            });
            serial.execute(after::countDown);
            assertTrue(after.await(10, TimeUnit.SECONDS));
            assertEquals(1, errors.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runAloneRunsOnTheCallingThreadWhenNothingIsQueued() {
        List<Runnable> handedOff = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(handedOff::add, (t, e) -> { }, () -> ran.add("idle"));
        Thread caller = Thread.currentThread();
        serial.runAlone(() -> ran.add(Thread.currentThread() == caller ? "here" : "elsewhere"));
        assertEquals(List.of("here", "idle"), ran);
        assertTrue(handedOff.isEmpty(), "no hand-off to the pool");
    }

    @Test
    void runAloneQueuesBehindATaskThatIsRunning() {
        List<Runnable> handedOff = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        SerialExecutor[] serial = new SerialExecutor[1];
        serial[0] = new SerialExecutor(handedOff::add, (t, e) -> { }, () -> ran.add("idle"));
        serial[0].execute(() -> {
            ran.add("first");
            serial[0].runAlone(() -> ran.add("second"));
            ran.add("first done");
        });
        handedOff.get(0).run();
        assertEquals(List.of("first", "first done", "second", "idle"), ran);
        assertEquals(1, handedOff.size());
    }

    @Test
    void tasksQueuedWhileACallerRunsItsOwnGoToThePool() {
        List<Runnable> handedOff = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        Thread caller = Thread.currentThread();
        SerialExecutor[] serial = new SerialExecutor[1];
        serial[0] = new SerialExecutor(handedOff::add, (t, e) -> { }, () -> ran.add("idle"));
        serial[0].runAlone(() -> {
            ran.add("mine");
            serial[0].execute(() -> ran.add("another"));
        });
        assertEquals(List.of("mine"), ran, "neither the other task nor the hook ran on the caller's thread");
        assertEquals(1, handedOff.size());
        Thread pool = new Thread(handedOff.get(0));
        pool.start();
        assertTrue(joined(pool));
        assertEquals(List.of("mine", "another", "idle"), ran);
        assertTrue(caller.isAlive());
    }

    @Test
    void theIdleHookRunsWhenTheQueueRunsEmptyAndAtLeastEverySixtyFourTasks() {
        List<Runnable> handedOff = new ArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger idle = new AtomicInteger();
        SerialExecutor serial = new SerialExecutor(handedOff::add, (t, e) -> { }, idle::incrementAndGet);
        for (int i = 0; i < 100; i++) {
            serial.execute(ran::incrementAndGet);
        }
        handedOff.get(0).run();
        assertEquals(100, ran.get());
        assertEquals(2, idle.get(), "after the 64th task, and when the queue ran empty");
    }

    private static boolean joined(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }
}
