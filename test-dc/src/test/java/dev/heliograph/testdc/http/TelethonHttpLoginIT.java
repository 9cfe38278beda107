package dev.heliograph.testdc.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.testdc.junit.TestClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        Path driver = Path.of(TelethonHttpLoginIT.class.getResource("/telethon/driver.py").toURI());
        Bot bot = TestClusterExtension.BOT;
        String args = String.format("{\"host\":\"%s\",\"port\":%d,\"dc\":2,\"pem\":\"%s\",\"api_id\":%d,"
                + "\"api_hash\":\"%s\",\"token\":\"%s\",\"http\":true}", dc2.host(), dc2.httpPort(), pem,
                TestClusterExtension.APP.apiId(), TestClusterExtension.APP.apiHash(), bot.token());
        Process p = new ProcessBuilder("/usr/bin/python3", driver.toString(), args).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Telethon finished");
        assertEquals(0, p.exitValue(), () -> "driver failed (is python3-telethon installed?):\n" + output);
        String[] lines = output.strip().split("\n");
        Map<String, String> r = parse(lines[lines.length - 1]);
        assertEquals("true", r.get("ok"), output);
        assertEquals(String.valueOf(bot.id()), r.get("id"));
        assertEquals(bot.username(), r.get("username"));
        assertEquals("true", r.get("bot"));
        assertEquals(keysBefore + 1, dc2.keyExchanges(), "the key was made over HTTP");
        assertEquals(0, dc2.connectionCount(), "nothing went through the TCP listener");
        assertTrue(dc2.authKeyIds().stream().anyMatch(k -> dc2.boundUser(k) == bot.id()));
    }

    private static Map<String, String> parse(String json) {
        Matcher m = Pattern.compile("\"(\\w+)\": (\"[^\"]*\"|[^,}]+)").matcher(json);
        Map<String, String> out = new HashMap<>();
        while (m.find()) {
            out.put(m.group(1), m.group(2).replace("\"", ""));
        }
        return out;
    }
}
