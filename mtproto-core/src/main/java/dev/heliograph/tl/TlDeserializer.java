package dev.heliograph.tl;

/**
 * Reads the bare body of one constructor, after its id has been consumed.
 *
 * @param <T> the type produced
 */
@FunctionalInterface
public interface TlDeserializer<T extends TlObject> {

    /**
     * Reads one body.
     *
     * @param reader positioned just after the constructor id
     * @return the decoded value
     */
    T readBody(TlReader reader);
}
