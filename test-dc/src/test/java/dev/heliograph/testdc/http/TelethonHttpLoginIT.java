package dev.heliograph.testdc.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TelethonDriver;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.testdc.junit.TestClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telethon 1.25.1 from Debian logs a bot in over its {@code ConnectionHttp} ({@code POST /api} on
 * one pipelined keep-alive connection) against the test DC's HTTP listener: key exchange, the
 * salt retry, initConnection, and bot login all travel in HTTP requests and responses. Needs
 * {@code apt-get install python3-telethon}.
 */
class TelethonHttpLoginIT {

    @RegisterExtension
    static final TestClusterExtension DC = TestClusterExtension.create(b -> b.http(true));

    @TempDir
    static Path dir;

    @Test
    void logsABotInOverHttp() throws Exception {
        TestDc dc2 = DC.cluster().dc(2);
        int keysBefore = dc2.keyExchanges();
        Path pem = dir.resolve("test-dc.pem");
        Files.writeString(pem, DC.cluster().publicKeyPem(), StandardCharsets.US_ASCII);
        Bot bot = TestClusterExtension.BOT;
        Map<String, String> r = TelethonDriver.login(pem, dc2.host(), dc2.httpPort(), 2, bot.token(), "http", 60);
        String output = r.get("output");
        assertEquals("true", r.get("ok"), output);
        assertEquals(String.valueOf(bot.id()), r.get("id"));
        assertEquals(bot.username(), r.get("username"));
        assertEquals("true", r.get("bot"));
        assertEquals(keysBefore + 1, dc2.keyExchanges(), "the key was made over HTTP");
        assertEquals(0, dc2.connectionCount(), "nothing went through the TCP listener");
        assertTrue(dc2.authKeyIds().stream().anyMatch(k -> dc2.boundUser(k) == bot.id()));
    }
}
