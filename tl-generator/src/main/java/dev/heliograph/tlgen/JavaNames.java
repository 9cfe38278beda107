package dev.heliograph.tlgen;

import java.util.Set;

/**
 * The naming rules of generated code (the contract other modules code against).
 *
 * <ul>
 *   <li>Type and class names: split the TL name on {@code _}, upper-case the first letter of
 *       each part and keep the rest: {@code server_DH_params_ok} -> {@code ServerDHParamsOk},
 *       {@code resPQ} -> {@code ResPQ}.</li>
 *   <li>Field names: snake_case to lowerCamel ({@code server_nonce} -> {@code serverNonce});
 *       Java keywords and names a record cannot use get a trailing {@code _}.</li>
 * </ul>
 */
public final class JavaNames {

    private static final Set<String> RESERVED = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits",
            "_",
            // accessors a record may not declare, and members every generated record has
            "clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait", "equals",
            "builder", "readBody", "constructorId", "serialize", "serializeBody", "readResult",
            // would obscure the fully qualified names generated code uses
            "dev", "java");

    private JavaNames() {
    }

    /**
     * Returns the Java class name of a TL type, constructor or function name (namespace ignored).
     *
     * @param tlName the TL name, e.g. {@code p_q_inner_data_dc} or {@code auth.authorization}
     * @return the class name, e.g. {@code PQInnerDataDc}
     */
    public static String className(String tlName) {
        String simple = tlName.substring(tlName.lastIndexOf('.') + 1);
        StringBuilder sb = new StringBuilder();
        for (String part : simple.split("_")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        return sb.toString();
    }

    /**
     * Returns the Java field (record component) name of a TL parameter.
     *
     * @param tlName the parameter name, e.g. {@code server_nonce}
     * @return the field name, e.g. {@code serverNonce}
     */
    public static String fieldName(String tlName) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : tlName.toCharArray()) {
            if (c == '_') {
                upper = sb.length() > 0;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        String name = sb.length() == 0 ? "_" : sb.toString();
        return RESERVED.contains(name) ? name + "_" : name;
    }

    /**
     * Returns the Java package of a TL namespace under a base package.
     *
     * @param basePackage e.g. {@code dev.heliograph.tl.api}
     * @param namespace e.g. {@code auth}, or empty
     * @return e.g. {@code dev.heliograph.tl.api.auth}
     */
    public static String packageName(String basePackage, String namespace) {
        return namespace.isEmpty() ? basePackage : basePackage + "." + namespace;
    }
}
