package dev.heliograph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's EchoBot against the embedded test DC. */
class EchoBotIT {

    @Test
    void everyMessageOfTheTestUserIsEchoedBack() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = EchoBot.run(new String[] {"--messages", "10"}, Map.of(), out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        for (int i = 1; i <= 10; i++) {
            assertTrue(text.contains("user: hello " + i + "  ->  bot: hello " + i + "\n"), text);
        }
        assertTrue(!text.contains("problem") && !text.contains("handler failed"), text);
    }
}
