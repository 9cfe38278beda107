package dev.heliograph.error;

import java.util.OptionalInt;

/**
 * The connection failed: it could not be opened, was closed, broke the framing, or the server sent
 * a transport error code (-404 unknown auth key, -429 too many connections, -444 invalid DC).
 */
public final class TransportException extends HeliographException {

    private static final long serialVersionUID = 1L;

    /** What kind of transport failure this is. */
    public enum Kind {
        /** Connecting failed or timed out. */
        CONNECT,
        /** The connection was closed or reset. */
        CLOSED,
        /** The peer's bytes broke the framing (bad length, sequence number or CRC). */
        FRAMING,
        /** A frame longer than the configured maximum was announced. */
        FRAME_TOO_LARGE,
        /** The server sent a negative transport error code; see {@link #status()}. */
        SERVER_CODE,
        /** Any other I/O failure. */
        IO
    }

    /** The transport error code of a server that does not know the packet's auth key (it forgot it). */
    public static final int AUTH_KEY_NOT_FOUND = -404;

    private final Kind kind;
    private final int status;

    /**
     * Creates the exception.
     *
     * @param kind what failed
     * @param message details
     * @param cause the underlying cause, or {@code null}
     */
    public TransportException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = 0;
    }

    private TransportException(int status) {
        super("transport error " + status + describe(status), null);
        this.kind = Kind.SERVER_CODE;
        this.status = status;
    }

    /**
     * Creates the exception for a transport error code sent by the server.
     *
     * @param status the negative code, such as -404
     * @return the exception
     */
    public static TransportException serverCode(int status) {
        return new TransportException(status);
    }

    private static String describe(int status) {
        return switch (status) {
            case AUTH_KEY_NOT_FOUND -> " (auth key not found)";
            case -429 -> " (too many connections or transport flood)";
            case -444 -> " (invalid DC)";
            default -> "";
        };
    }

    /**
     * Returns what failed.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the transport error code sent by the server.
     *
     * @return the negative code, present when {@link #kind()} is {@link Kind#SERVER_CODE}
     */
    public OptionalInt status() {
        return kind == Kind.SERVER_CODE ? OptionalInt.of(status) : OptionalInt.empty();
    }

    /**
     * Tells whether the server said it does not know the auth key ({@value #AUTH_KEY_NOT_FOUND}):
     * the key is gone for good, and a new one must be created.
     *
     * @return {@code true} for the server code {@value #AUTH_KEY_NOT_FOUND}
     */
    public boolean authKeyNotFound() {
        return kind == Kind.SERVER_CODE && status == AUTH_KEY_NOT_FOUND;
    }
}
