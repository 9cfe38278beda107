package dev.heliograph.client;

import java.util.Objects;
import java.util.Optional;

/**
 * Something went wrong while keeping the update sequences in order, and what the client did about
 * it. Reported to {@link ClientEventListener#updateProblem}; delivery always goes on.
 *
 * @param kind what happened
 * @param detail a human-readable description (no secrets)
 * @param cause the error behind it, or {@code null}
 * @since 0.1
 */
public record UpdateProblem(Kind kind, String detail, Throwable cause) {

    /** What happened, and the rule the client applied. */
    public enum Kind {
        /**
         * An update whose pts or qts is impossible (a negative pts_count, or a pts below its own
         * count: the sequence would go backwards). It was dropped and the difference fetched.
         */
        INVALID_UPDATE,
        /**
         * An update names a user that neither its {@code users} vector nor the peer cache knows
         * (short updates carry no users). It was dropped and the difference fetched at once, which
         * brings the users.
         */
        MISSING_PEERS,
        /**
         * {@code updates.getDifference} (or {@code getChannelDifference}, or {@code getState})
         * failed too often or with a permanent error: the sequence was reset to the server's
         * current state ({@code updates.getState}); updates in the gap are lost.
         */
        GAP_UNFILLABLE,
        /**
         * {@code differenceSlice} answers stopped making progress (or never ended): the sequence
         * was reset to the server's current state; updates in the gap are lost.
         */
        DIFFERENCE_STALLED,
        /**
         * The server answered {@code differenceTooLong}: the common pts jumps to the server's;
         * updates in between are lost (Telegram expects the client to reload what it shows).
         */
        DIFFERENCE_TOO_LONG,
        /**
         * The server answered {@code channelDifferenceTooLong}: the channel's pts jumps to the
         * dialog's; updates in between are lost.
         */
        CHANNEL_DIFFERENCE_TOO_LONG,
        /**
         * A channel's difference cannot be fetched (no access hash known, or the server refused):
         * the channel's sequence is forgotten and restarts with its next update.
         */
        CHANNEL_UNREACHABLE,
        /**
         * The server's state went backwards (a difference or state with a lower pts than already
         * applied): the server's state was taken as is.
         */
        STATE_WENT_BACKWARDS,
        /**
         * The handler queue was full: pushed updates were not taken; they are fetched with
         * {@code updates.getDifference} once the handlers catch up (nothing is lost).
         */
        BACKPRESSURE,
        /**
         * The update queue shared by the hosts of a session (a store's update fan-out, such as
         * Redis Streams) failed: the receiving host retries its append and does not save its
         * update state until the append succeeds; consuming hosts retry too. Nothing is lost.
         */
        FANOUT_UNAVAILABLE
    }

    /**
     * Checks the values.
     *
     * @throws NullPointerException if {@code kind} or {@code detail} is null
     */
    public UpdateProblem {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(detail, "detail is null");
    }

    /**
     * Returns the error behind the problem.
     *
     * @return the cause, if any
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(cause);
    }
}
