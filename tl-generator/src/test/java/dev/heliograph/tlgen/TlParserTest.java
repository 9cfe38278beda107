package dev.heliograph.tlgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlParserTest {

    private static TlCombinator only(String schema) {
        List<TlCombinator> all = TlParser.parse("t.tl", schema).combinators();
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    private static TlSchemaException error(String schema) {
        return assertThrows(TlSchemaException.class, () -> TlParser.parse("bad.tl", schema));
    }

    @Test
    void parsesConstructorWithExplicitIdAndFields() {
        TlCombinator c = only("resPQ#05162463 nonce:int128 server_nonce:int128 pq:string "
                + "server_public_key_fingerprints:Vector<long> = ResPQ;");
        assertEquals("resPQ", c.name());
        assertEquals(0x05162463, c.id());
        assertTrue(c.explicitId());
        assertFalse(c.function());
        assertEquals(List.of("nonce", "server_nonce", "pq", "server_public_key_fingerprints"),
                c.params().stream().map(TlParam::name).toList());
        TlTypeRef vec = c.params().get(3).type();
        assertTrue(vec.isVector());
        assertFalse(vec.isBare());
        assertEquals("long", vec.args().get(0).name());
        assertEquals("ResPQ", c.result().name());
    }

    @Test
    void readsIdsWithoutLeadingZeros() {
        assertEquals(0x0dae54f8, only("---functions---\ninvokeWithApnsSecret#dae54f8 {X:Type} nonce:string "
                + "secret:string query:!X = X;").id());
    }

    @Test
    void skipsBuiltInDeclarations() {
        TlSchema s = TlParser.parse("t.tl", """
                int ? = Int;
                long ? = Long;
                int#a8509bda ? = Int;
                bytes#e937bb82 = Bytes;
                bytes = Bytes;
                vector {t:Type} # [ t ] = Vector t;
                vector#1cb5c415 {t:Type} # [ t ] = Vector t;
                int128 4*[ int ] = Int128;
                int256 8*[ int ] = Int256;
                pong#347773c5 msg_id:long ping_id:long = Pong;
                """);
        assertEquals(List.of("pong"), s.combinators().stream().map(TlCombinator::name).toList());
    }

    @Test
    void tracksSectionsAndNamespaces() {
        TlSchema s = TlParser.parse("t.tl", """
                auth.loggedOut#c3a2835f flags:# future_auth_token:flags.0?bytes = auth.LoggedOut;
                ---functions---
                auth.logOut#3e72ba19 = auth.LoggedOut;
                ---types---
                nearestDc#8e1a1775 country:string this_dc:int nearest_dc:int = NearestDc;
                """);
        assertEquals(List.of("auth.loggedOut", "nearestDc"), s.constructors().stream().map(TlCombinator::name).toList());
        TlCombinator f = s.functions().get(0);
        assertEquals("auth", f.namespace());
        assertEquals("logOut", f.simpleName());
        assertEquals("auth.LoggedOut", f.result().name());
    }

    @Test
    void parsesFlagWordsAndConditionalFields() {
        TlCombinator c = only("user#1 flags:# bot:flags.14?true flags2:# id:long "
                + "bot_info_version:flags.14?int usernames:flags2.0?Vector<Username> x:flags2.31?string = User;");
        assertTrue(c.hasFlags());
        TlParam flags = c.params().get(0);
        assertTrue(flags.isFlagWord());
        assertNull(flags.type());
        TlParam bot = c.params().get(1);
        assertTrue(bot.isFlagOnly());
        assertEquals("flags", bot.flagWord());
        assertEquals(14, bot.flagBit());
        TlParam usernames = c.params().get(5);
        assertEquals("flags2", usernames.flagWord());
        assertEquals(0, usernames.flagBit());
        assertTrue(usernames.type().isVector());
        assertEquals(31, c.params().get(6).flagBit());
        assertFalse(c.params().get(3).isConditional());
    }

    @Test
    void parsesBareVectorsAndPercentTypes() {
        TlCombinator c = only("future_salts#ae500895 req_msg_id:long now:int salts:vector<future_salt> "
                + "m:vector<%Message> n:Vector<Vector<int>> = FutureSalts;");
        TlTypeRef salts = c.params().get(2).type();
        assertTrue(salts.isVector());
        assertTrue(salts.isBare());
        assertTrue(salts.args().get(0).isBare());
        TlTypeRef m = c.params().get(3).type().args().get(0);
        assertTrue(m.percent());
        assertTrue(m.isBare());
        assertEquals("Message", m.name());
        assertEquals("Vector<Vector<int>>", c.params().get(4).type().toString());
    }

    @Test
    void parsesGenericFunctions() {
        TlCombinator c = only("---functions---\ninvokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;");
        assertTrue(c.function());
        assertEquals("X", c.typeVar());
        TlTypeRef q = c.params().get(1).type();
        assertTrue(q.bang());
        assertEquals("X", q.name());
        assertEquals("X", c.result().name());
    }

    @Test
    void parsesVectorResults() {
        TlCombinator c = only("---functions---\nusers.getUsers#d91a548 id:Vector<InputUser> = Vector<User>;");
        assertEquals("Vector<User>", c.result().toString());
    }

    @Test
    void ignoresBothCommentStylesAndReadsTheLayer() {
        TlSchema s = TlParser.parse("t.tl", """
                // a line comment = Foo;
                /* a block comment
                   spanning = lines; */
                pong#347773c5 msg_id:long /* inline */ ping_id:long = Pong; // trailing
                //ping#7abe77ec ping_id:long = Pong;
                // LAYER 228
                """);
        assertEquals(1, s.combinators().size());
        assertEquals(2, s.combinators().get(0).params().size());
        assertEquals(228, s.layer().getAsInt());
    }

    @Test
    void hasNoLayerWithoutTheComment() {
        assertTrue(TlParser.parse("t.tl", "pong#347773c5 msg_id:long = Pong;").layer().isEmpty());
    }

    @Test
    void declarationsMaySpanLines() {
        TlCombinator c = only("pong#347773c5\n  msg_id:long\n  ping_id:long\n  = Pong;");
        assertEquals(2, c.params().size());
    }

    @Test
    void computesTheIdOfADeclarationWithoutOne() {
        // The ids Telegram publishes for these lines are the CRC32 of the normalised declaration.
        assertEquals(0x05162463, only("resPQ nonce:int128 server_nonce:int128 pq:string "
                + "server_public_key_fingerprints:Vector<long> = ResPQ;").id());
        assertEquals(0xda9b0d0d, only("---functions---\ninvokeWithLayer {X:Type} layer:int query:!X = X;").id());
        TlCombinator withTrue = only("userStatusRecently flags:# by_me:flags.0?true = UserStatus;");
        assertEquals(0x7b197dc8, withTrue.id());
        assertFalse(withTrue.explicitId());
        assertEquals(0xb434e2b8, only("auth.exportedAuthorization id:long bytes:bytes = auth.ExportedAuthorization;").id());
    }

    @Test
    void computedIdsMatchTheIdsOfTheRealSchema() throws IOException {
        Path file = Path.of(System.getProperty("heliograph.protocol"), "api-layer198.tl");
        TlSchema schema = TlParser.parse(file.toString(), Files.readString(file));
        int checked = 0;
        for (TlCombinator c : schema.combinators()) {
            String line = c.line();
            String withoutId = c.name() + line.substring(line.indexOf(' '), line.length() - 1);
            assertEquals(c.id(), TlParser.computeId(withoutId), line);
            checked++;
        }
        assertTrue(checked > 2000, "checked " + checked);
    }

    @Test
    void reportsFileLineAndColumnOfAnUnknownCharacter() {
        TlSchemaException e = error("pong#347773c5 msg_id:long = Pong;\nping#7abe77ec ping_id:long @ = Pong;\n");
        assertEquals("bad.tl", e.file());
        assertEquals(2, e.line());
        assertEquals(28, e.column());
        assertTrue(e.getMessage().startsWith("bad.tl:2:28: unexpected character '@'"), e.getMessage());
    }

    @Test
    void reportsAMissingSemicolon() {
        TlSchemaException e = error("pong#347773c5 msg_id:long = Pong\nping#7abe77ec ping_id:long = Pong;");
        assertEquals(2, e.line());
        assertEquals(1, e.column());
    }

    @Test
    void reportsATruncatedSchema() {
        TlSchemaException e = error("pong#347773c5 msg_id:long = Pong");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("missing ';'"), e.getMessage());
    }

    @Test
    void reportsAFlagReferenceToAnUndeclaredWord() {
        TlSchemaException e = error("a#1 flags:# x:flags2.0?int = A;");
        assertEquals(1, e.line());
        assertEquals(15, e.column());
        assertTrue(e.getMessage().contains("'flags2'"), e.getMessage());
    }

    @Test
    void reportsAFlagBitOutOfRange() {
        TlSchemaException e = error("a#1 flags:# x:flags.32?int = A;");
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void reportsAnUnknownSection() {
        TlSchemaException e = error("\n---methods---\n");
        assertEquals(2, e.line());
        assertEquals(1, e.column());
    }

    @Test
    void reportsABadId() {
        TlSchemaException e = error("a#xyz = A;");
        assertEquals(3, e.column());
    }

    @Test
    void reportsABangWithoutTypeParameter() {
        TlSchemaException e = error("---functions---\nf#1 query:!X = X;");
        assertEquals(2, e.line());
        assertEquals(11, e.column());
    }

    @Test
    void reportsAnUnterminatedBlockComment() {
        TlSchemaException e = error("a#1 = A;\n  /* never closed");
        assertEquals(2, e.line());
        assertEquals(3, e.column());
    }

    @Test
    void reportsWrongVectorArity() {
        TlSchemaException e = error("a#1 x:Vector = A;");
        assertTrue(e.getMessage().contains("exactly one type argument"), e.getMessage());
        assertEquals(7, e.column());
    }

    @Test
    void reportsDuplicateParameters() {
        TlSchemaException e = error("a#1 x:int x:long = A;");
        assertEquals(11, e.column());
    }

    @Test
    void reportsTrueOutsideAFlag() {
        assertNotNull(error("a#1 x:true = A;"));
    }

    @Test
    void countsTheSameDeclarationsAsALineCount() throws IOException {
        for (String name : List.of("api.tl", "api-layer198.tl", "api-layer144.tl")) {
            Path file = Path.of(System.getProperty("heliograph.protocol"), name);
            String text = Files.readString(file);
            TlSchema schema = TlParser.parse(name, text);
            int[] counted = DeclarationLines.count(text, false);
            assertEquals(counted[0], schema.constructors().size(), name + " constructors");
            assertEquals(counted[1], schema.functions().size(), name + " functions");
        }
    }
}
