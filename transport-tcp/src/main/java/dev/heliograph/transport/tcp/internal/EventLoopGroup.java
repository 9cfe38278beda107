package dev.heliograph.transport.tcp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of {@link EventLoop}s that connections are spread over round-robin. One shared group
 * serves every client connection and server of a process, so the thread count does not grow with
 * the number of connections.
 */
public final class EventLoopGroup {

    private static final class Shared {
        static final EventLoopGroup INSTANCE =
                new EventLoopGroup(Math.min(2, Runtime.getRuntime().availableProcessors()), "heliograph-tcp");
    }

    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    private EventLoopGroup(int threads, String namePrefix) {
        loops = new EventLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new EventLoop(namePrefix + "-" + i);
        }
    }

    /**
     * Returns the process-wide group of {@code min(2, cores)} daemon threads, started on first use
     * and never stopped (idle loops cost a blocked thread each, nothing more).
     *
     * @return the shared group
     */
    public static EventLoopGroup shared() {
        return Shared.INSTANCE;
    }

    /**
     * Picks the loop for a new connection.
     *
     * @return the next loop, round-robin
     */
    public EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /**
     * Tells whether the caller runs on one of the group's threads (where waiting for a loop could
     * deadlock).
     *
     * @return {@code true} on a loop thread
     */
    public boolean inLoop() {
        for (EventLoop loop : loops) {
            if (loop.inLoop()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns how many threads the group runs.
     *
     * @return the thread count
     */
    public int threadCount() {
        return loops.length;
    }

    /**
     * Returns the loop threads.
     *
     * @return the threads
     */
    public List<Thread> threads() {
        List<Thread> threads = new ArrayList<>();
        for (EventLoop loop : loops) {
            threads.add(loop.thread());
        }
        return threads;
    }
}
