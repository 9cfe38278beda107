package dev.heliograph.testdc.internal;

/**
 * One client session of an auth key: the msg_ids received (for duplicates and
 * {@code msgs_state_req}), the seq_no bookkeeping of both directions, and the latest answers (so
 * that a repeated request is answered again instead of run again). Callers synchronize on the
 * instance.
 */
final class SessionState {

    private static final int KEPT_ANSWERS = 32;

    final long sessionId;
    final MsgIdWindow received = new MsgIdWindow();
    long maxClientMsgId;
    int seqNoOfMaxClientMsgId;
    int serverContentMessages;
    private Recent<byte[]> answers;
    private Recent<SentMessage> sent;

    /** A message the server sent, kept for {@code msg_resend_req}. */
    record SentMessage(long msgId, int seqNo, byte[] body) {
    }

    SessionState(long sessionId) {
        this.sessionId = sessionId;
    }

    int nextSeqNo(boolean contentRelated) {
        if (contentRelated) {
            return 2 * serverContentMessages++ + 1;
        }
        return 2 * serverContentMessages;
    }

    void rememberAnswer(long reqMsgId, byte[] rpcResultBody) {
        if (answers == null) {
            answers = new Recent<>();
        }
        answers.put(reqMsgId, rpcResultBody);
    }

    byte[] answer(long reqMsgId) {
        return answers == null ? null : answers.get(reqMsgId);
    }

    void rememberSent(SentMessage message) {
        if (sent == null) {
            sent = new Recent<>();
        }
        sent.put(message.msgId(), message);
    }

    SentMessage sent(long msgId) {
        return sent == null ? null : sent.get(msgId);
    }

    /**
     * The latest {@link #KEPT_ANSWERS} values by msg_id: a ring, since every message the DC takes
     * or sends is remembered and lookups (resends, repeated requests) are rare.
     */
    private static final class Recent<V> {
        private final long[] ids = new long[KEPT_ANSWERS];
        private final Object[] values = new Object[KEPT_ANSWERS];
        private int next;

        void put(long id, V value) {
            int at = indexOf(id);
            if (at < 0) {
                at = next;
                next = (next + 1) % KEPT_ANSWERS;
                ids[at] = id;
            }
            values[at] = value;
        }

        @SuppressWarnings("unchecked")
        V get(long id) {
            int at = indexOf(id);
            return at < 0 ? null : (V) values[at];
        }

        private int indexOf(long id) {
            for (int i = 0; i < KEPT_ANSWERS; i++) {
                if (ids[i] == id && values[i] != null) {
                    return i;
                }
            }
            return -1;
        }
    }
}
