package dev.heliograph.tlgen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaGeneratorTest {

    private static final String SCHEMA = """
            boolFalse#bc799737 = Bool;
            boolTrue#997275b5 = Bool;
            resPQ#05162463 nonce:int128 server_nonce:int128 pq:string server_public_key_fingerprints:Vector<long> = ResPQ;
            p_q_inner_data_dc#a9f55f95 pq:string p:string q:string nonce:int128 server_nonce:int128 new_nonce:int256 dc:int = P_Q_inner_data;
            server_DH_inner_data#b5890dba nonce:int128 server_nonce:int128 g:int dh_prime:string g_a:string server_time:int = Server_DH_inner_data;
            bad_msg_notification#a7eff811 bad_msg_id:long bad_msg_seqno:int error_code:int = BadMsgNotification;
            bad_server_salt#edab447b bad_msg_id:long bad_msg_seqno:int error_code:int new_server_salt:long = BadMsgNotification;
            new_session_created#9ec20908 first_msg_id:long unique_id:long server_salt:long = NewSession;
            dcOption#18b7a10d flags:# ipv6:flags.0?true static:flags.4?true id:int secret:flags.10?bytes = DcOption;
            auth.authorization#2ea2c0d4 flags:# tmp_sessions:flags.0?int user:DcOption = auth.Authorization;
            ---functions---
            req_DH_params#d712e4be nonce:int128 server_nonce:int128 p:string q:string public_key_fingerprint:long encrypted_data:string = Server_DH_inner_data;
            auth.importBotAuthorization#67a3ff2c flags:int api_id:int api_hash:string bot_auth_token:string = auth.Authorization;
            auth.logOut#3e72ba19 = Bool;
            help.getDcs#1 = Vector<DcOption>;
            """;

    private static Map<String, String> generate(String schema, String layerComment) {
        TlSchema parsed = TlParser.parse("t.tl", schema + layerComment);
        return new JavaGenerator(parsed, "p", "Schema", JavaGenerator.DEFAULT_SECRET_FIELDS).generate();
    }

    private static TlSchemaException failure(String schema) {
        TlSchema parsed = TlParser.parse("t.tl", schema);
        return assertThrows(TlSchemaException.class,
                () -> new JavaGenerator(parsed, "p", "Schema", List.of()).generate());
    }

    @Test
    void followsTheNamingContract() {
        Map<String, String> files = generate(SCHEMA, "");
        assertEquals(List.of(
                "p/BadMsgNotification.java", "p/BadServerSalt.java", "p/BaseBadMsgNotification.java",
                "p/BaseDcOption.java", "p/BaseResPQ.java", "p/BaseServerDHInnerData.java", "p/DcOption.java",
                "p/NewSession.java", "p/NewSessionCreated.java", "p/PQInnerData.java", "p/PQInnerDataDc.java",
                "p/ResPQ.java", "p/Schema.java", "p/ServerDHInnerData.java", "p/auth/Authorization.java",
                "p/auth/BaseAuthorization.java", "p/functions/ReqDHParams.java", "p/functions/auth/ImportBotAuthorization.java",
                "p/functions/auth/LogOut.java", "p/functions/help/GetDcs.java"), List.copyOf(files.keySet()));
        String resPq = files.get("p/BaseResPQ.java");
        assertTrue(resPq.contains("public record BaseResPQ(dev.heliograph.tl.Bytes nonce, dev.heliograph.tl.Bytes serverNonce, "
                + "java.lang.String pq, java.util.List<java.lang.Long> serverPublicKeyFingerprints)\n        implements p.ResPQ {"), resPq);
        assertTrue(resPq.contains("public static final int CONSTRUCTOR_ID = 0x05162463;"));
        assertTrue(resPq.contains("public static BaseResPQ readBody(dev.heliograph.tl.TlReader $r)"));
        assertTrue(files.get("p/ResPQ.java").contains("public sealed interface ResPQ extends dev.heliograph.tl.TlObject\n"
                + "        permits p.BaseResPQ {"));
        assertTrue(files.get("p/BaseServerDHInnerData.java").contains("int g, java.lang.String dhPrime, java.lang.String gA, int serverTime"));
        assertTrue(files.get("p/BadServerSalt.java").contains("implements p.BadMsgNotification"));
        assertTrue(files.get("p/NewSessionCreated.java").contains("implements p.NewSession"));
    }

    @Test
    void mapsFunctionResults() {
        Map<String, String> files = generate(SCHEMA, "");
        assertTrue(files.get("p/functions/ReqDHParams.java").contains("implements dev.heliograph.tl.TlMethod<p.ServerDHInnerData>"));
        assertTrue(files.get("p/functions/auth/LogOut.java").contains("implements dev.heliograph.tl.TlMethod<java.lang.Boolean>"));
        assertTrue(files.get("p/functions/help/GetDcs.java").contains(
                "implements dev.heliograph.tl.TlMethod<java.util.List<p.DcOption>>"));
    }

    @Test
    void leavesBoolConstructorsToTheRuntime() {
        Map<String, String> files = generate(SCHEMA, "");
        assertFalse(files.keySet().stream().anyMatch(f -> f.contains("Bool")));
    }

    @Test
    void escapesKeywordsAndBuildsFlagsRecordsWithBuilders() {
        String dc = generate(SCHEMA, "").get("p/BaseDcOption.java");
        assertTrue(dc.contains("boolean ipv6, boolean static_, int id, dev.heliograph.tl.Bytes secret"), dc);
        assertTrue(dc.contains("public static Builder builder()"));
        assertTrue(dc.contains("public Builder static_(boolean value)"));
    }

    @Test
    void redactsSecretsInToString() {
        Map<String, String> files = generate(SCHEMA, "");
        String login = files.get("p/functions/auth/ImportBotAuthorization.java");
        assertTrue(login.contains("\", apiHash=\" + (apiHash == null ? \"null\" : \"<redacted>\")"), login);
        assertTrue(login.contains("\", botAuthToken=\" + (botAuthToken == null ? \"null\" : \"<redacted>\")"), login);
        assertFalse(files.get("p/BaseResPQ.java").contains("toString"));
    }

    @Test
    void emitsTheLayerOnlyWhenDeclared() {
        assertTrue(generate(SCHEMA, "// LAYER 228\n").get("p/Schema.java").contains("public static final int LAYER = 228;"));
        assertFalse(generate(SCHEMA, "").get("p/Schema.java").contains("LAYER ="));
    }

    @Test
    void countsGeneratedCombinators() {
        String schema = generate(SCHEMA, "").get("p/Schema.java");
        assertTrue(schema.contains("CONSTRUCTOR_COUNT = 8;"), schema);
        assertTrue(schema.contains("FUNCTION_COUNT = 4;"), schema);
    }

    @Test
    void prefixesUntilTheNameIsFree() {
        Map<String, String> files = generate("""
                baseThemeClassic#1 = BaseTheme;
                theme#2 id:long = Theme;
                jsonObjectValue#3 key:string = JSONObjectValue;
                """, "");
        assertTrue(files.containsKey("p/BaseBaseTheme.java"), files.keySet().toString());
        assertTrue(files.containsKey("p/BaseJsonObjectValue.java"), files.keySet().toString());
    }

    @Test
    void failsOnAMissingTypeAtItsReference() {
        TlSchemaException e = failure("user#1 id:long status:UserStatus = User;");
        assertEquals(1, e.line());
        assertEquals(23, e.column());
        assertTrue(e.getMessage().contains("unknown type 'UserStatus'"), e.getMessage());
    }

    @Test
    void failsOnAMissingVectorElementType() {
        TlSchemaException e = failure("a#1 = A;\n---functions---\nf#2 x:Vector<Missing> = A;");
        assertEquals(3, e.line());
        assertEquals(14, e.column());
    }

    @Test
    void failsOnAMissingBareConstructor() {
        TlSchemaException e = failure("a#1 x:vector<missing_one> = A;");
        assertTrue(e.getMessage().contains("unknown constructor 'missing_one'"), e.getMessage());
    }

    @Test
    void failsOnAPercentTypeWithSeveralConstructors() {
        TlSchemaException e = failure("a#1 = A;\nb#2 = A;\nc#3 x:%A = C;");
        assertTrue(e.getMessage().contains("exactly one constructor"), e.getMessage());
    }

    @Test
    void failsOnDuplicateIds() {
        TlSchemaException e = failure("a#1 = A;\nb#1 = B;");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("#00000001"), e.getMessage());
    }

    @Test
    void failsOnDuplicateNames() {
        assertEquals(2, failure("a#1 = A;\na#2 = A;").line());
    }

    @Test
    void failsOnNamesThatMapToOneClass() {
        TlSchemaException e = failure("a_b#1 = A;\naB#2 = A;");
        assertTrue(e.getMessage().contains("p.AB"), e.getMessage());
    }

    @Test
    void failsOnAGenericResultWithoutQuery() {
        assertTrue(failure("---functions---\nf#1 {X:Type} x:int = X;").getMessage().contains("'!X'"));
    }

    @Test
    void writesOnlyChangedFilesAndDeletesStaleOnes(@TempDir Path dir) throws IOException {
        Map<String, String> files = Map.of("p/A.java", "class A {}", "p/q/B.java", "class B {}");
        assertEquals(2, GenerateMojo.write(dir, "p", files));
        Path a = dir.resolve("p/A.java");
        FileTime before = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(a, before);
        Path stale = dir.resolve("p/Old.java");
        Files.writeString(stale, "class Old {}");
        Path foreign = dir.resolve("other/C.java");
        Files.createDirectories(foreign.getParent());
        Files.writeString(foreign, "class C {}");

        assertEquals(1, GenerateMojo.write(dir, "p", Map.of("p/A.java", "class A {}", "p/q/B.java", "class B { }")));
        assertEquals(before, Files.getLastModifiedTime(a));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(foreign));
        assertEquals("class B { }", Files.readString(dir.resolve("p/q/B.java")));
    }
}
