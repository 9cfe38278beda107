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
    void runHereRunsOnTheCallingThreadWhenNothingIsQueued() {
        List<Runnable> handedOff = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(handedOff::add, (t, e) -> { }, () -> ran.add("idle"));
        Thread caller = Thread.currentThread();
        serial.runHere(() -> ran.add(Thread.currentThread() == caller ? "here" : "elsewhere"));
        assertEquals(List.of("here", "idle"), ran);
        assertTrue(handedOff.isEmpty(), "no hand-off to the pool");
    }

    @Test
    void runHereQueuesBehindARunningTaskAndTheIdleHookWaitsForTheQueueToEmpty() {
        List<Runnable> handedOff = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        SerialExecutor[] serial = new SerialExecutor[1];
        serial[0] = new SerialExecutor(handedOff::add, (t, e) -> { }, () -> ran.add("idle"));
        serial[0].runHere(() -> {
            ran.add("first");
            // Submitted while a task runs: queued, never run inside it.
            serial[0].runHere(() -> ran.add("second"));
            serial[0].execute(() -> ran.add("third"));
            ran.add("first done");
        });
        assertEquals(List.of("first", "first done", "second", "third", "idle"), ran);
        assertTrue(handedOff.isEmpty());
    }

    @Test
    void aBorrowedThreadHandsALongQueueToThePool() {
        List<Runnable> handedOff = new ArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger idle = new AtomicInteger();
        SerialExecutor serial = new SerialExecutor(handedOff::add, (t, e) -> { }, idle::incrementAndGet);
        serial.runHere(() -> {
            for (int i = 0; i < 100; i++) {
                serial.execute(ran::incrementAndGet);
            }
        });
        assertEquals(63, ran.get(), "the calling thread ran 64 tasks, its own first");
        assertEquals(1, idle.get(), "the hook ran once, after the 64th task");
        assertEquals(1, handedOff.size());
        handedOff.get(0).run();
        assertEquals(100, ran.get());
        assertEquals(2, idle.get(), "and once when the queue ran empty");
    }
}
