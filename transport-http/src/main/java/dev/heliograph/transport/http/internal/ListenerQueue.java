package dev.heliograph.transport.http.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs listener events one at a time and in the order they were queued, on whichever thread
 * drains, without holding a lock while the listener runs. HTTP responses complete on many OkHttp
 * threads at once, while the transport SPI promises one callback at a time per connection.
 *
 * <p>Events are queued under the connection's lock (so their order follows its state changes) and
 * drained after the lock is released (so a listener that calls back into the connection, or holds
 * its own lock, cannot deadlock with it).
 */
public final class ListenerQueue {

    private final Queue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    /** Creates an empty queue. */
    public ListenerQueue() {
    }

    /**
     * Queues an event; it runs at the next {@link #drain()} by any thread.
     *
     * @param event the callback to run
     */
    public void enqueue(Runnable event) {
        events.add(event);
    }

    /**
     * Runs every queued event, unless another thread is already draining (it then runs them).
     * A listener that throws does not stop later events: the exception goes to the thread's
     * uncaught-exception handler.
     */
    public void drain() {
        if (pending.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Runnable event;
            while ((event = events.poll()) != null) {
                try {
                    event.run();
                } catch (RuntimeException e) {
                    Thread current = Thread.currentThread();
                    current.getUncaughtExceptionHandler().uncaughtException(current, e);
                }
            }
            missed = pending.addAndGet(-missed);
        } while (missed != 0);
    }
}
