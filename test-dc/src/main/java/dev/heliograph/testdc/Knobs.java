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
    private volatile Duration updateDelay = Duration.ZERO;
    private volatile boolean duplicateKeyRule = true;
    private volatile Duration duplicateKeyWindow = DEFAULT_DUPLICATE_KEY_WINDOW;
    private volatile int loginFloodLimit = DEFAULT_LOGIN_FLOOD_LIMIT;
    private volatile Duration loginFloodWindow = DEFAULT_LOGIN_FLOOD_WINDOW;

    /** How long a connection that sent nothing still counts as using its key: 60 s. */
    public static final Duration DEFAULT_DUPLICATE_KEY_WINDOW = Duration.ofSeconds(60);
    /** Bot logins allowed per bot within {@link #DEFAULT_LOGIN_FLOOD_WINDOW}: 20. */
    public static final int DEFAULT_LOGIN_FLOOD_LIMIT = 20;
    /** The window of the login flood limit: 60 s. */
    public static final Duration DEFAULT_LOGIN_FLOOD_WINDOW = Duration.ofSeconds(60);

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
     * Delays every update this DC pushes (answers are not delayed).
     *
     * @param delay how long; zero turns the delay off
     * @return this
     */
    public Knobs delayUpdates(Duration delay) {
        this.updateDelay = requireNotNegative(delay, "delay");
        return this;
    }

    /**
     * Turns the duplicate-key rule on (the default) or off: one permanent auth key with live
     * connections from two client IP addresses at once is revoked, each of those connections gets
     * {@code 406 AUTH_KEY_DUPLICATED} for its next call and later packets get -404.
     *
     * @param on whether the rule applies
     * @return this
     */
    public Knobs duplicateKeyRule(boolean on) {
        this.duplicateKeyRule = on;
        return this;
    }

    /**
     * Sets how long after its last packet an open connection still counts as using its key for the
     * duplicate-key rule (default {@link #DEFAULT_DUPLICATE_KEY_WINDOW}).
     *
     * @param window the window, positive
     * @return this
     */
    public Knobs duplicateKeyWindow(Duration window) {
        requireNotNegative(window, "window");
        if (window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.duplicateKeyWindow = window;
        return this;
    }

    /**
     * Sets the login flood limit: more than {@code logins} {@code auth.importBotAuthorization} for
     * one bot within {@code window} are answered with {@code 420 FLOOD_WAIT_X}, X being the seconds
     * until the oldest counted login leaves the window. On by default
     * ({@link #DEFAULT_LOGIN_FLOOD_LIMIT} per {@link #DEFAULT_LOGIN_FLOOD_WINDOW}).
     *
     * @param logins logins allowed per window; 0 turns the limit off
     * @param window the window, positive
     * @return this
     */
    public Knobs loginFloodLimit(int logins, Duration window) {
        requireNotNegative(window, "window");
        if (logins < 0 || window.isZero()) {
            throw new IllegalArgumentException("logins must not be negative and the window must be positive");
        }
        this.loginFloodWindow = window;
        this.loginFloodLimit = logins;
        return this;
    }

    /**
     * Returns the update delay.
     *
     * @return the delay
     */
    public Duration updateDelay() {
        return updateDelay;
    }

    /**
     * Tells whether the duplicate-key rule applies.
     *
     * @return true if on
     */
    public boolean duplicateKeyRule() {
        return duplicateKeyRule;
    }

    /**
     * Returns the duplicate-key rule's window.
     *
     * @return the window
     */
    public Duration duplicateKeyWindow() {
        return duplicateKeyWindow;
    }

    /**
     * Returns how many bot logins the flood limit allows per window.
     *
     * @return the count; 0 when the limit is off
     */
    public int loginFloodLimit() {
        return loginFloodLimit;
    }

    /**
     * Returns the login flood limit's window.
     *
     * @return the window
     */
    public Duration loginFloodWindow() {
        return loginFloodWindow;
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
