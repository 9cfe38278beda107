package dev.heliograph.mtproto.internal.sender;

/**
 * One-shot timers whose tasks run on a sender's serial executor, so the parts of a sender keep
 * their state confined to it. Tests drive the parts with a timer they fire by hand.
 */
@FunctionalInterface
interface LoopTimers {

    /**
     * Runs a task on the loop after a delay.
     *
     * @param delayMillis the delay, 0 or more
     * @param task the task
     * @return cancels the task if it has not run yet
     */
    Cancellable after(long delayMillis, Runnable task);

    /** A scheduled task that may still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Stops the task from running, if it has not run yet. */
        void cancel();
    }
}
