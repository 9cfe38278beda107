package dev.heliograph.mtproto.internal.sender;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the confinement that lets
 * a sender's engine live without locks. A drain runs every task queued when it starts, so a burst
 * of submissions costs one hand-off. {@link #runHere} lets a thread that submits while nothing is
 * queued run the drain itself, saving the hand-off altogether. Whenever the queue runs empty the
 * drain runs the idle hook, still confined: the sender flushes there, so a burst of calls (or the
 * answers of one packet and the calls they trigger) go out together.
 */
final class SerialExecutor implements Executor {

    private static final int MAX_BATCH = 4096;
    /**
     * A borrowed thread (a caller's, the transport's) gives the rest to the pool after this many
     * tasks; under a steady stream of tasks the idle hook runs after this many too.
     */
    private static final int MAX_BORROWED_BATCH = 64;

    private final Executor pool;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Thread.UncaughtExceptionHandler onError;
    private final Runnable idle;
    private final Runnable poolDrain = () -> drain(MAX_BATCH);

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
     * Runs the task on the calling thread if no task is queued or running, together with the
     * tasks submitted meanwhile (at most a few dozen; the rest go to the pool); otherwise queues it
     * like {@link #execute}. Tasks still run one at a time and in submission order. A task running
     * here that submits another only queues it, so this never recurses.
     *
     * @param task the task
     */
    void runHere(Runnable task) {
        tasks.add(task);
        if (pending.getAndIncrement() == 0) {
            drain(MAX_BORROWED_BATCH);
        }
    }

    private void drain(int batch) {
        for (int done = 1; ; done++) {
            run(tasks.poll());
            if (pending.get() == 1 || done % MAX_BORROWED_BATCH == 0) {
                // Nothing queued behind this task (or many ran since the last time): the hook's turn.
                run(idle);
            }
            if (pending.decrementAndGet() == 0) {
                return;
            }
            if (done == batch) {
                // Give other senders sharing the pool (or the borrowed thread back) a turn.
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
