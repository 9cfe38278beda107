package dev.heliograph.tlgen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JavaNamesTest {

    @Test
    void classNamesUpperCaseEachUnderscorePart() {
        assertEquals("ServerDHParamsOk", JavaNames.className("server_DH_params_ok"));
        assertEquals("PQInnerDataDc", JavaNames.className("p_q_inner_data_dc"));
        assertEquals("ReqDHParams", JavaNames.className("req_DH_params"));
        assertEquals("ResPQ", JavaNames.className("resPQ"));
        assertEquals("ImportBotAuthorization", JavaNames.className("auth.importBotAuthorization"));
        assertEquals("SetClientDHParamsAnswer", JavaNames.className("Set_client_DH_params_answer"));
    }

    @Test
    void fieldNamesAreLowerCamel() {
        assertEquals("serverNonce", JavaNames.fieldName("server_nonce"));
        assertEquals("gA", JavaNames.fieldName("g_a"));
        assertEquals("dhPrime", JavaNames.fieldName("dh_prime"));
        assertEquals("apiHash", JavaNames.fieldName("api_hash"));
        assertEquals("newNonceHash1", JavaNames.fieldName("new_nonce_hash1"));
    }

    @Test
    void reservedFieldNamesGetATrailingUnderscore() {
        assertEquals("static_", JavaNames.fieldName("static"));
        assertEquals("default_", JavaNames.fieldName("default"));
        assertEquals("hashCode_", JavaNames.fieldName("hash_code"));
        assertEquals("java_", JavaNames.fieldName("java"));
    }

    @Test
    void packagesFollowNamespaces() {
        assertEquals("dev.heliograph.tl.api.auth", JavaNames.packageName("dev.heliograph.tl.api", "auth"));
        assertEquals("dev.heliograph.tl.api", JavaNames.packageName("dev.heliograph.tl.api", ""));
    }
}
