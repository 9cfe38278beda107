package dev.heliograph.tlgen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Parses the TL schema language as Telegram's {@code api.tl} and {@code mtproto.tl} use it.
 *
 * <p>Supported: {@code //} and {@code /* *}{@code /} comments, {@code // LAYER N},
 * {@code ---types---}/{@code ---functions---} sections, {@code name:#} flags words (several per
 * combinator), {@code flags.N?T} and {@code flags.N?true}, {@code Vector<T>}, bare {@code vector<t>}
 * and {@code %T}, {@code int128}/{@code int256}, generic functions ({@code {X:Type} query:!X = X}),
 * namespaces. Built-in declarations ({@code int ? = Int;}, {@code vector {t:Type} # [ t ] = Vector t;},
 * {@code int128 4*[ int ] = Int128;}, {@code bytes#e937bb82 = Bytes;}) are recognised and skipped.
 *
 * <p>A combinator written without {@code #id} gets the id Telegram's own tools compute: the CRC32
 * of its normalised declaration (see {@link #computeId(String)}).
 *
 * <p>Every error is a {@link TlSchemaException} naming file, line and column.
 */
public final class TlParser {

    /** Names declared by built-in lines; they are never generated. */
    private static final Set<String> BUILTIN_NAMES =
            Set.of("int", "long", "double", "string", "bytes", "int128", "int256", "vector", "Vector");

    private static final Pattern LAYER = Pattern.compile("^//\\s*LAYER\\s+(\\d+)\\s*$");
    private static final Pattern FLAG_REF = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\.(\\d+)$");
    private static final Pattern HEX = Pattern.compile("^[0-9a-fA-F]{1,8}$");
    private static final Pattern IDENT = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)?$");
    private static final Pattern TRUE_FLAG = Pattern.compile(" [A-Za-z0-9_]+:flags\\d*\\.\\d+\\?true");

    private TlParser() {
    }

    /**
     * Parses one schema file's text.
     *
     * @param file the file name used in error messages
     * @param text the schema text
     * @return the schema
     * @throws TlSchemaException if the text is not valid TL
     */
    public static TlSchema parse(String file, String text) {
        Lexer lexer = new Lexer(file, text);
        List<Token> tokens = lexer.tokens();
        return new Parser(tokens, lexer.layer).parse();
    }

    /**
     * Computes the constructor id of a declaration the way Telegram's tools do: CRC32 of the line
     * without its id and final {@code ;}, with {@code bytes} read as {@code string}, angle brackets
     * and braces dropped, and {@code flags.N?true} parameters removed.
     *
     * @param normalizedLine the declaration without {@code #id}, single-spaced, without {@code ;}
     * @return the id
     */
    public static int computeId(String normalizedLine) {
        String s = normalizedLine
                .replace(":bytes ", ":string ")
                .replace("?bytes ", "?string ")
                .replace("<", " ")
                .replace(">", "")
                .replace("{", "")
                .replace("}", "");
        s = TRUE_FLAG.matcher(s).replaceAll("");
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.US_ASCII));
        return (int) crc.getValue();
    }

    private enum Kind { WORD, PUNCT, SECTION }

    private record Token(Kind kind, String text, TlTypeRef.Position pos, int start, int end) {
        boolean is(String s) {
            return kind != Kind.WORD && text.equals(s);
        }
    }

    private static final class Lexer {
        private final String file;
        private final String text;
        private int i;
        private int line = 1;
        private int lineStart;
        private OptionalInt layer = OptionalInt.empty();

        Lexer(String file, String text) {
            this.file = file;
            this.text = text;
        }

        private TlTypeRef.Position here() {
            return new TlTypeRef.Position(file, line, i - lineStart + 1);
        }

        private void advance() {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
            i++;
        }

        List<Token> tokens() {
            List<Token> out = new ArrayList<>();
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    advance();
                } else if (text.startsWith("//", i)) {
                    int eol = text.indexOf('\n', i);
                    String comment = text.substring(i, eol < 0 ? text.length() : eol).strip();
                    Matcher m = LAYER.matcher(comment);
                    if (m.matches()) {
                        layer = OptionalInt.of(Integer.parseInt(m.group(1)));
                    }
                    i = eol < 0 ? text.length() : eol;
                } else if (text.startsWith("/*", i)) {
                    TlTypeRef.Position at = here();
                    int close = text.indexOf("*/", i + 2);
                    if (close < 0) {
                        throw at.error("unterminated /* comment");
                    }
                    while (i < close + 2) {
                        advance();
                    }
                } else if (text.startsWith("---", i)) {
                    TlTypeRef.Position at = here();
                    int s = i;
                    int eol = text.indexOf('\n', i);
                    String section = text.substring(i, eol < 0 ? text.length() : eol).strip();
                    if (!section.equals("---types---") && !section.equals("---functions---")) {
                        throw at.error("unknown section '" + section + "' (expected ---types--- or ---functions---)");
                    }
                    i += section.length();
                    out.add(new Token(Kind.SECTION, section, at, s, i));
                } else if (Character.isLetterOrDigit(c) || c == '_') {
                    TlTypeRef.Position at = here();
                    int s = i;
                    while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i))
                            || text.charAt(i) == '_' || text.charAt(i) == '.')) {
                        i++;
                    }
                    out.add(new Token(Kind.WORD, text.substring(s, i), at, s, i));
                } else if ("#:?<>{}!%=;[]*,".indexOf(c) >= 0) {
                    out.add(new Token(Kind.PUNCT, String.valueOf(c), here(), i, i + 1));
                    i++;
                } else {
                    throw here().error("unexpected character '" + c + "'");
                }
            }
            return out;
        }
    }

    private static final class Parser {
        private final List<Token> tokens;
        private final OptionalInt layer;
        private int p;
        private boolean functions;

        Parser(List<Token> tokens, OptionalInt layer) {
            this.tokens = tokens;
            this.layer = layer;
        }

        TlSchema parse() {
            List<TlCombinator> out = new ArrayList<>();
            while (p < tokens.size()) {
                Token t = tokens.get(p);
                if (t.kind() == Kind.SECTION) {
                    functions = t.text().equals("---functions---");
                    p++;
                } else {
                    TlCombinator c = declaration();
                    if (c != null) {
                        out.add(c);
                    }
                }
            }
            return new TlSchema(out, layer);
        }

        private Token peek() {
            if (p >= tokens.size()) {
                Token last = tokens.get(tokens.size() - 1);
                throw last.pos().error("unexpected end of schema after '" + last.text() + "' (missing ';'?)");
            }
            return tokens.get(p);
        }

        private Token next() {
            Token t = peek();
            p++;
            return t;
        }

        private Token expect(String punct) {
            Token t = next();
            if (!t.is(punct)) {
                throw t.pos().error("expected '" + punct + "' but found '" + t.text() + "'");
            }
            return t;
        }

        private Token word(String what) {
            Token t = next();
            if (t.kind() != Kind.WORD) {
                throw t.pos().error("expected " + what + " but found '" + t.text() + "'");
            }
            return t;
        }

        private void skipDeclaration() {
            while (!next().is(";")) {
                // a built-in declaration: its body is not TL we generate code for
            }
        }

        private TlCombinator declaration() {
            Token nameTok = word("a combinator name");
            String name = nameTok.text();
            if (!IDENT.matcher(name).matches()) {
                throw nameTok.pos().error("invalid combinator name '" + name + "'");
            }
            Integer id = null;
            if (peek().is("#") && peek().start() == nameTok.end()) {
                Token hash = next();
                Token hex = next();
                if (hex.kind() != Kind.WORD || hex.start() != hash.end() || !HEX.matcher(hex.text()).matches()) {
                    throw hex.pos().error("expected a hexadecimal constructor id after '#'");
                }
                id = Integer.parseUnsignedInt(hex.text(), 16);
            }
            if (BUILTIN_NAMES.contains(name)) {
                skipDeclaration();
                return null;
            }
            String typeVar = null;
            List<TlParam> params = new ArrayList<>();
            while (!peek().is("=")) {
                Token t = peek();
                if (t.is("?") || t.is("[") || t.is("#") || t.is("*")) {
                    skipDeclaration();
                    return null;
                }
                if (t.is("{")) {
                    p++;
                    Token var = word("a type variable");
                    expect(":");
                    Token kind = word("'Type'");
                    if (!kind.text().equals("Type")) {
                        throw kind.pos().error("only {X:Type} type parameters are supported, found '" + kind.text() + "'");
                    }
                    expect("}");
                    if (typeVar != null) {
                        throw var.pos().error("only one type parameter is supported");
                    }
                    typeVar = var.text();
                    continue;
                }
                params.add(param(params, typeVar));
            }
            expect("=");
            TlTypeRef result = resultType();
            expect(";");
            if (result.name().equals(typeVar) && !functions) {
                throw result.pos().error("a constructor cannot have a generic result type");
            }
            String line = render(name, typeVar, params, result);
            boolean explicit = id != null;
            int value = explicit ? id : computeId(line);
            String shown = name + "#" + Integer.toHexString(value) + line.substring(name.length()) + ";";
            return new TlCombinator(name, value, explicit, functions, typeVar, params, result, shown, nameTok.pos());
        }

        private TlParam param(List<TlParam> before, String typeVar) {
            Token nameTok = word("a parameter name");
            if (!nameTok.text().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw nameTok.pos().error("invalid parameter name '" + nameTok.text() + "'");
            }
            for (TlParam other : before) {
                if (other.name().equals(nameTok.text())) {
                    throw nameTok.pos().error("duplicate parameter '" + nameTok.text() + "'");
                }
            }
            expect(":");
            if (peek().is("#")) {
                p++;
                return new TlParam(nameTok.text(), null, null, -1, nameTok.pos());
            }
            String flagWord = null;
            int bit = -1;
            Token t = peek();
            if (t.kind() == Kind.WORD && p + 1 < tokens.size() && tokens.get(p + 1).is("?")) {
                Matcher m = FLAG_REF.matcher(t.text());
                if (!m.matches()) {
                    throw t.pos().error("invalid flag reference '" + t.text() + "' (expected flags.N)");
                }
                flagWord = m.group(1);
                String word = flagWord;
                if (before.stream().noneMatch(q -> q.isFlagWord() && q.name().equals(word))) {
                    throw t.pos().error("flag reference to '" + flagWord + "', which is not a preceding '#' parameter");
                }
                bit = Integer.parseInt(m.group(2));
                if (bit > 31) {
                    throw t.pos().error("flag bit " + bit + " is out of range 0..31");
                }
                p += 2;
            }
            TlTypeRef type = type(typeVar);
            if (type.name().equals("true") && flagWord == null) {
                throw type.pos().error("'true' is only meaningful as a conditional type (flags.N?true)");
            }
            return new TlParam(nameTok.text(), type, flagWord, bit, nameTok.pos());
        }

        private TlTypeRef type(String typeVar) {
            Token first = peek();
            boolean bang = false;
            boolean percent = false;
            if (first.is("!")) {
                bang = true;
                p++;
            } else if (first.is("%")) {
                percent = true;
                p++;
            }
            Token nameTok = word("a type");
            if (!IDENT.matcher(nameTok.text()).matches()) {
                throw nameTok.pos().error("invalid type name '" + nameTok.text() + "'");
            }
            if (bang && !nameTok.text().equals(typeVar)) {
                throw first.pos().error("'!" + nameTok.text() + "' needs a {" + nameTok.text() + ":Type} parameter");
            }
            List<TlTypeRef> args = new ArrayList<>();
            if (peek().is("<")) {
                p++;
                args.add(type(typeVar));
                while (peek().is(",")) {
                    p++;
                    args.add(type(typeVar));
                }
                expect(">");
            }
            TlTypeRef ref = new TlTypeRef(nameTok.text(), percent, bang, args, first.pos());
            checkArity(ref);
            return ref;
        }

        private TlTypeRef resultType() {
            Token first = peek();
            Token nameTok = word("a result type");
            List<TlTypeRef> args = new ArrayList<>();
            if (peek().is("<")) {
                p++;
                args.add(type(null));
                expect(">");
            } else {
                // the space-separated form "Vector t" of the built-in vector line
                while (nameTok.text().equals("Vector") && peek().kind() == Kind.WORD) {
                    Token arg = next();
                    args.add(new TlTypeRef(arg.text(), false, false, List.of(), arg.pos()));
                }
            }
            TlTypeRef ref = new TlTypeRef(nameTok.text(), false, false, args, first.pos());
            checkArity(ref);
            return ref;
        }

        private void checkArity(TlTypeRef ref) {
            boolean vector = ref.name().equals("Vector") || ref.name().equals("vector");
            if (vector && ref.args().size() != 1) {
                throw ref.pos().error(ref.name() + " takes exactly one type argument");
            }
            if (!vector && !ref.args().isEmpty()) {
                throw ref.pos().error("type '" + ref.name() + "' takes no type arguments");
            }
        }

        private static String render(String name, String typeVar, List<TlParam> params, TlTypeRef result) {
            StringBuilder sb = new StringBuilder(name);
            if (typeVar != null) {
                sb.append(" {").append(typeVar).append(":Type}");
            }
            for (TlParam param : params) {
                sb.append(' ').append(param.name()).append(':');
                if (param.isFlagWord()) {
                    sb.append('#');
                    continue;
                }
                if (param.isConditional()) {
                    sb.append(param.flagWord()).append('.').append(param.flagBit()).append('?');
                }
                sb.append(param.type());
            }
            return sb.append(" = ").append(result).toString();
        }
    }
}
