package dev.heliograph.testdc;

import dev.heliograph.crypto.impl.RsaPem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The standalone test cluster: starts the DCs, prints each DC's endpoint and the key fingerprint,
 * logs one line per RPC, and reads knob commands from standard input until {@code quit} or end of
 * input. Run with {@code --help} for the options; {@code test-dc/README.md} documents them.
 */
public final class TestClusterMain {

    private static final String USAGE = """
            usage: TestClusterMain [options]
              --dcs 1,2,3,4,5              DC ids (default 1..5)
              --host 127.0.0.1             address to bind and advertise
              --port DC=PORT               a DC's port (repeatable; default 0 = any free port)
              --rsa-key FILE               PEM private key (PKCS#1 or PKCS#8; repeatable, the first is
                                           printed and written); default: generate one
              --public-key-out FILE        write the public key (PKCS#1 PEM) here
              --app API_ID:API_HASH[:published]          register an app (repeatable)
              --bot ID:SECRET,USERNAME,FIRST_NAME,HOME_DC register a bot (repeatable)
              --user PHONE,FIRST_NAME[,USERNAME]         register a user, phone 99966XYYYY with X
                                           its home DC; login code XXXXX (repeatable)
              --quiet                      no per-RPC log lines
            commands on standard input (DC is a DC id):
              stop DC | start DC | restart DC | rotate-salts DC | forget-keys DC
              flood DC CALLS SECONDS [METHOD] | delay DC MILLIS | skew DC SECONDS
              drop-after DC MESSAGES | drop-before DC METHOD | dh-retry DC EXCHANGES
              expire-temp-keys DC | temp-key-lifetime DC MILLIS (0: as the client asks)
              move BOT_ID DC | revoke BOT_ID
              drop-updates ACCOUNT N | too-long ACCOUNT | delay-updates DC MILLIS
              duplicate-rule on|off | login-flood LOGINS SECONDS
              send PHONE PEER_ID TEXT... | quit
            """;

    private TestClusterMain() {
    }

    /**
     * Runs the cluster until {@code quit} or end of standard input.
     *
     * @param args the options (see {@code --help})
     * @throws IOException if a key file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        // Nothing here reads the execution log: a long-running DC (a benchmark's) must not grow one.
        TestCluster.Builder b = TestCluster.builder().recordExecutions(false);
        Path publicKeyOut = null;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return;
                }
                case "--quiet" -> quiet = true;
                case "--dcs" -> b.dcIds(Arrays.stream(value(args, ++i, a).split(",")).mapToInt(Integer::parseInt)
                        .toArray());
                case "--host" -> b.host(value(args, ++i, a));
                case "--port" -> {
                    String[] kv = value(args, ++i, a).split("=", 2);
                    b.port(Integer.parseInt(kv[0]), Integer.parseInt(kv[1]));
                }
                case "--rsa-key" -> b.rsaKey(RsaPem.parsePrivate(
                        Files.readString(Path.of(value(args, ++i, a)), StandardCharsets.US_ASCII)));
                case "--public-key-out" -> publicKeyOut = Path.of(value(args, ++i, a));
                case "--app" -> {
                    String[] p = value(args, ++i, a).split(":");
                    b.app(new App(Integer.parseInt(p[0]), p[1], p.length > 2 && p[2].equals("published")));
                }
                case "--bot" -> {
                    String[] p = value(args, ++i, a).split(",");
                    if (p.length != 4) {
                        throw new IllegalArgumentException("--bot takes ID:SECRET,USERNAME,FIRST_NAME,HOME_DC");
                    }
                    b.bot(Bot.fromToken(p[0], p[1], p[2], Integer.parseInt(p[3])));
                }
                case "--user" -> {
                    String[] p = value(args, ++i, a).split(",");
                    if (p.length < 2 || p.length > 3) {
                        throw new IllegalArgumentException("--user takes PHONE,FIRST_NAME[,USERNAME]");
                    }
                    b.user(p[0], p[1], p.length > 2 ? p[2] : null);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (!quiet) {
            b.rpcLog(line -> {
                synchronized (out) {
                    out.println(Instant.now() + " " + line);
                }
            });
        }
        try (TestCluster cluster = b.start()) {
            if (publicKeyOut != null) {
                Files.writeString(publicKeyOut, cluster.publicKeyPem(), StandardCharsets.US_ASCII);
            }
            for (TestDc dc : cluster.dcs()) {
                out.println("DC " + dc.id() + " " + dc.host() + ":" + dc.port());
            }
            out.println("fingerprint " + cluster.fingerprint()
                    + String.format(" (0x%016X)", cluster.fingerprint()));
            for (TestUser u : cluster.users()) {
                out.println("user " + u.id() + " " + u.phone() + " code " + u.loginCode()
                        + (u.username() == null ? "" : " @" + u.username()));
            }
            if (publicKeyOut == null) {
                out.print(cluster.publicKeyPem());
            }
            out.println("ready");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] c = line.trim().split("\\s+");
                if (c[0].isEmpty()) {
                    continue;
                }
                if (c[0].equals("quit")) {
                    break;
                }
                try {
                    command(cluster, c);
                    out.println("ok " + line.trim());
                } catch (RuntimeException e) {
                    out.println("error " + e.getMessage());
                }
                out.flush();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void command(TestCluster cluster, String[] c) {
        switch (c[0]) {
            case "stop" -> cluster.dc(arg(c, 1)).stop();
            case "start" -> cluster.dc(arg(c, 1)).start();
            case "restart" -> cluster.dc(arg(c, 1)).restart();
            case "rotate-salts" -> cluster.dc(arg(c, 1)).rotateSalts();
            case "forget-keys" -> cluster.dc(arg(c, 1)).forgetAllAuthKeys();
            case "expire-temp-keys" -> cluster.dc(arg(c, 1)).expireTempKeys();
            case "temp-key-lifetime" -> cluster.dc(arg(c, 1)).knobs()
                    .tempKeyLifetime(arg(c, 2) == 0 ? null : Duration.ofMillis(arg(c, 2)));
            case "flood" -> cluster.dc(arg(c, 1)).knobs().floodWait(c.length > 4 ? c[4] : null, arg(c, 2), arg(c, 3));
            case "delay" -> cluster.dc(arg(c, 1)).knobs().delayReplies(Duration.ofMillis(arg(c, 2)));
            case "skew" -> cluster.dc(arg(c, 1)).knobs().skewClock(Duration.ofSeconds(arg(c, 2)));
            case "drop-after" -> cluster.dc(arg(c, 1)).knobs().dropConnectionAfterMessages(arg(c, 2));
            case "drop-before" -> cluster.dc(arg(c, 1)).knobs().dropConnectionBeforeReplyTo(text(c, 2));
            case "dh-retry" -> cluster.dc(arg(c, 1)).knobs().dhGenRetry(arg(c, 2));
            case "move" -> cluster.moveBot(Long.parseLong(text(c, 1)), arg(c, 2));
            case "revoke" -> cluster.revokeBotToken(Long.parseLong(text(c, 1)));
            case "drop-updates" -> cluster.dropUpdates(Long.parseLong(text(c, 1)), arg(c, 2));
            case "too-long" -> cluster.pushUpdatesTooLong(Long.parseLong(text(c, 1)));
            case "delay-updates" -> cluster.dc(arg(c, 1)).knobs().delayUpdates(Duration.ofMillis(arg(c, 2)));
            case "duplicate-rule" -> cluster.duplicateKeyRule(onOff(text(c, 1)));
            case "login-flood" -> cluster.loginFloodLimit(arg(c, 1), Duration.ofSeconds(arg(c, 2)));
            case "send" -> cluster.user(text(c, 1)).sendMessage(Long.parseLong(text(c, 2)),
                    String.join(" ", Arrays.copyOfRange(c, 3, Math.max(3, c.length))), 0);
            default -> throw new IllegalArgumentException("unknown command " + c[0]);
        }
    }

    private static boolean onOff(String s) {
        return switch (s) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("expected on or off, not " + s);
        };
    }

    private static String text(String[] c, int i) {
        if (i >= c.length) {
            throw new IllegalArgumentException("missing argument " + i + " of " + c[0]);
        }
        return c[i];
    }

    private static int arg(String[] c, int i) {
        return Integer.parseInt(text(c, i));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
