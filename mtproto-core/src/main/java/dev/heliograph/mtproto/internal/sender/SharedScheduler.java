package dev.heliograph.mtproto.internal.sender;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide scheduler senders use by default: a small fixed pool of daemon threads that
 * runs every sender's serial executor and timers, so the thread count does not grow with the
 * number of connections.
 */
public final class SharedScheduler {

    private static final int THREADS = Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors()));

    private static final class Holder {
        static final ScheduledExecutorService INSTANCE = create();
    }

    private SharedScheduler() {
    }

    /**
     * Returns the shared scheduler, creating it on first use.
     *
     * @return the scheduler
     */
    public static ScheduledExecutorService get() {
        return Holder.INSTANCE;
    }

    private static ScheduledExecutorService create() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "heliograph-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(THREADS, factory);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
