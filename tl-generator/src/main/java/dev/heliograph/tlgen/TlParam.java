package dev.heliograph.tlgen;

/**
 * One parameter of a TL combinator.
 *
 * @param name the parameter name ({@code server_nonce})
 * @param type its type; {@code null} for a flags word ({@code flags:#})
 * @param flagWord for a conditional field ({@code flags2.3?T}) the flags word it depends on, else {@code null}
 * @param flagBit the bit in {@code flagWord}, or -1
 * @param pos where the parameter starts in the schema
 */
public record TlParam(String name, TlTypeRef type, String flagWord, int flagBit, TlTypeRef.Position pos) {

    /**
     * Returns whether this parameter is a flags word ({@code name:#}).
     *
     * @return true for {@code #}
     */
    public boolean isFlagWord() {
        return type == null;
    }

    /**
     * Returns whether this parameter is present only when a flag bit is set.
     *
     * @return true for {@code flags.N?T}
     */
    public boolean isConditional() {
        return flagWord != null;
    }

    /**
     * Returns whether this is a {@code flags.N?true} parameter, which is carried by the bit alone.
     *
     * @return true for a flag-only boolean
     */
    public boolean isFlagOnly() {
        return isConditional() && type.name().equals("true");
    }
}
