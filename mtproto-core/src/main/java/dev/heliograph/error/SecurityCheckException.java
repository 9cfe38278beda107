package dev.heliograph.error;

/**
 * A check that the protocol requires failed: the peer sent something that a correct, honest peer
 * never sends (a wrong nonce, a bad hash, an untrusted key, an unsafe DH parameter, a msg_key that
 * does not match). The connection or handshake that produced it must be abandoned.
 */
public final class SecurityCheckException extends HeliographException {

    private static final long serialVersionUID = 1L;

    /** Which check failed. */
    public enum Check {
        /** The nonce echoed by the peer is not ours. */
        NONCE,
        /** The server_nonce differs from the one in resPQ. */
        SERVER_NONCE,
        /** new_nonce, or a hash of it, does not match. */
        NEW_NONCE_HASH,
        /** None of the offered RSA fingerprints is trusted, or the fingerprint is unknown. */
        FINGERPRINT,
        /** The SHA-1 over a decrypted answer does not match. */
        ANSWER_HASH,
        /** A decrypted answer has a bad length, padding or alignment. */
        ANSWER_LENGTH,
        /** pq is not a product of two primes in range. */
        PQ,
        /** dh_prime is not a safe 2048-bit prime. */
        DH_PRIME,
        /** g is not allowed or fails the quadratic-residue rule for dh_prime. */
        DH_G,
        /** g_a or g_b is outside (2^{2048-64}, dh_prime - 2^{2048-64}). */
        DH_RANGE,
        /** RSA decryption or padding check failed. */
        RSA,
        /** auth_key_id of an encrypted message is not the key's. */
        AUTH_KEY_ID,
        /** msg_key of an encrypted message does not match its content. */
        MSG_KEY,
        /** The encrypted message's length or padding is out of bounds. */
        MESSAGE_LENGTH,
        /** session_id of an encrypted message is not ours. */
        SESSION_ID,
        /** msg_id is of the wrong parity, too old, too new or a duplicate. */
        MSG_ID,
        /** A plaintext message is malformed. */
        PLAINTEXT
    }

    private final Check check;

    /**
     * Creates the exception.
     *
     * @param check which check failed
     * @param message details, without secrets
     */
    public SecurityCheckException(Check check, String message) {
        super(check + ": " + message, null);
        this.check = check;
    }

    /**
     * Returns which check failed.
     *
     * @return the check
     */
    public Check check() {
        return check;
    }
}
