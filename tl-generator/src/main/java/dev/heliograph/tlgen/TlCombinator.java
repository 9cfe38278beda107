package dev.heliograph.tlgen;

import java.util.List;

/**
 * A constructor or function declared in a TL schema.
 *
 * @param name full name, namespace included ({@code auth.authorization})
 * @param id the constructor id, explicit or computed
 * @param explicitId whether the schema wrote {@code #id}
 * @param function whether it was declared in a {@code ---functions---} section
 * @param typeVar the name of the generic parameter ({@code X} in {@code {X:Type}}), or {@code null}
 * @param params the parameters, in wire order
 * @param result the type it constructs or the function returns
 * @param line the schema text of the declaration, normalised to one line
 * @param pos where the declaration starts
 */
public record TlCombinator(String name, int id, boolean explicitId, boolean function, String typeVar,
        List<TlParam> params, TlTypeRef result, String line, TlTypeRef.Position pos) {

    /** Normalises the parameter list. */
    public TlCombinator {
        params = List.copyOf(params);
    }

    /**
     * Returns the namespace ({@code auth} for {@code auth.authorization}), or the empty string.
     *
     * @return the namespace
     */
    public String namespace() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    /**
     * Returns the name without its namespace.
     *
     * @return the simple name
     */
    public String simpleName() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    /**
     * Returns whether any parameter is a flags word.
     *
     * @return true if the combinator has flags
     */
    public boolean hasFlags() {
        return params.stream().anyMatch(TlParam::isFlagWord);
    }
}
