package dev.heliograph.tlgen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a {@link TlSchema} into Java 17 sources for the Heliograph TL runtime
 * ({@code dev.heliograph.tl}).
 *
 * <p>For every abstract type a {@code sealed interface}; for every constructor an immutable
 * {@code record} implementing it; for every function a record implementing {@code TlMethod<R>};
 * builders for combinators with flags; and a schema class with {@code registry()} (and
 * {@code LAYER} when the schema declares one). Serialisation is plain generated code: no
 * reflection.
 *
 * <p>{@code Bool} maps to {@code boolean} (its constructors are not generated); the vector,
 * {@code gzip_packed}, {@code rpc_result} and {@code msg_container} constructors are handled by the
 * runtime. Every type a declaration references must be declared: a missing one is a
 * {@link TlSchemaException} at the reference.
 */
public final class JavaGenerator {

    /**
     * Fields redacted from {@code toString()} when the build configures none. {@code bytes} values
     * are already hidden by {@code Bytes.toString()}; these cover secrets held in strings.
     */
    public static final List<String> DEFAULT_SECRET_FIELDS = List.of(
            "api_hash", "bot_auth_token", "phone_code", "password", "token", "secret", "new_nonce",
            "encrypted_*", "auth.exportedAuthorization.bytes", "auth.importAuthorization.bytes");

    private static final String RT = "dev.heliograph.tl.";
    private static final String READER = RT + "TlReader";
    private static final String WRITER = RT + "TlWriter";
    private static final int REGISTRY_CHUNK = 200;

    private final TlSchema schema;
    private final String basePackage;
    private final String schemaClassName;
    private final List<String> secretFields;

    private final Map<String, TlCombinator> constructors = new LinkedHashMap<>();
    private final Map<String, List<TlCombinator>> types = new LinkedHashMap<>();
    private final List<TlCombinator> functions = new ArrayList<>();
    private final Map<String, String> typeClass = new HashMap<>();
    private final Map<String, String> combinatorClass = new HashMap<>();

    /**
     * Prepares a generator and checks the schema: unique names and ids, every referenced type
     * declared.
     *
     * @param schema the schema
     * @param basePackage package of the generated code, e.g. {@code dev.heliograph.tl.api}
     * @param schemaClassName simple name of the schema class, e.g. {@code ApiSchema}
     * @param secretFields fields whose values {@code toString()} hides: {@code name},
     *        {@code constructor.name}, or a prefix ending in {@code *}
     * @throws TlSchemaException if the schema is inconsistent
     */
    public JavaGenerator(TlSchema schema, String basePackage, String schemaClassName, List<String> secretFields) {
        this.schema = schema;
        this.basePackage = basePackage;
        this.schemaClassName = schemaClassName;
        this.secretFields = List.copyOf(secretFields);
        index();
        check();
    }

    /**
     * Returns the constructors that get a record ({@code Bool}'s are left out), in schema order.
     *
     * @return the constructors
     */
    public List<TlCombinator> constructors() {
        return List.copyOf(constructors.values());
    }

    /**
     * Returns the functions, in schema order.
     *
     * @return the functions
     */
    public List<TlCombinator> functions() {
        return List.copyOf(functions);
    }

    /**
     * Returns the fully qualified Java class generated for a constructor or function.
     *
     * @param combinator one of {@link #constructors()} or {@link #functions()}
     * @return the class name, e.g. {@code dev.heliograph.tl.api.BaseUser}
     * @throws IllegalArgumentException if the combinator is not generated
     */
    public String javaClass(TlCombinator combinator) {
        String fqcn = combinatorClass.get(combinator.name());
        if (fqcn == null) {
            throw new IllegalArgumentException("not generated: " + combinator.name());
        }
        return fqcn;
    }

    /**
     * Returns the fully qualified Java interface generated for an abstract type.
     *
     * @param tlType the TL type name, e.g. {@code auth.Authorization}
     * @return the interface name, e.g. {@code dev.heliograph.tl.api.auth.Authorization}
     * @throws IllegalArgumentException if no such type is generated
     */
    public String javaInterface(String tlType) {
        String fqcn = typeClass.get(tlType);
        if (fqcn == null) {
            throw new IllegalArgumentException("not generated: " + tlType);
        }
        return fqcn;
    }

    /**
     * Returns the constructors of an abstract type.
     *
     * @param tlType the TL type name
     * @return its constructors, or an empty list for an unknown type
     */
    public List<TlCombinator> constructorsOf(String tlType) {
        return List.copyOf(types.getOrDefault(tlType, List.of()));
    }

    // ---------------------------------------------------------------- indexing and checking

    private void index() {
        Map<Integer, TlCombinator> ids = new HashMap<>();
        Map<String, TlCombinator> functionNames = new HashMap<>();
        for (TlCombinator c : schema.combinators()) {
            if (!c.function() && c.result().name().equals("Bool")) {
                continue; // boolTrue/boolFalse: Bool is a Java boolean
            }
            TlCombinator clash = ids.putIfAbsent(c.id(), c);
            if (clash != null) {
                throw c.pos().error(String.format("constructor id #%08x of %s is already used by %s (%s)",
                        c.id(), c.name(), clash.name(), clash.pos().file() + ":" + clash.pos().line()));
            }
            if (c.function()) {
                if (functionNames.putIfAbsent(c.name(), c) != null) {
                    throw c.pos().error("function " + c.name() + " is declared twice");
                }
                functions.add(c);
            } else {
                if (constructors.putIfAbsent(c.name(), c) != null) {
                    throw c.pos().error("constructor " + c.name() + " is declared twice");
                }
                if (c.result().name().equals("Object") || c.result().name().equals("Type")
                        || Character.isLowerCase(c.result().simpleName().charAt(0))) {
                    throw c.result().pos().error("a constructor's type must be a capitalised type name, not '"
                            + c.result().name() + "'");
                }
                types.computeIfAbsent(c.result().name(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<String, String> owners = new HashMap<>();
        for (String type : types.keySet()) {
            String fqcn = JavaNames.packageName(basePackage, namespace(type)) + "." + JavaNames.className(type);
            claim(owners, fqcn, "type " + type, types.get(type).get(0).result().pos());
            typeClass.put(type, fqcn);
        }
        for (TlCombinator c : constructors.values()) {
            String pkg = JavaNames.packageName(basePackage, c.namespace());
            String simple = JavaNames.className(c.name());
            // Case-insensitive, so that jsonObjectValue/JSONObjectValue do not collide on macOS or
            // Windows; repeated, because a type may itself be called BaseX (theme vs BaseTheme).
            while (isTypeClass(pkg + "." + simple)) {
                simple = "Base" + simple;
            }
            claim(owners, pkg + "." + simple, "constructor " + c.name(), c.pos());
            combinatorClass.put(c.name(), pkg + "." + simple);
        }
        for (TlCombinator f : functions) {
            String fqcn = JavaNames.packageName(basePackage + ".functions", f.namespace()) + "."
                    + JavaNames.className(f.name());
            claim(owners, fqcn, "function " + f.name(), f.pos());
            combinatorClass.put(f.name(), fqcn);
        }
        claim(owners, basePackage + "." + schemaClassName, "the schema class", new TlTypeRef.Position("-", 1, 1));
    }

    private boolean isTypeClass(String fqcn) {
        return typeClass.values().stream().anyMatch(fqcn::equalsIgnoreCase);
    }

    private static void claim(Map<String, String> owners, String fqcn, String what, TlTypeRef.Position pos) {
        String other = owners.putIfAbsent(fqcn.toLowerCase(java.util.Locale.ROOT), what);
        if (other != null) {
            throw pos.error(what + " maps to Java class " + fqcn + ", which " + other + " already uses");
        }
    }

    private static String namespace(String tlName) {
        int dot = tlName.lastIndexOf('.');
        return dot < 0 ? "" : tlName.substring(0, dot);
    }

    private void check() {
        List<TlCombinator> all = new ArrayList<>(constructors.values());
        all.addAll(functions);
        for (TlCombinator c : all) {
            for (TlParam p : c.params()) {
                if (!p.isFlagWord() && !p.isFlagOnly()) {
                    resolve(p.type(), c.typeVar());
                }
            }
            if (c.function()) {
                JType result = resolve(c.result(), c.typeVar());
                if (result instanceof TypeVar && c.params().stream().noneMatch(
                        p -> !p.isFlagWord() && p.type().bang() && !p.isConditional())) {
                    throw c.result().pos().error("a generic result needs a mandatory '!" + c.typeVar() + "' parameter");
                }
            }
        }
    }

    // ---------------------------------------------------------------- Java view of TL types

    private enum Prim {
        INT("int", "java.lang.Integer", 4, "Int"),
        LONG("long", "java.lang.Long", 8, "Long"),
        DOUBLE("double", "java.lang.Double", 8, "Double"),
        STRING("java.lang.String", "java.lang.String", 4, "String"),
        BYTES(RT + "Bytes", RT + "Bytes", 4, "Bytes"),
        INT128(RT + "Bytes", RT + "Bytes", 16, "Int128"),
        INT256(RT + "Bytes", RT + "Bytes", 32, "Int256"),
        BOOL("boolean", "java.lang.Boolean", 4, "Bool");

        final String plain;
        final String boxed;
        final int size;
        final String io;

        Prim(String plain, String boxed, int size, String io) {
            this.plain = plain;
            this.boxed = boxed;
            this.size = size;
            this.io = io;
        }
    }

    private sealed interface JType permits PrimType, Boxed, Bare, Vec, AnyObject, Method, TypeVar {
    }

    private record PrimType(Prim prim) implements JType {
    }

    private record Boxed(String type) implements JType {
    }

    private record Bare(TlCombinator constructor) implements JType {
    }

    private record Vec(JType element, boolean boxed) implements JType {
    }

    private record AnyObject() implements JType {
    }

    private record Method(String var) implements JType {
    }

    private record TypeVar(String var) implements JType {
    }

    private JType resolve(TlTypeRef ref, String typeVar) {
        if (ref.bang()) {
            return new Method(ref.name());
        }
        if (ref.name().equals(typeVar)) {
            return new TypeVar(typeVar);
        }
        if (ref.isVector()) {
            return new Vec(resolve(ref.args().get(0), typeVar), ref.name().equals("Vector") && !ref.percent());
        }
        if (ref.percent()) {
            List<TlCombinator> cs = types.get(ref.name());
            if (cs == null) {
                throw ref.pos().error("unknown type '" + ref.name() + "'");
            }
            if (cs.size() != 1) {
                throw ref.pos().error("'%" + ref.name() + "' needs a type with exactly one constructor, it has "
                        + cs.size());
            }
            return new Bare(cs.get(0));
        }
        switch (ref.name()) {
            case "int": return new PrimType(Prim.INT);
            case "long": return new PrimType(Prim.LONG);
            case "double": return new PrimType(Prim.DOUBLE);
            case "string": return new PrimType(Prim.STRING);
            case "bytes": return new PrimType(Prim.BYTES);
            case "int128": return new PrimType(Prim.INT128);
            case "int256": return new PrimType(Prim.INT256);
            case "Bool": return new PrimType(Prim.BOOL);
            case "Object": return new AnyObject();
            default: break;
        }
        if (ref.isBare()) {
            TlCombinator c = constructors.get(ref.name());
            if (c == null) {
                throw ref.pos().error("unknown constructor '" + ref.name() + "' used as a bare type");
            }
            return new Bare(c);
        }
        if (!types.containsKey(ref.name())) {
            throw ref.pos().error("unknown type '" + ref.name() + "'");
        }
        return new Boxed(ref.name());
    }

    private String javaType(JType t, boolean boxed) {
        if (t instanceof PrimType p) {
            return boxed ? p.prim().boxed : p.prim().plain;
        } else if (t instanceof Boxed b) {
            return typeClass.get(b.type());
        } else if (t instanceof Bare b) {
            return combinatorClass.get(b.constructor().name());
        } else if (t instanceof Vec v) {
            return "java.util.List<" + javaType(v.element(), true) + ">";
        } else if (t instanceof AnyObject) {
            return RT + "TlObject";
        } else if (t instanceof Method m) {
            return RT + "TlMethod<" + m.var() + ">";
        } else {
            return ((TypeVar) t).var();
        }
    }

    private int minSize(JType t, Set<String> visiting) {
        if (t instanceof PrimType p) {
            return p.prim().size;
        } else if (t instanceof Vec v) {
            return v.boxed() ? 8 : 4;
        } else if (t instanceof Bare b) {
            TlCombinator c = b.constructor();
            if (!visiting.add(c.name())) {
                return 0;
            }
            int size = 0;
            for (TlParam p : c.params()) {
                if (p.isFlagWord()) {
                    size += 4;
                } else if (!p.isConditional()) {
                    size += minSize(resolve(p.type(), c.typeVar()), visiting);
                }
            }
            visiting.remove(c.name());
            return size;
        }
        return 4;
    }

    private String readExpr(JType t, String r, int depth) {
        if (t instanceof PrimType p) {
            return r + ".read" + p.prim().io + "()";
        } else if (t instanceof Boxed b) {
            return r + ".readObject(" + typeClass.get(b.type()) + ".class)";
        } else if (t instanceof Bare b) {
            return combinatorClass.get(b.constructor().name()) + ".readBody(" + r + ")";
        } else if (t instanceof Vec v) {
            String var = "$r" + depth;
            return r + (v.boxed() ? ".readVector(" : ".readBareVector(") + minSize(v.element(), new HashSet<>())
                    + ", " + var + " -> " + readExpr(v.element(), var, depth + 1) + ")";
        } else if (t instanceof AnyObject) {
            return r + ".readObject()";
        } else if (t instanceof Method) {
            return r + ".readObject(" + RT + "TlMethod.class)";
        }
        throw new IllegalStateException("a type variable is only a function result");
    }

    private void writeStmt(StringBuilder out, String indent, JType t, String v, int depth) {
        if (t instanceof PrimType p) {
            out.append(indent).append("$w.write").append(p.prim().io).append('(').append(v).append(");\n");
        } else if (t instanceof Bare) {
            out.append(indent).append(v).append(".serializeBody($w);\n");
        } else if (t instanceof Vec vec) {
            JType e = vec.element();
            if (vec.boxed() && (e instanceof Boxed || e instanceof AnyObject)) {
                out.append(indent).append("$w.writeObjectVector(").append(v).append(");\n");
            } else if (vec.boxed() && e instanceof PrimType p && (p.prim() == Prim.INT || p.prim() == Prim.LONG)) {
                out.append(indent).append("$w.write").append(p.prim().io).append("Vector(").append(v).append(");\n");
            } else {
                if (vec.boxed()) {
                    out.append(indent).append("$w.writeInt(" + WRITER + ".VECTOR_ID);\n");
                }
                out.append(indent).append("$w.writeInt(").append(v).append(".size());\n");
                String var = "$e" + depth;
                out.append(indent).append("for (").append(javaType(e, true)).append(' ').append(var)
                        .append(" : ").append(v).append(") {\n");
                writeStmt(out, indent + "    ", e, var, depth + 1);
                out.append(indent).append("}\n");
            }
        } else {
            out.append(indent).append(v).append(".serialize($w);\n");
        }
    }

    // ---------------------------------------------------------------- output

    /**
     * Generates all sources.
     *
     * @return relative file path (e.g. {@code dev/heliograph/tl/api/User.java}) to source text,
     *         in a stable order
     */
    public Map<String, String> generate() {
        Map<String, String> files = new TreeMap<>();
        for (Map.Entry<String, List<TlCombinator>> e : types.entrySet()) {
            put(files, typeClass.get(e.getKey()), sealedInterface(e.getKey(), e.getValue()));
        }
        for (TlCombinator c : constructors.values()) {
            put(files, combinatorClass.get(c.name()), record(c));
        }
        for (TlCombinator f : functions) {
            put(files, combinatorClass.get(f.name()), record(f));
        }
        put(files, basePackage + "." + schemaClassName, schemaClass());
        return files;
    }

    private static void put(Map<String, String> files, String fqcn, String source) {
        files.put(fqcn.replace('.', '/') + ".java", source);
    }

    private static String pkg(String fqcn) {
        return fqcn.substring(0, fqcn.lastIndexOf('.'));
    }

    private static String simple(String fqcn) {
        return fqcn.substring(fqcn.lastIndexOf('.') + 1);
    }

    private static String header(String fqcn) {
        return "// Generated by heliograph-tl-generator from the TL schema. Do not edit.\n"
                + "package " + pkg(fqcn) + ";\n\n";
    }

    private String sealedInterface(String type, List<TlCombinator> cs) {
        String fqcn = typeClass.get(type);
        StringBuilder sb = new StringBuilder(header(fqcn));
        sb.append("/**\n * TL type {@code ").append(type).append("}, with constructors:\n * <ul>\n");
        for (TlCombinator c : cs) {
            sb.append(" *   <li>{@link ").append(combinatorClass.get(c.name())).append("} ({@code ")
                    .append(c.name()).append("})</li>\n");
        }
        sb.append(" * </ul>\n */\npublic sealed interface ").append(simple(fqcn)).append(" extends ")
                .append(RT).append("TlObject\n        permits ");
        for (int i = 0; i < cs.size(); i++) {
            sb.append(i == 0 ? "" : ",\n                ").append(combinatorClass.get(cs.get(i).name()));
        }
        return sb.append(" {\n}\n").toString();
    }

    /** One Java record component of a TL parameter. */
    private record Field(TlParam param, String name, String type, JType jtype) {
    }

    private List<Field> fields(TlCombinator c) {
        List<Field> out = new ArrayList<>();
        for (TlParam p : c.params()) {
            if (p.isFlagWord()) {
                continue;
            }
            if (p.isFlagOnly()) {
                out.add(new Field(p, JavaNames.fieldName(p.name()), "boolean", null));
            } else {
                JType t = resolve(p.type(), c.typeVar());
                out.add(new Field(p, JavaNames.fieldName(p.name()), javaType(t, p.isConditional()), t));
            }
        }
        return out;
    }

    private static boolean isReference(Field f) {
        return f.jtype() != null && !(f.jtype() instanceof PrimType p
                && (p.prim() == Prim.INT || p.prim() == Prim.LONG || p.prim() == Prim.DOUBLE || p.prim() == Prim.BOOL));
    }

    private boolean isSecret(TlCombinator c, TlParam p) {
        for (String pattern : secretFields) {
            for (String candidate : new String[] {p.name(), c.name() + "." + p.name()}) {
                if (pattern.endsWith("*") ? candidate.startsWith(pattern.substring(0, pattern.length() - 1))
                        : candidate.equals(pattern)) {
                    return true;
                }
            }
        }
        return false;
    }

    private String record(TlCombinator c) {
        String fqcn = combinatorClass.get(c.name());
        String name = simple(fqcn);
        String generic = c.typeVar() == null ? "" : "<" + c.typeVar() + ">";
        List<Field> fields = fields(c);
        StringBuilder sb = new StringBuilder(header(fqcn));

        sb.append("/**\n * TL ").append(c.function() ? "function" : "constructor").append(" {@code ")
                .append(c.line()).append("}\n *\n");
        for (Field f : fields) {
            sb.append(" * @param ").append(f.name()).append(" TL field {@code ").append(f.param().name()).append("}");
            if (f.param().isConditional()) {
                sb.append(f.param().isFlagOnly() ? " (the flag bit " : " ({@code null} unless ")
                        .append(f.param().flagWord()).append('.').append(f.param().flagBit())
                        .append(f.param().isFlagOnly() ? ")" : " is set)");
            }
            sb.append('\n');
        }
        if (c.typeVar() != null) {
            sb.append(" * @param <").append(c.typeVar()).append("> the result type of the wrapped query\n");
        }
        sb.append(" */\npublic record ").append(name).append(generic).append('(');
        for (int i = 0; i < fields.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(fields.get(i).type()).append(' ').append(fields.get(i).name());
        }
        sb.append(")\n        implements ");
        String resultType = null;
        if (c.function()) {
            JType result = resolve(c.result(), c.typeVar());
            resultType = javaType(result, true);
            sb.append(RT).append("TlMethod<").append(resultType).append('>');
        } else {
            sb.append(typeClass.get(c.result().name()));
        }
        sb.append(" {\n\n");
        sb.append("    /** The constructor id, {@code #").append(Integer.toHexString(c.id())).append("}. */\n");
        sb.append("    public static final int CONSTRUCTOR_ID = 0x").append(String.format("%08x", c.id())).append(";\n\n");
        sb.append("    /** The schema name, {@code ").append(c.name()).append("}. */\n");
        sb.append("    public static final String TL_NAME = \"").append(c.name()).append("\";\n\n");

        compactConstructor(sb, c, fields);

        sb.append("    @java.lang.Override\n    public int constructorId() {\n        return CONSTRUCTOR_ID;\n    }\n\n");
        sb.append("    @java.lang.Override\n    public String tlName() {\n        return TL_NAME;\n    }\n\n");

        serializeBody(sb, c, fields);
        readBody(sb, c, fields, name, generic);

        if (c.function()) {
            JType result = resolve(c.result(), c.typeVar());
            sb.append("    @java.lang.Override\n    public ").append(resultType).append(" readResult(")
                    .append(READER).append(" $r) {\n        return ");
            if (result instanceof TypeVar) {
                Field query = fields.stream().filter(f -> f.jtype() instanceof Method).findFirst().orElseThrow();
                sb.append(query.name()).append(".readResult($r)");
            } else {
                sb.append(readExpr(result, "$r", 0));
            }
            sb.append(";\n    }\n\n");
        }
        if (c.hasFlags()) {
            builder(sb, c, fields, name, generic);
        }
        if (fields.stream().anyMatch(f -> isSecret(c, f.param()))) {
            sb.append("    /** Returns the fields, with secret values redacted. */\n");
            sb.append("    @java.lang.Override\n    public java.lang.String toString() {\n        return \"")
                    .append(name).append("[\"");
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                sb.append("\n                + \"").append(i == 0 ? "" : ", ").append(f.name()).append("=\" + ");
                if (isSecret(c, f.param())) {
                    sb.append(isReference(f) ? "(" + f.name() + " == null ? \"null\" : \"<redacted>\")"
                            : f.jtype() == null ? f.name() : "\"<redacted>\"");
                } else {
                    sb.append(f.name());
                }
            }
            sb.append("\n                + \"]\";\n    }\n\n");
        }
        trimBlank(sb);
        return sb.append("}\n").toString();
    }

    private static void trimBlank(StringBuilder sb) {
        while (sb.length() >= 2 && sb.charAt(sb.length() - 1) == '\n' && sb.charAt(sb.length() - 2) == '\n') {
            sb.setLength(sb.length() - 1);
        }
    }

    private void compactConstructor(StringBuilder sb, TlCombinator c, List<Field> fields) {
        StringBuilder body = new StringBuilder();
        for (Field f : fields) {
            if (!isReference(f)) {
                continue;
            }
            String n = f.name();
            boolean optional = f.param().isConditional();
            if (!optional) {
                body.append("        java.util.Objects.requireNonNull(").append(n).append(", \"")
                        .append(n).append("\");\n");
            }
            if (f.jtype() instanceof Vec v) {
                String copy = copyList(v, n, 0);
                body.append("        ").append(n).append(" = ")
                        .append(optional ? n + " == null ? null : " + copy : copy).append(";\n");
            } else if (f.jtype() instanceof PrimType p && (p.prim() == Prim.INT128 || p.prim() == Prim.INT256)) {
                int size = p.prim().size;
                body.append("        if (").append(optional ? n + " != null && " : "").append(n)
                        .append(".length() != ").append(size).append(") {\n")
                        .append("            throw new java.lang.IllegalArgumentException(\"").append(n)
                        .append(" must be ").append(size).append(" bytes\");\n        }\n");
            }
        }
        // Parameters that share one flag bit are all present or all absent on the wire; keep the
        // record in a state that can be written and reads back equal.
        Map<String, List<Field>> byBit = new LinkedHashMap<>();
        for (Field f : fields) {
            if (f.param().isConditional()) {
                byBit.computeIfAbsent(f.param().flagWord() + "." + f.param().flagBit(), k -> new ArrayList<>()).add(f);
            }
        }
        for (Map.Entry<String, List<Field>> e : byBit.entrySet()) {
            List<Field> group = e.getValue();
            if (group.size() < 2) {
                continue;
            }
            List<Field> values = group.stream().filter(f -> !f.param().isFlagOnly()).toList();
            List<Field> flags = group.stream().filter(f -> f.param().isFlagOnly()).toList();
            String names = String.join(", ", group.stream().map(Field::name).toList());
            if (values.size() >= 2) {
                body.append("        if (");
                for (int i = 1; i < values.size(); i++) {
                    body.append(i == 1 ? "" : " || ").append("(").append(values.get(0).name())
                            .append(" == null) != (").append(values.get(i).name()).append(" == null)");
                }
                body.append(") {\n            throw new java.lang.IllegalArgumentException(\"").append(names)
                        .append(" share flag ").append(e.getKey()).append(": set all of them or none\");\n        }\n");
            }
            if (values.isEmpty()) {
                body.append("        boolean $").append(e.getKey().replace('.', '_')).append(" = ");
                for (int i = 0; i < flags.size(); i++) {
                    body.append(i == 0 ? "" : " || ").append(flags.get(i).name());
                }
                body.append(";\n");
                for (Field f : flags) {
                    body.append("        ").append(f.name()).append(" = $").append(e.getKey().replace('.', '_')).append(";\n");
                }
            } else if (!flags.isEmpty()) {
                String v = values.get(0).name();
                body.append("        if (").append(v).append(" != null) {\n");
                for (Field f : flags) {
                    body.append("            ").append(f.name()).append(" = true;\n");
                }
                body.append("        } else if (");
                for (int i = 0; i < flags.size(); i++) {
                    body.append(i == 0 ? "" : " || ").append(flags.get(i).name());
                }
                body.append(") {\n            throw new java.lang.IllegalArgumentException(\"").append(names)
                        .append(" share flag ").append(e.getKey()).append(": a true flag needs the values\");\n        }\n");
            }
        }
        if (body.length() > 0) {
            sb.append("    /**\n     * Checks required fields and copies lists.\n     *\n")
                    .append("     * @throws java.lang.NullPointerException if a required field is null\n")
                    .append("     * @throws java.lang.IllegalArgumentException if fields that share a flag bit disagree,"
                            + " or a fixed-size value has the wrong length\n     */\n");
            sb.append("    public ").append(simple(combinatorClass.get(c.name()))).append(" {\n").append(body).append("    }\n\n");
        }
    }

    private String copyList(Vec v, String expr, int depth) {
        if (v.element() instanceof Vec inner) {
            String var = "$l" + depth;
            return "java.util.List.copyOf(" + expr + ".stream().map(" + var + " -> " + copyList(inner, var, depth + 1)
                    + ").toList())";
        }
        return "java.util.List.copyOf(" + expr + ")";
    }

    private void serializeBody(StringBuilder sb, TlCombinator c, List<Field> fields) {
        sb.append("    @java.lang.Override\n    public void serializeBody(").append(WRITER).append(" $w) {\n");
        int fi = 0;
        for (TlParam p : c.params()) {
            if (p.isFlagWord()) {
                String word = "$" + p.name();
                sb.append("        int ").append(word).append(" = 0;\n");
                for (Field f : fields) {
                    if (p.name().equals(f.param().flagWord())) {
                        sb.append("        if (").append(f.param().isFlagOnly() ? f.name() : f.name() + " != null")
                                .append(") {\n            ").append(word).append(" |= 1 << ")
                                .append(f.param().flagBit()).append(";\n        }\n");
                    }
                }
                sb.append("        $w.writeInt(").append(word).append(");\n");
                continue;
            }
            Field f = fields.get(fi++);
            if (p.isFlagOnly()) {
                continue;
            }
            if (p.isConditional()) {
                sb.append("        if (").append(f.name()).append(" != null) {\n");
                writeStmt(sb, "            ", f.jtype(), f.name(), 0);
                sb.append("        }\n");
            } else {
                writeStmt(sb, "        ", f.jtype(), f.name(), 0);
            }
        }
        sb.append("    }\n\n");
    }

    private void readBody(StringBuilder sb, TlCombinator c, List<Field> fields, String name, String generic) {
        String returned = name + (generic.isEmpty() ? "" : "<?>");
        sb.append("    /**\n     * Reads the bare body (the constructor id already consumed).\n     *\n")
                .append("     * @param $r the reader\n     * @return the value\n     */\n");
        sb.append("    public static ").append(returned).append(" readBody(").append(READER).append(" $r) {\n");
        int fi = 0;
        for (TlParam p : c.params()) {
            if (p.isFlagWord()) {
                sb.append("        int $").append(p.name()).append(" = $r.readInt();\n");
                continue;
            }
            Field f = fields.get(fi++);
            String type = f.jtype() instanceof Method ? RT + "TlMethod<?>" : f.type();
            String bit = "($" + p.flagWord() + " & 1 << " + p.flagBit() + ") != 0";
            sb.append("        ").append(type).append(' ').append(f.name()).append(" = ");
            if (p.isFlagOnly()) {
                sb.append(bit);
            } else if (p.isConditional()) {
                sb.append(bit).append(" ? ").append(readExpr(f.jtype(), "$r", 0)).append(" : null");
            } else {
                sb.append(readExpr(f.jtype(), "$r", 0));
            }
            sb.append(";\n");
        }
        sb.append("        return new ").append(name).append(generic.isEmpty() ? "" : "<>").append('(');
        for (int i = 0; i < fields.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(fields.get(i).name());
        }
        sb.append(");\n    }\n\n");
    }

    private void builder(StringBuilder sb, TlCombinator c, List<Field> fields, String name, String generic) {
        String builderType = "Builder" + generic;
        sb.append("    /**\n     * Returns a builder; unset fields are {@code null}, {@code false} or 0.\n     *\n");
        if (!generic.isEmpty()) {
            sb.append("     * @param <").append(c.typeVar()).append("> the result type of the wrapped query\n");
        }
        sb.append("     * @return a new builder\n     */\n");
        sb.append("    public static ").append(generic.isEmpty() ? "" : generic + " ").append(builderType)
                .append(" builder() {\n        return new Builder").append(generic.isEmpty() ? "" : "<>")
                .append("();\n    }\n\n");
        sb.append("    /**\n     * Builds {@link ").append(name).append("} values.\n");
        if (!generic.isEmpty()) {
            sb.append("     *\n     * @param <").append(c.typeVar()).append("> the result type of the wrapped query\n");
        }
        sb.append("     */\n    public static final class ").append(builderType).append(" {\n");
        for (Field f : fields) {
            sb.append("        private ").append(f.type()).append(' ').append(f.name()).append(";\n");
        }
        sb.append("\n        private Builder() {\n        }\n\n");
        for (Field f : fields) {
            sb.append("        /**\n         * Sets {@code ").append(f.param().name()).append("}.\n         *\n")
                    .append("         * @param value the value\n         * @return this builder\n         */\n");
            sb.append("        public ").append(builderType).append(' ').append(f.name()).append('(')
                    .append(f.type()).append(" value) {\n            this.").append(f.name())
                    .append(" = value;\n            return this;\n        }\n\n");
        }
        sb.append("        /**\n         * Builds the value.\n         *\n         * @return a new {@link ")
                .append(name).append("}\n         */\n");
        sb.append("        public ").append(name).append(generic).append(" build() {\n            return new ")
                .append(name).append(generic.isEmpty() ? "" : "<>").append('(');
        for (int i = 0; i < fields.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(fields.get(i).name());
        }
        sb.append(");\n        }\n    }\n\n");
    }

    private String schemaClass() {
        String fqcn = basePackage + "." + schemaClassName;
        StringBuilder sb = new StringBuilder(header(fqcn));
        sb.append("/**\n * The generated schema: its constructor registry");
        if (schema.layer().isPresent()) {
            sb.append(" and layer");
        }
        sb.append(".\n */\npublic final class ").append(schemaClassName).append(" {\n\n");
        if (schema.layer().isPresent()) {
            sb.append("    /** The API layer the schema declares ({@code // LAYER N}). */\n");
            sb.append("    public static final int LAYER = ").append(schema.layer().getAsInt()).append(";\n\n");
        }
        sb.append("    /** Number of constructors (types) generated. */\n");
        sb.append("    public static final int CONSTRUCTOR_COUNT = ").append(constructors.size()).append(";\n\n");
        sb.append("    /** Number of functions generated. */\n");
        sb.append("    public static final int FUNCTION_COUNT = ").append(functions.size()).append(";\n\n");
        sb.append("    private static final ").append(RT).append("TlRegistry REGISTRY = build();\n\n");
        sb.append("    private ").append(schemaClassName).append("() {\n    }\n\n");
        sb.append("    /**\n     * Returns the registry of every constructor and function of the schema.\n     *\n")
                .append("     * @return the registry\n     */\n");
        sb.append("    public static ").append(RT).append("TlRegistry registry() {\n        return REGISTRY;\n    }\n\n");
        List<TlCombinator> all = new ArrayList<>(constructors.values());
        all.addAll(functions);
        int chunks = (all.size() + REGISTRY_CHUNK - 1) / REGISTRY_CHUNK;
        sb.append("    private static ").append(RT).append("TlRegistry build() {\n        ").append(RT)
                .append("TlRegistry.Builder b = ").append(RT).append("TlRegistry.builder();\n");
        for (int i = 0; i < chunks; i++) {
            sb.append("        register").append(i).append("(b);\n");
        }
        sb.append("        return b.build();\n    }\n");
        for (int i = 0; i < chunks; i++) {
            sb.append("\n    private static void register").append(i).append('(').append(RT)
                    .append("TlRegistry.Builder b) {\n");
            for (int n = i * REGISTRY_CHUNK; n < Math.min(all.size(), (i + 1) * REGISTRY_CHUNK); n++) {
                TlCombinator c = all.get(n);
                sb.append("        b.register(0x").append(String.format("%08x", c.id())).append(", \"")
                        .append(c.name()).append("\", new Reader(").append(n).append("));\n");
            }
            sb.append("    }\n");
        }
        // One deserializer class dispatching on an index, rather than a lambda (and so a hidden
        // class) per combinator: a full layer would otherwise spin thousands of classes at startup.
        // The switches are split so that each method stays small enough for the JIT to compile.
        sb.append("\n    /** Reads the body of one of this schema's combinators, chosen by index. */\n");
        sb.append("    private static final class Reader implements ").append(RT).append("TlDeserializer<")
                .append(RT).append("TlObject> {\n");
        sb.append("        private final int index;\n\n        Reader(int index) {\n            this.index = index;\n")
                .append("        }\n\n");
        sb.append("        @java.lang.Override\n        public ").append(RT).append("TlObject readBody(").append(READER)
                .append(" $r) {\n            return switch (index / ").append(REGISTRY_CHUNK).append(") {\n");
        for (int i = 0; i < chunks; i++) {
            sb.append("                case ").append(i).append(" -> read").append(i).append("(index, $r);\n");
        }
        sb.append("                default -> throw new java.lang.IllegalStateException(\"no combinator \" + index);\n")
                .append("            };\n        }\n    }\n");
        for (int i = 0; i < chunks; i++) {
            sb.append("\n    private static ").append(RT).append("TlObject read").append(i).append("(int index, ")
                    .append(READER).append(" $r) {\n        return switch (index) {\n");
            for (int n = i * REGISTRY_CHUNK; n < Math.min(all.size(), (i + 1) * REGISTRY_CHUNK); n++) {
                sb.append("            case ").append(n).append(" -> ").append(combinatorClass.get(all.get(n).name()))
                        .append(".readBody($r);\n");
            }
            sb.append("            default -> throw new java.lang.IllegalStateException(\"no combinator \" + index);\n")
                    .append("        };\n    }\n");
        }
        return sb.append("}\n").toString();
    }
}
