package dev.heliograph.mtproto.internal.engine;

import dev.heliograph.error.HeliographException;
import dev.heliograph.tl.TlReader;

/** What the engine extracted from a received packet for the sender to act on. */
public sealed interface Inbound {

    /**
     * The answer to a request: an {@code rpc_result} body, a {@code pong} or {@code future_salts}.
     *
     * @param request the request answered
     * @param reader positioned at the boxed answer (gzip_packed already unwrapped)
     */
    record Result(OutMessage request, TlReader reader) implements Inbound {
    }

    /**
     * A request failed: an {@code rpc_error} ({@link dev.heliograph.error.RpcException}) or a
     * {@code bad_msg_notification} the engine cannot recover from
     * ({@link dev.heliograph.error.ProtocolException}).
     *
     * @param request the request
     * @param error the typed error
     */
    record Failed(OutMessage request, HeliographException error) implements Inbound {
    }

    /**
     * A message that is not a service message nor an answer: updates.
     *
     * @param msgId its msg_id
     * @param reader positioned at the boxed object
     */
    record Update(long msgId, TlReader reader) implements Inbound {
    }

    /**
     * The server created a new session for us ({@code new_session_created}); updates may have been
     * missed.
     *
     * @param firstMsgId the first msg_id of ours the new session covers
     */
    record NewSession(long firstMsgId) implements Inbound {
    }
}
