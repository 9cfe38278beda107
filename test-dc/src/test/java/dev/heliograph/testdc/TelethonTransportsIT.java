package dev.heliograph.testdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.testdc.junit.TestClusterExtension;
import dev.heliograph.transport.tcp.codec.Framing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Telethon 1.25.1 logs a bot in over each of its TCP connections (abridged, intermediate,
 * obfuscated2 over abridged, full), and the test DC tells them apart by their first bytes. Needs
 * {@code apt-get install python3-telethon}.
 */
class TelethonTransportsIT {

    @RegisterExtension
    static final TestClusterExtension DC = TestClusterExtension.create(b -> { });

    @TempDir
    static Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"abridged, ABRIDGED, false", "intermediate, INTERMEDIATE, false", "obfuscated, ABRIDGED, true",
            "full, FULL, false"})
    void logsABotInOverEachTelethonTcpConnection(String connection, Framing framing, boolean obfuscated)
            throws Exception {
        Path pem = dir.resolve("test-dc-" + connection + ".pem");
        Files.writeString(pem, DC.cluster().publicKeyPem(), StandardCharsets.US_ASCII);
        TestDc dc2 = DC.cluster().dc(2);
        String transport = framing + (obfuscated ? " obfuscated" : "");
        int before = dc2.connectionsByTransport().getOrDefault(transport, 0);
        Bot bot = TestClusterExtension.BOT;
        Map<String, String> r = TelethonDriver.login(pem, dc2.host(), dc2.port(), 2, bot.token(), connection, 60);
        assertEquals("true", r.get("ok"), r.get("output"));
        assertEquals(String.valueOf(bot.id()), r.get("id"));
        assertEquals(bot.username(), r.get("username"));
        assertEquals(String.valueOf(bot.firstName()), r.get("first_name"));
        assertTrue(dc2.connectionsByTransport().getOrDefault(transport, 0) > before,
                () -> "the DC saw Telethon's " + transport + " connection: " + dc2.connectionsByTransport());
    }
}
