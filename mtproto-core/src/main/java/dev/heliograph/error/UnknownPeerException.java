package dev.heliograph.error;

/**
 * A request must name a user or channel whose {@code access_hash} the session has never seen
 * (access hashes arrive with updates and results; the client keeps them in the session's peer
 * cache). Nothing was sent.
 */
public final class UnknownPeerException extends HeliographException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which peer is unknown
     */
    public UnknownPeerException(String message) {
        super(message, null);
    }
}
