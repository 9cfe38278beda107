package dev.heliograph.transport.tcp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of {@link EventLoop}s that connections are spread over round-robin. One shared group
 * serves every client connection and server of a process, so the thread count does not grow with
 * the number of connections.
 */
public final class EventLoopGroup implements AutoCloseable {

    private static final class Shared {
        static final EventLoopGroup INSTANCE =
                new EventLoopGroup(Math.min(2, Runtime.getRuntime().availableProcessors()), "heliograph-tcp");
    }

    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * Starts a group.
     *
     * @param threads how many loops (threads), at least 1
     * @param namePrefix thread name prefix
     */
    public EventLoopGroup(int threads, String namePrefix) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        loops = new EventLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new EventLoop(namePrefix + "-" + i);
        }
    }

    /**
     * Returns the process-wide group of {@code min(2, cores)} daemon threads, started on first use
     * and never closed.
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

    /** Stops every loop; their channels are closed. The shared group must not be closed. */
    @Override
    public void close() {
        if (this == Shared.INSTANCE) {
            throw new IllegalStateException("the shared event loop group cannot be closed");
        }
        for (EventLoop loop : loops) {
            loop.shutdown();
        }
        for (EventLoop loop : loops) {
            try {
                loop.awaitTermination(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
