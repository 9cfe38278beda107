package dev.heliograph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen hosts (separate JVMs) start at once against the test DC (in this JVM) and one Redis:
 * exactly one key exchange per DC, all log in, each with its own session_id; a 17th host started
 * later does no key exchange.
 */
class SharedBotHostsIT {

    @TempDir
    Path dir;

    @Test
    void sixteenHostsShareOneKeyPerDcAndALateHostCreatesNone() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<SharedBotHosts.Phase> phases = SharedBotHosts.run(16, null, dir,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        SharedBotHosts.Phase together = phases.get(0);
        assertEquals(16, together.loggedIn(), text);
        // The session starts on DC 2 and migrates to the bot's home, DC 4: one key on each.
        assertEquals(Map.of(2, 1, 4, 1), together.keyExchanges(), text);
        assertEquals(16, together.sessionIds(), text);
        SharedBotHosts.Phase later = phases.get(1);
        assertEquals(1, later.loggedIn(), text);
        assertEquals(0, later.totalKeyExchanges(), text);
    }
}
