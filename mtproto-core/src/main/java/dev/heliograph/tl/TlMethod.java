package dev.heliograph.tl;

/**
 * A TL function (an RPC request) that knows the type of its result.
 *
 * @param <R> the Java type of the result ({@code List} for vectors, {@code Boolean} for {@code Bool})
 */
public interface TlMethod<R> extends TlObject {

    /**
     * Reads this method's result from the body of an {@code rpc_result}.
     *
     * @param reader positioned at the boxed result
     * @return the decoded result
     * @throws dev.heliograph.error.TlDecodeException if the bytes do not hold a valid result
     */
    R readResult(TlReader reader);
}
