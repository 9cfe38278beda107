package dev.heliograph.tlgen;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A parsed TL schema: its constructors and functions (built-in declarations such as
 * {@code int ? = Int;} are recognised and left out) and its {@code // LAYER N} number, if any.
 *
 * @param combinators constructors and functions in declaration order
 * @param layer the layer, if a {@code // LAYER N} comment was present
 */
public record TlSchema(List<TlCombinator> combinators, OptionalInt layer) {

    /** Normalises the list. */
    public TlSchema {
        combinators = List.copyOf(combinators);
    }

    /**
     * Returns the constructors (declared in {@code ---types---} sections).
     *
     * @return the constructors
     */
    public List<TlCombinator> constructors() {
        return combinators.stream().filter(c -> !c.function()).toList();
    }

    /**
     * Returns the functions (declared in {@code ---functions---} sections).
     *
     * @return the functions
     */
    public List<TlCombinator> functions() {
        return combinators.stream().filter(TlCombinator::function).toList();
    }

    /**
     * Merges schemas (for example {@code mtproto.tl} and {@code api.tl}). The layer is the first
     * one declared.
     *
     * @param parts the schemas
     * @return one schema with all their declarations
     */
    public static TlSchema merge(List<TlSchema> parts) {
        List<TlCombinator> all = new ArrayList<>();
        OptionalInt layer = OptionalInt.empty();
        for (TlSchema part : parts) {
            all.addAll(part.combinators());
            if (layer.isEmpty()) {
                layer = part.layer();
            }
        }
        return new TlSchema(all, layer);
    }
}
