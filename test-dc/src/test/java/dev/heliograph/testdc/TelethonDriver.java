package dev.heliograph.testdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.testdc.junit.TestClusterExtension;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code telethon/driver.py} (Debian's python3-telethon, layer 144) against one DC of a test
 * cluster, and returns the driver's JSON answer as flat strings.
 */
public final class TelethonDriver {

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": (\"[^\"]*\"|[^,}]+)");

    private TelethonDriver() {
    }

    /**
     * Logs a bot in with Telethon.
     *
     * @param pem the cluster's public key in PKCS#1 PEM, written to a file
     * @param host where the DC listens
     * @param port its port for the chosen connection (the HTTP port for {@code "http"})
     * @param dc the DC id Telethon starts on
     * @param token the bot token
     * @param connection {@code full}, {@code abridged}, {@code intermediate}, {@code obfuscated} or {@code http}
     * @param floodSleepThreshold Telethon's flood_sleep_threshold in seconds
     * @return the driver's answer ({@code ok}, {@code id}, {@code username}, {@code error}, ...)
     * @throws Exception if the driver cannot run or does not finish within a minute
     */
    public static Map<String, String> login(Path pem, String host, int port, int dc, String token, String connection,
            int floodSleepThreshold) throws Exception {
        String args = String.format("{\"host\":\"%s\",\"port\":%d,\"dc\":%d,\"pem\":\"%s\",\"api_id\":%d,"
                + "\"api_hash\":\"%s\",\"token\":\"%s\",\"connection\":\"%s\",\"flood_sleep_threshold\":%d}",
                host, port, dc, pem, TestClusterExtension.APP.apiId(), TestClusterExtension.APP.apiHash(), token,
                connection, floodSleepThreshold);
        Process p = new ProcessBuilder("/usr/bin/python3", driver().toString(), args).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Telethon finished");
        assertEquals(0, p.exitValue(), () -> "Telethon driver failed (it needs Debian's python3-telethon: sudo apt-get install -y python3-telethon, or run ./test.sh):\n" + output);
        String[] lines = output.strip().split("\n");
        Matcher m = FIELD.matcher(lines[lines.length - 1]);
        Map<String, String> out = new HashMap<>();
        while (m.find()) {
            out.put(m.group(1), m.group(2).replace("\"", ""));
        }
        out.put("output", output);
        return out;
    }

    private static Path driver() throws URISyntaxException {
        return Path.of(TelethonDriver.class.getResource("/telethon/driver.py").toURI());
    }
}
