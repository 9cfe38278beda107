package dev.heliograph.client;

import dev.heliograph.error.SessionStoreException;
import java.time.Duration;

/**
 * Observes a {@link HeliographClient}: connections, auth keys, calls, flood waits, migrations and
 * reconnects. Every method has an empty default, so a listener overrides only what it needs.
 *
 * <h2>Rules</h2>
 * Methods are called on the client's internal threads. They must be fast, must not throw, must
 * not do I/O that can block and must not call back into the client. A listener that needs to do
 * more should hand the event to its own executor.
 *
 * <h2>Order</h2>
 * For one login on a new session: {@code connecting → authKeyExchangeStarted → authKeyCreated →
 * connected → rpcStart → rpcEnd}, then on a {@code USER_MIGRATE_X}: {@code migrated} and the same
 * sequence on DC X, and last {@code loginEnded}. A stored session gives {@code authKeyReused}
 * instead of the key exchange.
 *
 * @since 0.1
 */
public interface ClientEventListener {

    /**
     * The client opens a connection to a DC.
     *
     * @param dcId the DC
     */
    default void connecting(int dcId) {
    }

    /**
     * The connection to a DC is open and its encrypted session is ready (also after a reconnect).
     *
     * @param dcId the DC
     */
    default void connected(int dcId) {
    }

    /**
     * This client won the right to create the DC's auth key and started the key exchange.
     *
     * @param dcId the DC
     */
    default void authKeyExchangeStarted(int dcId) {
    }

    /**
     * This client created the DC's auth key and stored it.
     *
     * @param dcId the DC
     * @param authKeyId the new key's id (public: it travels in clear text)
     */
    default void authKeyCreated(int dcId, long authKeyId) {
    }

    /**
     * The client uses a key it did not create now: loaded from the session store, or created by
     * another host sharing the store.
     *
     * @param dcId the DC
     * @param authKeyId the key's id
     */
    default void authKeyReused(int dcId, long authKeyId) {
    }

    /**
     * A {@code botLogin} ended, successfully or not.
     *
     * @param elapsed the time since it was called (loading the session, key creation, migration
     *     and the import included)
     * @param failure the error, or {@code null} on success
     */
    default void loginEnded(Duration elapsed, Throwable failure) {
    }

    /**
     * A call goes out to a DC (once per attempt: retries and migrations start again).
     *
     * @param dcId the DC
     * @param method the TL name of the call, such as {@code auth.importBotAuthorization}
     */
    default void rpcStart(int dcId, String method) {
    }

    /**
     * A call attempt ended.
     *
     * @param dcId the DC
     * @param method the TL name of the call
     * @param elapsed the time since {@link #rpcStart}
     * @param failure the error, or {@code null} on success
     */
    default void rpcEnd(int dcId, String method, Duration elapsed, Throwable failure) {
    }

    /**
     * A call got {@code 420 FLOOD_WAIT_X}.
     *
     * @param method the TL name of the call
     * @param wait the wait the server asked for
     * @param retrying whether the client waits and retries ({@code false}: the call fails)
     */
    default void floodWait(String method, Duration wait, boolean retrying) {
    }

    /**
     * A call got {@code 303 *_MIGRATE_X} and is repeated on DC X.
     *
     * @param method the TL name of the call
     * @param fromDc the DC that answered with the error
     * @param toDc the DC the call is repeated on
     */
    default void migrated(String method, int fromDc, int toDc) {
    }

    /**
     * The connection to a DC was lost and is attempted again after a delay.
     *
     * @param dcId the DC
     * @param attempt 1 for the first attempt after a loss
     * @param delay the back-off before the attempt
     */
    default void reconnecting(int dcId, int attempt, Duration delay) {
    }

    /**
     * This host stopped using an auth key because its lease on the key ended (it could not be
     * renewed in time, or another host took the key): the connection to the DC is closed and the
     * next call leases a key again.
     *
     * @param dcId the DC
     * @param authKeyId the key's id
     * @param cause why
     */
    default void authKeyLeaseLost(int dcId, long authKeyId, Throwable cause) {
    }

    /**
     * The session store set an entry aside that it could not trust (an auth key pool entry that
     * failed its checksum, a lease held by an unknown host); the client carries on without it.
     *
     * @param error what was wrong, of kind {@code CORRUPT}
     */
    default void storeEntryQuarantined(SessionStoreException error) {
    }

    /**
     * This host became the session's update receiver: of the hosts sharing the session through one
     * store, it alone lets updates flow to its connection and hands them to the handlers, starting
     * from the update state stored by the previous receiver (see
     * {@link UpdateSettings#receiverLease()}). A host without election is the receiver once its
     * handlers start.
     *
     * @since 0.3
     */
    default void becameUpdateReceiver() {
    }

    /**
     * This host stopped being the update receiver: its receiver lease could not be renewed in time
     * (a store outage, a long pause) or another host holds it now. It handles no more updates, wraps
     * its calls in {@code invokeWithoutUpdates} again, and reconnects so that the server stops
     * pushing to it; it keeps asking for the role.
     *
     * @param cause why
     * @since 0.3
     */
    default void lostUpdateReceiver(Throwable cause) {
    }

    /**
     * Keeping the update sequences in order ran into trouble, and the client applied the rule the
     * problem's kind describes; delivery goes on.
     *
     * @param problem what happened
     */
    default void updateProblem(UpdateProblem problem) {
    }

    /**
     * An update handler threw; the next update is delivered as usual. Called on the handler's
     * thread.
     *
     * @param update the update it was handling ({@link dev.heliograph.tl.api.Update})
     * @param failure what it threw
     */
    default void updateHandlerFailed(dev.heliograph.tl.api.Update update, Throwable failure) {
    }

    /**
     * Updates entered the handlers' queue, or left it: handled, or dropped at a logout or close. The
     * changes add up to the queue's depth, so one listener serving several clients can sum them.
     *
     * @param change how many updates were added (positive) or removed (negative)
     * @param depth this client's updates queued and not yet handled, after the change
     */
    default void updateQueueChanged(int change, int depth) {
    }

    /**
     * The handlers start on a batch of updates taken from the queue. Called on the handler's thread,
     * before the first handler runs.
     *
     * @param count how many updates the batch holds
     * @param waited how long the batch waited in the queue: from the moment its updates were in
     *     order (for a push that arrived in order, its receipt) to now
     */
    default void updatesDispatched(int count, Duration waited) {
    }
}
