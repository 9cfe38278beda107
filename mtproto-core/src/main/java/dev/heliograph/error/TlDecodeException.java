package dev.heliograph.error;

/**
 * Bytes could not be decoded as the expected TL value: truncated data, a length past the end, an
 * absurd vector count, an unknown constructor id, invalid UTF-8 and so on. It says where: the
 * offset in the buffer and the constructor being read.
 */
public final class TlDecodeException extends HeliographException {

    private static final long serialVersionUID = 1L;

    private final int offset;
    private final int constructorId;

    /**
     * Creates a decode error.
     *
     * @param problem what is wrong
     * @param offset byte offset in the buffer where it was found
     * @param constructorId the constructor being decoded, or 0 at top level
     */
    public TlDecodeException(String problem, int offset, int constructorId) {
        this(problem, offset, constructorId, null);
    }

    /**
     * Creates a decode error with a cause.
     *
     * @param problem what is wrong
     * @param offset byte offset in the buffer where it was found
     * @param constructorId the constructor being decoded, or 0 at top level
     * @param cause the underlying cause
     */
    public TlDecodeException(String problem, int offset, int constructorId, Throwable cause) {
        super(problem + " at offset " + offset
                + (constructorId != 0 ? String.format(" in constructor #%08x", constructorId) : ""), cause);
        this.offset = offset;
        this.constructorId = constructorId;
    }

    /**
     * Returns the byte offset where the problem was found.
     *
     * @return the offset
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns the constructor being decoded when the problem was found.
     *
     * @return the constructor id, or 0 at top level
     */
    public int constructorId() {
        return constructorId;
    }
}
