package dev.heliograph.testdc.internal;

import java.util.Arrays;

/**
 * One account's copy of a private message (each side of a private chat has its own message ids
 * and pts). Immutable: an edit stores a new version.
 *
 * @param id the message id in the owner's id space
 * @param peerId the other side of the chat
 * @param out whether the owner sent it
 * @param date when it was sent
 * @param text the text
 * @param entities its formatting
 * @param replyTo the id (owner's space) it answers, or 0
 * @param editDate when it was last edited, or 0
 * @param randomId the sender's random_id (0 on the recipient's copy)
 * @param peerMsgId the id of the other side's copy
 * @param pts the pts of the event that stored this version
 */
record StoredMessage(int id, long peerId, boolean out, int date, String text, Entity[] entities, int replyTo,
        int editDate, long randomId, int peerMsgId, int pts) {

    /** Tells whether a message has the same content (text and formatting). */
    boolean sameContent(String otherText, Entity[] otherEntities) {
        return text.equals(otherText) && Arrays.equals(entities, otherEntities);
    }

    StoredMessage edited(String newText, Entity[] newEntities, int when, int newPts) {
        return new StoredMessage(id, peerId, out, date, newText, newEntities, replyTo, when, randomId, peerMsgId,
                newPts);
    }
}
