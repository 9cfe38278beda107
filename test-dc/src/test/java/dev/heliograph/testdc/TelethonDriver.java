package dev.heliograph.testdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.testdc.junit.TestClusterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code telethon/driver.py} (Debian's python3-telethon, layer 144) against one DC of a test
 * cluster, and returns the driver's JSON answer as flat strings (a list becomes its items joined
 * by newlines).
 */
public final class TelethonDriver {

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": (\\[[^\\]]*\\]|\"[^\"]*\"|[^,}]+)");
    private static final Pattern ITEM = Pattern.compile("\"([^\"]*)\"");

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
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("host", host);
        a.put("port", port);
        a.put("dc", dc);
        a.put("pem", pem.toString());
        a.put("api_id", TestClusterExtension.APP.apiId());
        a.put("api_hash", TestClusterExtension.APP.apiHash());
        a.put("token", token);
        a.put("connection", connection);
        a.put("flood_sleep_threshold", floodSleepThreshold);
        return run(a);
    }

    /**
     * The arguments every mode needs: where the DC is and which key and app to use.
     *
     * @param pem the cluster's public key file
     * @param dc the DC Telethon starts on
     * @return a mutable map to add the mode's arguments to
     */
    public static Map<String, Object> args(Path pem, TestDc dc) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("host", dc.host());
        a.put("port", dc.port());
        a.put("dc", dc.id());
        a.put("pem", pem.toString());
        a.put("api_id", TestClusterExtension.APP.apiId());
        a.put("api_hash", TestClusterExtension.APP.apiHash());
        return a;
    }

    /**
     * Runs the driver to the end.
     *
     * @param args its arguments (strings, numbers, booleans, lists of strings)
     * @return its answer
     * @throws Exception if it cannot run, fails, or takes over a minute
     */
    public static Map<String, String> run(Map<String, Object> args) throws Exception {
        return start(args).finish();
    }

    /**
     * Starts the driver.
     *
     * @param args its arguments
     * @return the running driver
     * @throws IOException if Python cannot start
     */
    public static Running start(Map<String, Object> args) throws IOException {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", driver().toString(), json(args))
                    .redirectErrorStream(true).start();
            return new Running(p);
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** A driver process. */
    public static final class Running {
        private final Process process;
        private final BufferedReader out;
        private final List<String> lines = new ArrayList<>();

        private Running(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /**
         * Waits until the driver prints {@code READY} (the bot mode, once logged in).
         *
         * @throws IOException if it ends first
         */
        public void awaitReady() throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.equals("READY")) {
                    return;
                }
            }
            throw new IOException("the driver ended before READY:\n" + String.join("\n", lines));
        }

        /**
         * Waits for the end and parses the answer.
         *
         * @return the answer, with the whole output under {@code "output"}
         * @throws Exception if it fails or takes over a minute
         */
        public Map<String, String> finish() throws Exception {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "Telethon finished");
            String output = String.join("\n", lines);
            assertEquals(0, process.exitValue(), () -> "Telethon driver failed (it needs Debian's python3-telethon:"
                    + " sudo apt-get install -y python3-telethon, or run ./test.sh):\n" + output);
            // the answer is the last JSON line: asyncio may still print warnings while Python exits
            String answer = "";
            for (String l : lines) {
                if (l.startsWith("{")) {
                    answer = l;
                }
            }
            Matcher m = FIELD.matcher(answer);
            Map<String, String> result = new HashMap<>();
            while (m.find()) {
                String v = m.group(2);
                if (v.startsWith("[")) {
                    List<String> items = new ArrayList<>();
                    Matcher i = ITEM.matcher(v);
                    while (i.find()) {
                        items.add(i.group(1));
                    }
                    v = String.join("\n", items);
                }
                result.put(m.group(1), v.replace("\"", ""));
            }
            result.put("output", output);
            return result;
        }

        /** Kills the process if it still runs. */
        public void kill() {
            process.destroyForcibly();
        }
    }

    private static String json(Map<String, Object> args) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : args.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(e.getKey()).append("\":").append(value(e.getValue()));
        }
        return b.append('}').toString();
    }

    private static String value(Object v) {
        if (v instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (v instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            for (Object o : list) {
                items.add(value(o));
            }
            return "[" + String.join(",", items) + "]";
        }
        return String.valueOf(v);
    }

    /** The script, copied out once when it is read from a jar (another module's ITs use this class). */
    private static synchronized Path driver() throws URISyntaxException, IOException {
        URL url = TelethonDriver.class.getResource("/telethon/driver.py");
        if (url.getProtocol().equals("file")) {
            return Path.of(url.toURI());
        }
        if (copied == null) {
            Path file = Files.createTempFile("heliograph-telethon-driver-", ".py");
            file.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            copied = file;
        }
        return copied;
    }

    private static Path copied;
}
