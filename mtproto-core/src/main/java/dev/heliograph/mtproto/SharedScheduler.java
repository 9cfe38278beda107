package dev.heliograph.mtproto;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process's default threads: a small fixed pool of daemon threads that runs every sender's
 * serial executor, and one daemon timer thread for timeouts, acks and keep-alives. The thread
 * count does not grow with the number of connections. Clients reach them only through their
 * resources ({@code dev.heliograph.client.ClientResources.shared()} is built on them); a
 * {@link DcSenderConfig} built without an executor or scheduler uses them too. Nothing ever shuts
 * them down: they are daemons, created on first use.
 *
 * @since 0.1
 */
public final class SharedScheduler {

    private static final int THREADS = Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors()));

    private static final class Holder {
        static final ScheduledExecutorService TIMER = createTimer();
        static final ExecutorService POOL = createPool();
    }

    private SharedScheduler() {
    }

    /**
     * Returns the shared timer, creating it on first use.
     *
     * @return the timer
     */
    public static ScheduledExecutorService timer() {
        return Holder.TIMER;
    }

    /**
     * Returns the shared worker pool, creating it on first use.
     *
     * @return the pool
     */
    public static Executor pool() {
        return Holder.POOL;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static ScheduledExecutorService createTimer() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemons("heliograph-timer-"));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static ExecutorService createPool() {
        return Executors.newFixedThreadPool(THREADS, daemons("heliograph-sender-"));
    }
}
