package dev.heliograph.mtproto.internal.sender;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the confinement that lets
 * a sender's engine live without locks. A drain runs every task queued when it starts, so a burst
 * of submissions costs one hand-off.
 */
final class SerialExecutor implements Executor {

    private static final int MAX_BATCH = 4096;

    private final Executor pool;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Thread.UncaughtExceptionHandler onError;

    SerialExecutor(Executor pool, Thread.UncaughtExceptionHandler onError) {
        this.pool = pool;
        this.onError = onError;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (pending.getAndIncrement() == 0) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        for (int done = 1; ; done++) {
            Runnable task = tasks.poll();
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                onError.uncaughtException(Thread.currentThread(), e);
            }
            if (pending.decrementAndGet() == 0) {
                return;
            }
            if (done == MAX_BATCH) {
                // Give other senders sharing the pool a turn.
                pool.execute(this::drain);
                return;
            }
        }
    }
}
