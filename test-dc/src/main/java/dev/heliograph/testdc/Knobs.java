package dev.heliograph.testdc;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fault knobs of one test DC. Every knob is thread-safe and takes effect for the next message the
 * DC handles. One-shot knobs disarm themselves when they fire. The {@code take...} methods are how
 * the DC consumes them; tests set knobs with the other methods.
 */
public final class Knobs {

    private final AtomicInteger dropAfterMessages = new AtomicInteger();
    private final AtomicReference<String> dropBeforeReplyTo = new AtomicReference<>();
    private volatile Duration replyDelay = Duration.ZERO;
    private volatile Duration clockSkew = Duration.ZERO;
    private final AtomicInteger floodWaitCalls = new AtomicInteger();
    private volatile int floodWaitSeconds;
    private volatile String floodWaitMethod;
    private final AtomicInteger dhGenRetries = new AtomicInteger();
    private volatile Duration tempKeyLifetime;
    private final AtomicInteger bindingRefusals = new AtomicInteger();
    private volatile String bindingRefusal;

    /** Creates knobs that are all off. */
    public Knobs() {
    }

    /**
     * One-shot: the next connection that has received {@code messages} encrypted packets is closed
     * right after handling the last of them (its replies are not sent).
     *
     * @param messages how many packets to let through, at least 1; 0 disarms
     * @return this
     */
    public Knobs dropConnectionAfterMessages(int messages) {
        if (messages < 0) {
            throw new IllegalArgumentException("messages must not be negative");
        }
        dropAfterMessages.set(messages);
        return this;
    }

    /**
     * One-shot: the next reply to {@code method} (a TL name such as {@code "help.getConfig"}) is not
     * sent; the connection is closed instead. The request itself has run.
     *
     * @param method the method name, or {@code null} to disarm
     * @return this
     */
    public Knobs dropConnectionBeforeReplyTo(String method) {
        dropBeforeReplyTo.set(method);
        return this;
    }

    /**
     * Delays every reply of the DC (acknowledgements go out at once).
     *
     * @param delay how long; zero turns the delay off
     * @return this
     */
    public Knobs delayReplies(Duration delay) {
        this.replyDelay = requireNotNegative(delay, "delay");
        return this;
    }

    /**
     * Moves the DC's clock (its msg_ids, {@code server_time}, time checks) by {@code skew}.
     *
     * @param skew how far ahead (positive) or behind (negative)
     * @return this
     */
    public Knobs skewClock(Duration skew) {
        this.clockSkew = Objects.requireNonNull(skew, "skew is null");
        return this;
    }

    /**
     * Answers the next {@code calls} API calls with {@code 420 FLOOD_WAIT_<seconds>}.
     *
     * @param method only calls of this method (a TL name), or {@code null} for any method
     * @param calls how many calls; 0 disarms
     * @param seconds the wait to announce
     * @return this
     */
    public Knobs floodWait(String method, int calls, int seconds) {
        if (calls < 0 || seconds < 0) {
            throw new IllegalArgumentException("calls and seconds must not be negative");
        }
        this.floodWaitMethod = method;
        this.floodWaitSeconds = seconds;
        floodWaitCalls.set(calls);
        return this;
    }

    /**
     * Answers the next {@code exchanges} key exchanges once with {@code dh_gen_retry} before
     * accepting the client's retry.
     *
     * @param exchanges how many exchanges
     * @return this
     */
    public Knobs dhGenRetry(int exchanges) {
        if (exchanges < 0) {
            throw new IllegalArgumentException("exchanges must not be negative");
        }
        dhGenRetries.set(exchanges);
        return this;
    }

    /**
     * Makes temporary keys created from now on expire after at most {@code lifetime}, whatever
     * {@code expires_in} the client asked for: the DC drops them early and answers their next
     * packet with -404, as Telegram does when it forgets a temporary key.
     *
     * @param lifetime the longest lifetime, or {@code null} to honour {@code expires_in}
     * @return this
     */
    public Knobs tempKeyLifetime(Duration lifetime) {
        this.tempKeyLifetime = lifetime == null ? null : requireNotNegative(lifetime, "lifetime");
        return this;
    }

    /**
     * Refuses the next {@code bindings} {@code auth.bindTempAuthKey} calls with {@code 400 error}
     * (such as {@code ENCRYPTED_MESSAGE_INVALID} for a permanent key the DC still knows), whatever
     * their binding message says.
     *
     * @param error the error message
     * @param bindings how many bindings to refuse
     * @return this
     */
    public Knobs refuseBindings(String error, int bindings) {
        if (bindings < 0) {
            throw new IllegalArgumentException("bindings must not be negative");
        }
        bindingRefusal = error;
        bindingRefusals.set(bindings);
        return this;
    }

    /**
     * Consumes one binding refusal.
     *
     * @return the error to refuse this binding with, or {@code null} to check it
     */
    public String takeBindingRefusal() {
        while (true) {
            int n = bindingRefusals.get();
            if (n <= 0) {
                return null;
            }
            if (bindingRefusals.compareAndSet(n, n - 1)) {
                return bindingRefusal;
            }
        }
    }

    /**
     * Returns the cap on temporary key lifetimes.
     *
     * @return the cap, or {@code null} for none
     */
    public Duration tempKeyLifetime() {
        return tempKeyLifetime;
    }

    /**
     * Returns the current clock skew.
     *
     * @return the skew
     */
    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * Returns the current reply delay.
     *
     * @return the delay
     */
    public Duration replyDelay() {
        return replyDelay;
    }

    /**
     * Consumes the drop-after-messages knob if a connection has reached it.
     *
     * @param received encrypted packets the connection has received so far
     * @return true if the connection must be dropped now
     */
    public boolean takeDropAfter(int received) {
        int n = dropAfterMessages.get();
        return n > 0 && received >= n && dropAfterMessages.compareAndSet(n, 0);
    }

    /**
     * Consumes the drop-before-reply knob for a method.
     *
     * @param method the method whose reply is ready
     * @return true if the connection must be dropped instead of replying
     */
    public boolean takeDropBeforeReply(String method) {
        String m = dropBeforeReplyTo.get();
        return m != null && m.equals(method) && dropBeforeReplyTo.compareAndSet(m, null);
    }

    /**
     * Consumes one flood wait for a method.
     *
     * @param method the method being called
     * @return the seconds to announce, or -1 if the call goes through
     */
    public int takeFloodWait(String method) {
        String only = floodWaitMethod;
        if (only != null && !only.equals(method)) {
            return -1;
        }
        while (true) {
            int n = floodWaitCalls.get();
            if (n <= 0) {
                return -1;
            }
            if (floodWaitCalls.compareAndSet(n, n - 1)) {
                return floodWaitSeconds;
            }
        }
    }

    /**
     * Consumes one dh_gen_retry.
     *
     * @return true if this exchange must be answered with dh_gen_retry once
     */
    public boolean takeDhGenRetry() {
        while (true) {
            int n = dhGenRetries.get();
            if (n <= 0) {
                return false;
            }
            if (dhGenRetries.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }

    private static Duration requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name + " is null");
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return d;
    }
}
