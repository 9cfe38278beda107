package dev.heliograph.error;

/**
 * The root of every error Heliograph raises. The hierarchy is sealed so callers can switch over
 * it exhaustively:
 *
 * <pre>
 * HeliographException
 *  ├── TlDecodeException          bytes that are not a valid TL value
 *  ├── CryptoException            bad input to a cryptographic primitive
 *  ├── SecurityCheckException     a check the protocol requires failed (handshake, msg_key, ...)
 *  ├── ProtocolException          the peer broke the protocol (bad_msg_notification, ...)
 *  ├── TransportException         the connection failed or the server sent a transport error
 *  ├── RpcException               the server answered a call with rpc_error
 *  ├── RequestTimeoutException    no answer in time
 *  ├── RequestCancelledException  the caller, or close(), cancelled the call
 *  ├── SessionStoreException      the session store failed or holds bad data
 *  ├── UnknownPeerException       a request names a peer whose access hash is not known
 *  └── ConfigurationException     the client was configured wrongly
 * </pre>
 *
 * <p>Messages never contain secrets (auth keys, bot tokens, api_hash).
 */
public abstract sealed class HeliographException extends RuntimeException
        permits TlDecodeException, CryptoException, SecurityCheckException, ProtocolException,
                TransportException, RpcException, RequestTimeoutException, RequestCancelledException,
                SessionStoreException, UnknownPeerException, ConfigurationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, without secrets
     * @param cause the underlying cause, or {@code null}
     */
    protected HeliographException(String message, Throwable cause) {
        super(message, cause);
    }
}
