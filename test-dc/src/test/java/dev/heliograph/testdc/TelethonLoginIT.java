package dev.heliograph.testdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.testdc.junit.TestClusterExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telethon 1.25.1 from Debian (layer 144, legacy RSA scheme, TCP full framing), an independent
 * client, logs bots in to the test DC. Needs {@code apt-get install python3-telethon}.
 */
class TelethonLoginIT {

    static final Bot AWAY = new Bot(5000002, "AAF_away_bot_secret", "away_test_bot", "Away Bot", 1);
    static final Bot FLOODED = new Bot(5000003, "AAF_flooded_bot_secret", "flooded_test_bot", "Flooded Bot", 3);

    @RegisterExtension
    static final TestClusterExtension DC = TestClusterExtension.create(b -> b.bot(AWAY).bot(FLOODED));

    @TempDir
    static Path dir;
    static Path pem;

    @BeforeAll
    static void writeKey() throws IOException {
        pem = dir.resolve("test-dc.pem");
        Files.writeString(pem, DC.cluster().publicKeyPem(), StandardCharsets.US_ASCII);
    }

    /** Runs the driver over Telethon's default connection (TCP full) and returns its answer. */
    private static Map<String, String> telethon(int dc, String token, int floodSleepThreshold) throws Exception {
        TestDc target = DC.cluster().dc(dc);
        return TelethonDriver.login(pem, target.host(), target.port(), dc, token, "full", floodSleepThreshold);
    }

    /**
     * One new key; a second one only when Telethon threw the first away (it drops an auth key's
     * leading zero bytes, so one exchange in 256 fails its own check and is redone).
     */
    private static void assertKeyCreated(int before, TestDc dc) {
        int created = dc.keyExchanges() - before;
        assertTrue(created == 1 || created == 2, "key exchanges: " + created);
    }

    private static void assertNoRequestRanTwice(TestDc dc) {
        List<Execution> all = dc.executions();
        Set<String> seen = new HashSet<>();
        for (Execution e : all) {
            assertTrue(seen.add(e.authKeyId() + "/" + e.sessionId() + "/" + e.msgId()), "ran twice: " + e);
        }
    }

    @Test
    void logsABotInAndGetsItsIdNameAndUsernameBack() throws Exception {
        int keysBefore = DC.cluster().dc(2).keyExchanges();
        Bot bot = TestClusterExtension.BOT;
        Map<String, String> r = telethon(2, bot.token(), 60);
        assertEquals("true", r.get("ok"), r.toString());
        assertEquals(String.valueOf(bot.id()), r.get("id"));
        assertEquals(bot.firstName(), r.get("first_name"));
        assertEquals(bot.username(), r.get("username"));
        assertEquals("true", r.get("bot"));
        assertEquals("2", r.get("dc"));
        assertKeyCreated(keysBefore, DC.cluster().dc(2));
        assertTrue(DC.cluster().dc(2).authKeyIds().stream().anyMatch(k -> DC.cluster().dc(2).boundUser(k) == bot.id()));
        assertNoRequestRanTwice(DC.cluster().dc(2));
    }

    @Test
    void reportsAccessTokenInvalidForAWrongOrMalformedToken() throws Exception {
        Bot bot = TestClusterExtension.BOT;
        for (String token : List.of(bot.id() + ":wrongSecret", "not-a-token")) {
            Map<String, String> r = telethon(2, token, 60);
            assertEquals("false", r.get("ok"), r.toString());
            assertEquals("AccessTokenInvalidError", r.get("error"));
            assertEquals("400", r.get("code"));
        }
    }

    @Test
    void followsUserMigrateAndEndsLoggedInOnTheBotsHomeDc() throws Exception {
        TestDc home = DC.cluster().dc(1);
        int keysBefore = home.keyExchanges();
        Map<String, String> r = telethon(2, AWAY.token(), 60);
        assertEquals("true", r.get("ok"), r.toString());
        assertEquals(String.valueOf(AWAY.id()), r.get("id"));
        assertEquals("1", r.get("dc"));
        assertEquals(String.valueOf(home.port()), r.get("port"));
        assertKeyCreated(keysBefore, home);
        assertTrue(home.authKeyIds().stream().anyMatch(k -> home.boundUser(k) == AWAY.id()));
        List<String> onDc2 = DC.cluster().dc(2).executions().stream().map(Execution::method).collect(Collectors.toList());
        assertTrue(onDc2.contains("auth.importBotAuthorization"));
    }

    @Test
    void sleepsThroughAFloodWaitBelowItsThresholdAndThenLogsIn() throws Exception {
        TestDc dc3 = DC.cluster().dc(3);
        long importsBefore = imports(dc3);
        dc3.knobs().floodWait("auth.importBotAuthorization", 1, 2);
        Map<String, String> r = telethon(3, FLOODED.token(), 60);
        assertEquals("true", r.get("ok"), r.toString());
        assertEquals(String.valueOf(FLOODED.id()), r.get("id"));
        assertTrue(Double.parseDouble(r.get("seconds")) >= 2.0, "Telethon waited the announced 2 s: " + r);
        assertEquals(importsBefore + 2, imports(dc3), "one refused import, one that succeeded");
    }

    private static long imports(TestDc dc) {
        return dc.executions().stream().filter(e -> e.method().equals("auth.importBotAuthorization")).count();
    }

    @Test
    void raisesAFloodWaitAboveItsThreshold() throws Exception {
        TestDc dc3 = DC.cluster().dc(3);
        dc3.knobs().floodWait("auth.importBotAuthorization", 1, 30);
        Map<String, String> r = telethon(3, FLOODED.token(), 5);
        assertEquals("false", r.get("ok"), r.toString());
        assertEquals("FloodWaitError", r.get("error"));
        assertEquals("420", r.get("code"));
    }
}
