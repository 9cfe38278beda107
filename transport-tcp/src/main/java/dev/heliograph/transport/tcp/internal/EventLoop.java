package dev.heliograph.transport.tcp.internal;

import dev.heliograph.error.TransportException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One selector thread. Every channel registered here is served by this thread only, so handlers
 * need no locks for their read-side state. Other threads hand work over with {@link #execute}.
 */
public final class EventLoop {

    /** Reacts to a selected key; runs on the loop thread. */
    public interface Handler {
        /**
         * The key is ready for some of its interest operations.
         *
         * @param key the key
         */
        void ready(SelectionKey key);

        /**
         * Something failed outside the handler's control (the loop's selector broke, or
         * {@link #ready} threw): release the channel and report the cause.
         *
         * @param cause what happened
         */
        void fail(TransportException cause);
    }

    /** A scheduled task that can be cancelled. */
    public interface Timer {
        /** Cancels the task; it is harmless to cancel one that already ran. */
        void cancel();
    }

    private static final int READ_BUFFER_SIZE = 64 * 1024;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<ScheduledTask> timers = new PriorityQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final byte[] readBuffer = new byte[READ_BUFFER_SIZE];
    private long timerSequence;
    private boolean processingKeys;

    EventLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Tells whether the caller runs on this loop's thread.
     *
     * @return {@code true} on the loop thread
     */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs a task on the loop thread, after the tasks already queued.
     *
     * @param task the task
     */
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /**
     * Runs a task on the loop thread after a delay. Call on the loop thread.
     *
     * @param delayMillis the delay
     * @param task the task
     * @return a handle to cancel it
     */
    public Timer schedule(long delayMillis, Runnable task) {
        ScheduledTask scheduled = new ScheduledTask(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis),
                timerSequence++, task);
        timers.add(scheduled);
        return () -> scheduled.cancelled = true;
    }

    /**
     * Registers a channel. Call on the loop thread.
     *
     * @param channel a non-blocking channel
     * @param ops the interest set
     * @param handler what reacts to it
     * @return the key
     * @throws IOException if the channel is closed
     */
    public SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws IOException {
        return channel.register(selector, ops, handler);
    }

    /**
     * A buffer the loop's handlers share for reads; its content is valid only until the handler
     * returns.
     *
     * @return the buffer
     */
    public byte[] readBuffer() {
        return readBuffer;
    }

    /** The thread, for tests and thread counts. */
    Thread thread() {
        return thread;
    }

    private void run() {
        try {
            while (true) {
                wakeupPending.set(false);
                if (!tasks.isEmpty() || !selector.selectedKeys().isEmpty()) {
                    selector.selectNow();
                } else {
                    long wait = nextTimerWaitMillis();
                    if (wait < 0) {
                        selector.select();
                    } else {
                        selector.select(Math.max(1, wait));
                    }
                }
                processSelectedKeys();
                runTasks();
                runTimers();
            }
        } catch (IOException | ClosedSelectorException e) {
            // The selector broke; the channels are released below.
        } finally {
            TransportException cause = new TransportException(TransportException.Kind.IO, "event loop selector failed", null);
            for (SelectionKey key : selector.keys()) {
                ((Handler) key.attachment()).fail(cause);
            }
            runTasks();
            try {
                selector.close();
            } catch (IOException e) {
                // Nothing left to release.
            }
        }
    }

    private void processSelectedKeys() {
        processingKeys = true;
        try {
            for (SelectionKey key : selector.selectedKeys()) {
                if (key.isValid()) {
                    Handler handler = (Handler) key.attachment();
                    try {
                        handler.ready(key);
                    } catch (RuntimeException e) {
                        handler.fail(new TransportException(TransportException.Kind.IO, "connection handler failed", e));
                    }
                }
            }
            selector.selectedKeys().clear();
        } finally {
            processingKeys = false;
        }
    }

    /**
     * Closes a channel registered here so that its socket is released now: NIO defers the real
     * close of a registered channel until the selector deregisters its key, which would leave a
     * listening port accepting for a moment. Call on the loop thread.
     *
     * @param channel the channel
     */
    public void closeChannel(SelectableChannel channel) {
        try {
            channel.close();
            if (!processingKeys) {
                // Keys this selects stay in the selected set and are handled on the next turn.
                selector.selectNow();
            }
        } catch (IOException e) {
            // Closing is all that is left to do with it.
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            runGuarded(task);
        }
    }

    /** A failing task must not stop the loop, which serves every other connection too. */
    private void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
        }
    }

    private long nextTimerWaitMillis() {
        while (!timers.isEmpty() && timers.peek().cancelled) {
            timers.poll();
        }
        if (timers.isEmpty()) {
            return -1;
        }
        return TimeUnit.NANOSECONDS.toMillis(timers.peek().deadline - System.nanoTime());
    }

    private void runTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().deadline - now <= 0) {
            ScheduledTask next = timers.poll();
            if (!next.cancelled) {
                runGuarded(next.task);
            }
        }
    }

    private static final class ScheduledTask implements Comparable<ScheduledTask> {
        final long deadline;
        final long sequence;
        final Runnable task;
        volatile boolean cancelled;

        ScheduledTask(long deadline, long sequence, Runnable task) {
            this.deadline = deadline;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public int compareTo(ScheduledTask o) {
            int c = Long.compare(deadline - o.deadline, 0);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }
}
