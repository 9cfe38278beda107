package dev.heliograph.mtproto;

import dev.heliograph.error.HeliographException;
import dev.heliograph.tl.TlObject;

/**
 * Observes a {@link DcSender}. Every method has an empty default. Methods are called on the
 * sender's own serial executor: they must be fast, must not throw, must not block and must not
 * wait on the sender.
 */
public interface DcSenderListener {

    /**
     * The transport connection is open and the session is ready to carry calls.
     *
     * @param dcId the DC
     */
    default void connected(int dcId) {
    }

    /**
     * A new auth key was created on this connection (persist it).
     *
     * @param state the key, initial salt and clock offset
     */
    default void authKeyCreated(DcAuthState state) {
    }

    /**
     * A new temporary key is bound to the permanent key and carries the calls from now on (perfect
     * forward secrecy): the server knows nothing of the connection's layer and app under it yet,
     * so the next call should be wrapped in {@code invokeWithLayer(initConnection(...))} again.
     *
     * @param dcId the DC
     * @param tempAuthKeyId the id of the temporary key
     */
    default void tempKeyBound(int dcId, long tempAuthKeyId) {
    }

    /**
     * The salt or the clock offset changed (persist it when convenient).
     *
     * @param state the key with its current salt and offset
     */
    default void authStateChanged(DcAuthState state) {
    }

    /**
     * The connection was lost; a new one will be attempted after {@code delayMillis}.
     *
     * @param dcId the DC
     * @param attempt 1 for the first attempt after a loss
     * @param delayMillis the back-off before it
     * @param cause why the connection was lost
     */
    default void reconnecting(int dcId, int attempt, long delayMillis, HeliographException cause) {
    }

    /**
     * The server created a new session: updates may have been missed.
     *
     * @param dcId the DC
     */
    default void newSession(int dcId) {
    }

    /**
     * The server sent something that is not an answer to a call: an update.
     *
     * @param dcId the DC
     * @param update the decoded object
     */
    default void update(int dcId, TlObject update) {
    }

    /**
     * The sender stopped for good: closed, or a failure it cannot recover from (such as the server
     * no longer knowing the auth key, transport code -404).
     *
     * @param dcId the DC
     * @param cause the failure, or {@code null} after {@link DcSender#close()}
     */
    default void closed(int dcId, HeliographException cause) {
    }
}
