package dev.heliograph.testdc.internal;

/**
 * One formatting entity of a message, kept in a layer-neutral form: {@code type} is the
 * constructor id, the same in every supported layer except blockquote (kept as
 * {@link Ids#ENTITY_BLOCKQUOTE_144} and written in each layer's shape).
 *
 * @param type the {@code messageEntity*} constructor id
 * @param offset offset in UTF-16 code units
 * @param length length in UTF-16 code units
 * @param text {@code language} of pre, {@code url} of textUrl, else null
 * @param number {@code user_id} of mentionName, {@code document_id} of customEmoji, else 0
 */
record Entity(int type, int offset, int length, String text, long number) {
}
