package dev.heliograph.testdc;

import dev.heliograph.testdc.internal.Account;
import dev.heliograph.testdc.internal.Messaging;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * A user account of a {@link TestCluster} that a test drives directly, without a client: it sends
 * private messages (to a bot, usually) and reads what was sent to it. Its messages go through the
 * same path as a client's {@code messages.sendMessage}: the bot's authorizations get the update
 * pushed, and {@code updates.getDifference} serves it later.
 *
 * <pre>{@code
 * TestUser alice = cluster.user("9996621234");
 * alice.sendMessage(bot, "/start");
 * PrivateMessage reply = alice.awaitMessageFrom(bot.id(), Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>A client can also log in as this user by phone: {@link #phone()} and {@link #loginCode()}.
 * The cluster hands out one instance per user. Thread-safe.
 */
public final class TestUser {

    private final Account account;
    private final Messaging messaging;
    private final TestCluster cluster;
    /** Per peer, the newest incoming message id {@link #awaitMessageFrom} has returned. */
    private final Map<Long, Integer> seen = new HashMap<>();

    TestUser(Account account, Messaging messaging, TestCluster cluster) {
        this.account = account;
        this.messaging = messaging;
        this.cluster = cluster;
    }

    /**
     * Returns the user id.
     *
     * @return the id
     */
    public long id() {
        return account.id();
    }

    /**
     * Returns the phone number (a test number, {@code 99966XYYYY}).
     *
     * @return the digits
     */
    public String phone() {
        return account.phone();
    }

    /**
     * Returns the code {@code auth.signIn} accepts for this phone: the home DC id five times.
     *
     * @return the code
     */
    public String loginCode() {
        return String.valueOf(account.homeDc()).repeat(5);
    }

    /**
     * Returns the display name.
     *
     * @return the first name
     */
    public String firstName() {
        return account.firstName();
    }

    /**
     * Returns the username.
     *
     * @return the username without {@code @}, or null
     */
    public String username() {
        return account.username();
    }

    /**
     * Returns the DC the account lives in (the X of its phone number).
     *
     * @return the DC id
     */
    public int homeDc() {
        return account.homeDc();
    }

    /**
     * Returns the access hash clients use for this user ({@code inputUser}, {@code inputPeerUser}).
     *
     * @return the hash
     */
    public long accessHash() {
        return account.accessHash();
    }

    /**
     * Sends a message to a bot.
     *
     * @param bot the bot
     * @param text the text (1..4096 UTF-16 units)
     * @return the message id in this user's id space
     * @throws dev.heliograph.error.RpcException as {@code messages.sendMessage} would fail
     */
    public int sendMessage(Bot bot, String text) {
        return sendMessage(bot.id(), text, 0);
    }

    /**
     * Sends a message to any account of the cluster.
     *
     * @param peerId the recipient's user id
     * @param text the text (1..4096 UTF-16 units)
     * @param replyToId the id (this user's space) of a message it answers, or 0
     * @return the message id in this user's id space
     * @throws dev.heliograph.error.RpcException as {@code messages.sendMessage} would fail
     */
    public int sendMessage(long peerId, String text, int replyToId) {
        Objects.requireNonNull(text, "text is null");
        return messaging.sendAs(account, peerId, text, replyToId, ThreadLocalRandom.current().nextLong()).id();
    }

    /**
     * Returns this user's copies of the messages exchanged with a peer and still kept, oldest first.
     *
     * @param peerId the peer, or 0 for all peers
     * @return the messages
     */
    public List<PrivateMessage> messages(long peerId) {
        return messaging.messagesOf(account.id(), peerId);
    }

    /**
     * Waits for the next message from a peer that no earlier call returned.
     *
     * @param peerId the sender
     * @param timeout how long to wait
     * @return the message
     * @throws TimeoutException if none arrives in time
     * @throws InterruptedException if interrupted while waiting
     */
    public PrivateMessage awaitMessageFrom(long peerId, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (this) {
                int last = seen.getOrDefault(peerId, 0);
                for (PrivateMessage m : messages(peerId)) {
                    if (!m.out() && m.id() > last) {
                        seen.put(peerId, m.id());
                        return m;
                    }
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new TimeoutException("no message from " + peerId + " to user " + id() + " within " + timeout);
            }
            Thread.sleep(5);
        }
    }

    /**
     * Drops this user's next {@code n} update pushes (see {@link TestCluster#dropUpdates}).
     *
     * @param n how many
     */
    public void dropUpdates(int n) {
        cluster.dropUpdates(id(), n);
    }

    @Override
    public String toString() {
        return "TestUser[id=" + id() + ", phone=" + phone() + ", username=" + username() + "]";
    }
}
