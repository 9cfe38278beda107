package dev.heliograph.testdc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heliograph.testdc.junit.TestClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telethon 1.25 (layer 144) as a user logged in by phone and code and as a bot: they talk to each
 * other through the test DC's pushes, a restarted bot catches up with Telethon's own
 * {@code updates.getDifference}, and two copies of one session on two hosts get
 * {@code AuthKeyDuplicatedError}. Needs {@code apt-get install python3-telethon}.
 */
class TelethonConversationIT {

    static final Bot ECHO = new Bot(5000011, "AAF_echo_bot_secret", "echo_test_bot", "Echo Bot", 2);
    static final Bot SHARED = new Bot(5000012, "AAF_shared_bot_secret", "shared_test_bot", "Shared Bot", 2);
    static final String PHONE = "9996627001";

    @RegisterExtension
    static final TestClusterExtension DC = TestClusterExtension.create(b -> b.bot(ECHO).bot(SHARED)
            .user(PHONE, "Telethon User", "telethon_user"));

    @TempDir
    static Path dir;
    static Path pem;

    @BeforeAll
    static void writeKey() throws Exception {
        pem = dir.resolve("test-dc.pem");
        Files.writeString(pem, DC.cluster().publicKeyPem(), StandardCharsets.US_ASCII);
    }

    private static Map<String, Object> botArgs(Bot bot, Path session, int expect, boolean reply) {
        Map<String, Object> a = TelethonDriver.args(pem, DC.cluster().dc(2));
        a.put("mode", "bot");
        a.put("token", bot.token());
        a.put("session", session.toString());
        a.put("expect", expect);
        a.put("reply", reply);
        a.put("timeout", 30);
        return a;
    }

    @Test
    void aTelethonUserAndATelethonBotTalkThroughPushes() throws Exception {
        TelethonDriver.Running bot = TelethonDriver.start(botArgs(ECHO, dir.resolve("echo-bot"), 2, true));
        try {
            bot.awaitReady();
            Map<String, Object> a = TelethonDriver.args(pem, DC.cluster().dc(2));
            a.put("mode", "user");
            a.put("phone", PHONE);
            a.put("code", "22222");
            a.put("bot_username", ECHO.username());
            a.put("texts", List.of("hello bot", "second"));
            a.put("replies", 2);
            Map<String, String> user = TelethonDriver.run(a);
            assertEquals("true", user.get("ok"), user.get("output"));
            assertEquals(String.valueOf(DC.cluster().user(PHONE).id()), user.get("id"));
            assertEquals(String.valueOf(ECHO.id()), user.get("bot_id"));
            assertEquals("true", user.get("bot"));
            assertEquals("echo: hello bot\necho: second", user.get("replies"), user.get("output"));
            Map<String, String> b = bot.finish();
            assertEquals("true", b.get("ok"), b.get("output"));
            assertEquals("hello bot\nsecond", b.get("got"));
        } finally {
            bot.kill();
        }
    }

    @Test
    void aRestartedBotGetsTheMessagesSentWhileItWasOffline() throws Exception {
        Bot bot = new Bot(5000013, "AAF_offline_bot_secret", "offline_test_bot", "Offline Bot", 2);
        DC.cluster().addBot(bot);
        Path session = dir.resolve("offline-bot");
        TestUser user = DC.cluster().addUser("9996627002", "Offline Sender", null);
        TelethonDriver.Running first = TelethonDriver.start(botArgs(bot, session, 1, true));
        first.awaitReady();
        user.sendMessage(bot, "while online");
        Map<String, String> r1 = first.finish();
        assertEquals("while online", r1.get("got"), r1.get("output"));
        assertEquals("echo: while online", user.awaitMessageFrom(bot.id(), Duration.ofSeconds(10)).text());

        for (int i = 1; i <= 3; i++) {
            user.sendMessage(bot, "offline " + i);
        }
        int keys = DC.cluster().dc(2).keyExchanges();
        Map<String, String> r2 = TelethonDriver.start(botArgs(bot, session, 3, false)).finish();
        assertEquals("true", r2.get("ok"), r2.get("output"));
        assertEquals("offline 1\noffline 2\noffline 3", r2.get("got"), r2.get("output"));
        assertEquals(keys, DC.cluster().dc(2).keyExchanges(), "the restart reused the saved session's key");
    }

    @Test
    void twoTelethonProcessesOnOneCopiedSessionOnTwoHostsGetAuthKeyDuplicated() throws Exception {
        Map<String, Object> e = TelethonDriver.args(pem, DC.cluster().dc(2));
        e.put("mode", "export");
        e.put("token", SHARED.token());
        Map<String, String> exported = TelethonDriver.run(e);
        assertEquals("true", exported.get("ok"), exported.get("output"));
        TelethonDriver.Running[] hosts = new TelethonDriver.Running[2];
        for (int i = 0; i < 2; i++) {
            Map<String, Object> a = TelethonDriver.args(pem, DC.cluster().dc(2));
            a.put("mode", "hold");
            a.put("string", exported.get("string"));
            a.put("local_addr", "127.0.0." + (2 + i));
            a.put("seconds", 8);
            hosts[i] = TelethonDriver.start(a);
            Thread.sleep(1500);
        }
        for (TelethonDriver.Running h : hosts) {
            Map<String, String> r = h.finish();
            assertEquals("AuthKeyDuplicatedError", r.get("error"), r.get("output"));
            assertEquals("406", r.get("code"));
        }
    }
}
