package dev.heliograph.testdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.crypto.impl.RsaPem;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone command in its own process: endpoints, fingerprint, public key file, commands. */
class TestClusterMainIT {

    @TempDir
    Path dir;

    @Test
    void startsTheClusterPrintsEndpointsAndFingerprintAndTakesCommands() throws Exception {
        Path pem = dir.resolve("public.pem");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TestClusterMain.class.getName(),
                "--dcs", "1,2", "--public-key-out", pem.toString(),
                "--app", "4242:00112233445566778899aabbccddeeff",
                "--bot", "777:AAEsecret,cli_bot,CLI Bot,2", "--user", "9996621234,Cli User,cli_user")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                lines.add(line);
            }
            assertEquals("ready", line, () -> "output: " + lines);
            assertTrue(lines.get(0).matches("DC 1 127\\.0\\.0\\.1:\\d+"), lines.toString());
            assertTrue(lines.get(1).matches("DC 2 127\\.0\\.0\\.1:\\d+"), lines.toString());
            long fingerprint = new MtprotoCrypto(CryptoProviders.defaultProvider())
                    .rsaFingerprint(RsaPem.parsePublic(Files.readString(pem)));
            assertTrue(lines.get(2).startsWith("fingerprint " + fingerprint + " "), lines.toString());
            assertTrue(lines.get(3).matches("user \\d+ 9996621234 code 22222 @cli_user"), lines.toString());
            int port1 = Integer.parseInt(lines.get(0).substring(lines.get(0).lastIndexOf(':') + 1));
            try (Socket s = new Socket("127.0.0.1", port1)) {
                assertTrue(s.isConnected());
            }

            OutputStream in = p.getOutputStream();
            in.write(("stop 1\nmove 777 1\nflood 2 1 5 auth.importBotAuthorization\nbogus\n"
                    + "send 9996621234 777 hello bot\ndrop-updates 777 2\ntoo-long 777\ndelay-updates 2 10\n"
                    + "duplicate-rule off\nduplicate-rule maybe\nlogin-flood 5 60\nquit\n")
                    .getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertEquals("ok stop 1", out.readLine());
            assertEquals("ok move 777 1", out.readLine());
            assertEquals("ok flood 2 1 5 auth.importBotAuthorization", out.readLine());
            assertEquals("error unknown command bogus", out.readLine());
            assertEquals("ok send 9996621234 777 hello bot", out.readLine());
            assertEquals("ok drop-updates 777 2", out.readLine());
            assertEquals("ok too-long 777", out.readLine());
            assertEquals("ok delay-updates 2 10", out.readLine());
            assertEquals("ok duplicate-rule off", out.readLine());
            assertEquals("error expected on or off, not maybe", out.readLine());
            assertEquals("ok login-flood 5 60", out.readLine());
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "quit ends the command");
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }
}
