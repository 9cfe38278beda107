package dev.heliograph.session;

import dev.heliograph.error.SessionStoreException;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Spreads a session's updates over the hosts that share it: the one host that receives updates
 * from Telegram {@link #append appends} them, and every host (the receiver included)
 * {@link #start consumes} them and runs its handlers. A store offers one through
 * {@link SessionStore#updateQueue}; {@code heliograph-session-redis} implements it with Redis
 * Streams.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Durable before acknowledged.</b> {@link #append} completes once the updates are stored;
 *       the receiver advances its stored update state (pts) only after that, so a crash in between
 *       makes it fetch the updates again, never lose them.</li>
 *   <li><b>At-least-once delivery.</b> Every appended update reaches the handler of some host
 *       until that handler finishes; an update taken by a host that dies before finishing is
 *       handed to another host after the queue's idle time.</li>
 *   <li><b>Once per update in practice.</b> An update whose {@link QueuedUpdate#dedupId} (or, without
 *       one, whose queue entry) was handled within the queue's de-duplication window is not
 *       handed to a handler again. Repeats remain possible only for a host that dies (or loses
 *       its hold on the chat) after its handler finished and before the queue recorded it.</li>
 *   <li><b>Per-chat order.</b> Updates with the same {@link QueuedUpdate#chatKey} are handled one
 *       after another, in append order, by one host at a time.</li>
 *   <li><b>Bad entries are quarantined.</b> An entry the handler refuses (its stage fails with a
 *       {@link dev.heliograph.error.TlDecodeException}) or that the queue cannot read is moved
 *       aside (the Redis queue: to a dead-letter stream) and reported to the {@link Listener} as
 *       a {@link SessionStoreException} of kind {@code CORRUPT}; the queue goes on with the
 *       next.</li>
 *   <li><b>Bounded failures.</b> When the backend is unreachable, {@link #append} fails with
 *       {@code UNAVAILABLE} within the store's operation timeout, consumers report it to the
 *       {@link Listener} and retry; nothing appended is lost.</li>
 * </ul>
 *
 * @since 0.1
 */
public interface UpdateQueue extends AutoCloseable {

    /**
     * Handles one update on a consuming host.
     */
    @FunctionalInterface
    interface Handler {
        /**
         * Runs the host's handlers for an update; the queue hands the next update of the same chat
         * only after the stage completes.
         *
         * @param entryId the queue's id of the entry (for messages)
         * @param update the update
         * @return completes once handled; fails with a
         *     {@link dev.heliograph.error.TlDecodeException} if the payload does not decode (the entry
         *     is then quarantined); any other failure leaves the entry pending, and it is handed out
         *     again later
         */
        CompletionStage<Void> handle(String entryId, QueuedUpdate update);
    }

    /** Hears what goes wrong while consuming. Called on the queue's thread; must not block. */
    @FunctionalInterface
    interface Listener {
        /**
         * Something failed; the queue went on.
         *
         * @param error {@code CORRUPT}: an entry was quarantined; {@code UNAVAILABLE}: the
         *     backend failed and the queue retries
         */
        void failed(SessionStoreException error);
    }

    /**
     * Appends updates, in order.
     *
     * @param updates the updates, oldest first
     * @return completes once all are durable; fails with a {@link SessionStoreException} (then some
     *     may have been stored: appending them again is safe, the consumers skip the repeats by
     *     their {@link QueuedUpdate#dedupId})
     */
    CompletionStage<Void> append(List<QueuedUpdate> updates);

    /**
     * Starts consuming on this host: from now on this host takes its share of the chats and hands
     * their updates to {@code handler}, one at a time, until {@link #close}.
     *
     * @param handler runs the handlers
     * @param listener hears failures
     * @throws IllegalStateException if already started or closed
     */
    void start(Handler handler, Listener listener);

    /**
     * Stops consuming (after the update in hand, bounded wait) and gives this host's share of the
     * chats back so that the other hosts take it over at once. Does not close the store.
     * Idempotent.
     */
    @Override
    void close();
}
