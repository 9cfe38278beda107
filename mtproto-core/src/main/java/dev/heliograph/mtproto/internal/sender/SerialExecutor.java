package dev.heliograph.mtproto.internal.sender;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the confinement that lets
 * a sender's engine live without locks. A drain runs every task queued when it starts, so a burst
 * of submissions costs one hand-off. {@link #runAlone} lets a thread that submits while nothing is
 * queued run its task itself, saving the hand-off altogether. Whenever the queue runs empty the
 * drain runs the idle hook, still confined: the sender flushes there, so a burst of calls (or the
 * answers of one packet and the calls they trigger) go out together.
 */
final class SerialExecutor implements Executor {

    private static final int MAX_BATCH = 4096;
    /** Under a steady stream of tasks the idle hook runs after this many anyway. */
    private static final int IDLE_AT_LEAST_EVERY = 64;

    private final Executor pool;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Thread.UncaughtExceptionHandler onError;
    private final Runnable idle;
    private final Runnable poolDrain = this::drain;

    /**
     * Creates the executor.
     *
     * @param pool the shared pool
     * @param onError receives what a task (or the idle hook) throws
     * @param idle runs, confined like the tasks, whenever the queue is empty after a task
     */
    SerialExecutor(Executor pool, Thread.UncaughtExceptionHandler onError, Runnable idle) {
        this.pool = pool;
        this.onError = onError;
        this.idle = idle;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (pending.getAndIncrement() == 0) {
            pool.execute(poolDrain);
        }
    }

    /**
     * Runs the task on the calling thread if no task is queued or running, then the idle hook if
     * still none is queued; otherwise (or for the tasks queued meanwhile) uses the pool like
     * {@link #execute}. Only the caller's own task runs on its thread, so whatever the other
     * tasks complete completes on the pool. Tasks still run one at a time and in order.
     *
     * @param task the task
     */
    void runAlone(Runnable task) {
        tasks.add(task);
        if (pending.getAndIncrement() != 0) {
            return;
        }
        run(tasks.poll());
        if (pending.get() == 1) {
            run(idle);
        }
        if (pending.decrementAndGet() != 0) {
            pool.execute(poolDrain);
        }
    }

    private void drain() {
        for (int done = 1; ; done++) {
            run(tasks.poll());
            if (pending.get() == 1 || done % IDLE_AT_LEAST_EVERY == 0) {
                // Nothing queued behind this task (or many ran since the last time): the hook's turn.
                run(idle);
            }
            if (pending.decrementAndGet() == 0) {
                return;
            }
            if (done == MAX_BATCH) {
                // Give other senders sharing the pool a turn.
                pool.execute(poolDrain);
                return;
            }
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            onError.uncaughtException(Thread.currentThread(), e);
        }
    }
}
