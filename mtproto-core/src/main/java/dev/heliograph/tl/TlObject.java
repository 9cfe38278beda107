package dev.heliograph.tl;

/**
 * A value of a TL constructor: something that can be written to the wire.
 *
 * <p>Generated types implement this interface; every implementation is immutable. The boxed form
 * (constructor id followed by the body) is what {@link #serialize(TlWriter)} writes; the bare form
 * is {@link #serializeBody(TlWriter)}.
 */
public interface TlObject {

    /**
     * Returns the constructor id of this value, as declared in the schema ({@code name#id}).
     *
     * @return the 32-bit constructor id
     */
    int constructorId();

    /**
     * Returns the schema name of this value's constructor or method, as declared in the schema
     * ({@code auth.importBotAuthorization}); the generator emits it, so nothing rebuilds it from
     * Java class names.
     *
     * @return the TL name
     */
    String tlName();

    /**
     * Writes the bare body of this value: its fields, without the constructor id.
     *
     * @param writer where to write
     */
    void serializeBody(TlWriter writer);

    /**
     * Writes the boxed form of this value: the constructor id, then the body.
     *
     * @param writer where to write
     */
    default void serialize(TlWriter writer) {
        writer.writeInt(constructorId());
        serializeBody(writer);
    }
}
