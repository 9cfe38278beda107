package dev.heliograph.testdc.internal;

import java.util.LinkedHashMap;
import java.util.Map;

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
    private Map<Long, byte[]> answers;
    private Map<Long, SentMessage> sent;

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
            answers = bounded();
        }
        answers.put(reqMsgId, rpcResultBody);
    }

    byte[] answer(long reqMsgId) {
        return answers == null ? null : answers.get(reqMsgId);
    }

    void rememberSent(SentMessage message) {
        if (sent == null) {
            sent = bounded();
        }
        sent.put(message.msgId(), message);
    }

    SentMessage sent(long msgId) {
        return sent == null ? null : sent.get(msgId);
    }

    private static <V> Map<Long, V> bounded() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > KEPT_ANSWERS;
            }
        };
    }
}
