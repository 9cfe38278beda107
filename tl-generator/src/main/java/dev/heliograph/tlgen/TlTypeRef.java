package dev.heliograph.tlgen;

import java.util.List;

/**
 * A reference to a type in a TL declaration: {@code int}, {@code User}, {@code Vector<long>},
 * {@code vector<%Message>}, {@code !X}.
 *
 * @param name the type or constructor name, namespace included ({@code auth.Authorization})
 * @param percent whether it was written {@code %T} (the bare form of boxed type {@code T})
 * @param bang whether it was written {@code !X} (any function returning {@code X})
 * @param args type arguments ({@code Vector<T>} has one)
 * @param pos where the reference starts in the schema
 */
public record TlTypeRef(String name, boolean percent, boolean bang, List<TlTypeRef> args, Position pos) {

    /** Normalises the argument list. */
    public TlTypeRef {
        args = List.copyOf(args);
    }

    /**
     * Returns whether this is {@code Vector<T>} (boxed) or {@code vector<t>} (bare).
     *
     * @return true for either vector
     */
    public boolean isVector() {
        return (name.equals("Vector") || name.equals("vector")) && args.size() == 1;
    }

    /**
     * Returns whether this reference names a bare type: {@code %T}, the bare vector, or a name
     * whose last segment starts with a lower-case letter (a constructor or a built-in).
     *
     * @return true if no constructor id precedes values of this type
     */
    public boolean isBare() {
        return percent || Character.isLowerCase(simpleName().charAt(0));
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
     * Renders the reference as the schema spells it.
     *
     * @return the TL text
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (bang) {
            sb.append('!');
        }
        if (percent) {
            sb.append('%');
        }
        sb.append(name);
        if (!args.isEmpty()) {
            sb.append('<');
            for (int i = 0; i < args.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(args.get(i));
            }
            sb.append('>');
        }
        return sb.toString();
    }

    /**
     * A place in a schema file.
     *
     * @param file the file name
     * @param line 1-based line
     * @param column 1-based column
     */
    public record Position(String file, int line, int column) {

        /**
         * Builds an error located here.
         *
         * @param problem what is wrong
         * @return the exception
         */
        public TlSchemaException error(String problem) {
            return new TlSchemaException(file, line, column, problem);
        }
    }
}
