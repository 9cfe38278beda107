package dev.heliograph.mtproto.internal.sender;

import java.util.ArrayList;
import java.util.List;

/** Timers a test fires by hand: it sees each delay and decides when the task runs. */
final class ManualTimers implements LoopTimers {

    /** One scheduled task. */
    static final class Timer {
        final long delayMillis;
        final Runnable task;
        boolean cancelled;
        boolean fired;

        Timer(long delayMillis, Runnable task) {
            this.delayMillis = delayMillis;
            this.task = task;
        }

        /** Runs the task as the loop would: not once cancelled, and only once. */
        void fire() {
            if (!cancelled && !fired) {
                fired = true;
                task.run();
            }
        }
    }

    final List<Timer> scheduled = new ArrayList<>();

    @Override
    public Cancellable after(long delayMillis, Runnable task) {
        Timer t = new Timer(delayMillis, task);
        scheduled.add(t);
        return () -> t.cancelled = true;
    }

    Timer only() {
        if (scheduled.size() != 1) {
            throw new AssertionError("expected one timer, found " + scheduled.size());
        }
        return scheduled.get(0);
    }
}
