package dev.heliograph.examples;

import dev.heliograph.client.BotIdentity;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.DcMap;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.crypto.impl.RsaPem;
import dev.heliograph.error.ConfigurationException;
import dev.heliograph.error.HeliographException;
import dev.heliograph.mtproto.BuiltInDcs;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.session.file.FileSessionModule;
import dev.heliograph.session.redis.RedisSessionModule;
import dev.heliograph.session.redis.RedisSessionStore;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.tcp.TcpTransportConfig;
import dev.heliograph.transport.tcp.TcpTransportModule;
import dev.heliograph.transport.tcp.codec.Framing;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The README's main command: a bot login, step by step.
 *
 * <p>Without environment variables it starts the embedded test DC cluster in this JVM (the bot
 * lives on DC 4 and the client starts on DC 2, so the login migrates) and keeps the session in a
 * file in {@code ./heliograph-demo/sessions}. Run it twice: the second run reuses the key and
 * logs in faster. With {@code TG_API_ID}, {@code TG_API_HASH} and {@code TG_BOT_TOKEN} set, the
 * same program logs in to Telegram's production DCs with the built-in RSA keys.
 *
 * <pre>
 * options: --transport tcp|http   --framing abridged|intermediate|padded|full   --obfuscated
 *          --store file|redis     --redis-url URL (default $HELIOGRAPH_REDIS_URI, else redis://127.0.0.1:6379)
 *          --session NAME
 *          --dir FOLDER (default ./heliograph-demo)
 *          --dc ID=HOST:PORT (repeatable; replaces the production DC map)   --trust-key PEM-FILE
 * </pre>
 */
public final class BotLoginDemo {

    private BotLoginDemo() {
    }

    /**
     * Runs the demo and exits with its status.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out);
        System.exit(status);
    }

    /**
     * Runs the demo.
     *
     * @param args the options
     * @param env the environment ({@code TG_*} variables)
     * @param out where to print
     * @return 0 on success, 1 if the login failed, 2 for bad options or configuration
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out) {
        long start = System.nanoTime();
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println(Options.USAGE);
            return 2;
        }
        try (Progress progress = new Progress(out, start)) {
            return login(options, progress, out);
        }
    }

    private static int login(Options options, Progress progress, PrintStream out) {
        out.println("Heliograph bot login demo");
        EmbeddedCluster cluster = null;
        try {
            // One host that keeps its id across runs takes its own key back at once; a new random id
            // per run would wait out the key's release grace on every restart.
            ClientConfig.Builder config = ClientConfig.builder().sessionName(options.session()).pfs(options.pfs())
                    .hostId("demo-" + options.session());
            String token;
            if (options.production()) {
                out.println("  servers: " + (options.dcs().isEmpty() ? "Telegram production DCs" : "DCs " + options.dcs())
                        + ", api_id " + options.apiId());
                config.api(options.apiId(), options.apiHash())
                        .dcMap(options.dcs().isEmpty() ? DcMap.production() : customMap(options.dcs()))
                        .trustedKeys(options.trustedKeys());
                token = options.token();
            } else {
                progress.begin("starting the embedded test DC cluster (5 DCs on 127.0.0.1)");
                cluster = EmbeddedCluster.start(options.dir());
                progress.done("done");
                out.println("  bot @" + EmbeddedCluster.BOT.username() + " lives on DC " + EmbeddedCluster.BOT.homeDc()
                        + "; new sessions start on DC " + EmbeddedCluster.INITIAL_DC);
                config.api(EmbeddedCluster.APP.apiId(), EmbeddedCluster.APP.apiHash())
                        .dcMap(cluster.dcMap())
                        .trustedKeys(cluster.trustedKeys());
                token = EmbeddedCluster.BOT.token();
            }
            out.println("  transport: " + options.transport() + (options.transport().equals("tcp")
                    ? " (" + options.framing().name().toLowerCase(Locale.ROOT) + (options.obfuscated() ? ", obfuscated" : "")
                    + ")" : "") + ", session store: " + options.store() + ", session: " + options.session());
            int exchangesBefore = cluster != null ? cluster.keyExchanges() : 0;
            HeliographClient client;
            try {
                client = build(options, config.build(), progress);
            } catch (ConfigurationException e) {
                out.println("error: " + e.getMessage());
                return 2;
            }
            long loginStart = System.nanoTime();
            try (client) {
                BotIdentity me = client.botLogin(token);
                progress.step("logged in as @" + me.username() + " (" + me.firstName() + ", id " + me.id()
                        + ") on DC " + me.dcId() + " in " + (System.nanoTime() - loginStart) / 1_000_000 + " ms");
            }
            progress.step("session '" + options.session() + "' saved in " + where(options));
            if (cluster != null) {
                int exchanges = cluster.keyExchanges() - exchangesBefore;
                out.println("  key exchanges this run: " + exchanges
                        + (exchanges == 0 ? " (the stored key was reused)" : ""));
            }
            // CPU time as well: on a loaded machine it says what the run cost when the wall clock cannot.
            out.println("  JVM start to logged in: " + jvmUptimeMillis() + " ms (CPU time of all threads: "
                    + ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis() + " ms").orElse("unknown")
                    + ")");
            return 0;
        } catch (HeliographException e) {
            progress.step("login failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** Like production: start on DC 2 when the map has it. */
    private static DcMap customMap(List<DcEndpoint> dcs) {
        return dcs.stream().anyMatch(d -> d.dcId() == BuiltInDcs.DEFAULT_DC)
                ? DcMap.of(dcs, BuiltInDcs.DEFAULT_DC) : DcMap.of(dcs);
    }

    private static HeliographClient build(Options options, ClientConfig config, Progress progress) {
        HeliographClient.Builder builder = HeliographClient.builder().config(config).listener(progress);
        if (options.transport().equals("tcp")) {
            builder.module(new TcpTransportModule(TcpTransportConfig.builder()
                    .framing(options.framing()).obfuscation(options.obfuscated()).build()));
        } else {
            builder.transport(options.transport());
        }
        if (options.store().equals("file")) {
            builder.module(new FileSessionModule(options.sessionDir()));
        } else {
            // Generous timeout: the demo's hosts may all start at once on one small machine.
            builder.module(new RedisSessionModule(RedisSessionStore.builder().uri(options.redisUrl())
                    .operationTimeout(Duration.ofSeconds(30))));
        }
        return builder.build();
    }

    private static String where(Options options) {
        if (options.store().equals("file")) {
            return options.sessionDir().toAbsolutePath().resolve(options.session() + ".session").toString();
        }
        // A Redis URI may carry a password (redis://:secret@host): never print it.
        return "redis at " + options.redisUrl().replaceFirst("//[^@/]*@", "//***@");
    }

    private static long jvmUptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** The parsed command line. */
    record Options(String transport, Framing framing, boolean obfuscated, boolean pfs, String store, String redisUrl,
                   String session, Path dir, List<DcEndpoint> dcs, TrustedRsaKeys trustedKeys,
                   boolean production, int apiId, String apiHash, String token) {

        static final String USAGE = "usage: java -jar heliograph-examples.jar [--transport tcp|http]"
                + " [--framing abridged|intermediate|padded|full] [--obfuscated] [--no-pfs] [--store file|redis]"
                + " [--redis-url URL] [--session NAME] [--dir FOLDER] [--dc ID=HOST:PORT]... [--trust-key PEM-FILE]\n"
                + "Set TG_API_ID, TG_API_HASH and TG_BOT_TOKEN to log in to Telegram instead of the embedded test DCs.";

        Path sessionDir() {
            return dir.resolve("sessions");
        }

        @Override
        public String toString() {
            return "Options[transport=" + transport + ", store=" + store + ", session=" + session + "]";
        }

        static Options parse(String[] args, Map<String, String> env) {
            String transport = "tcp";
            Framing framing = Framing.INTERMEDIATE;
            boolean obfuscated = false;
            boolean pfs = true;
            String store = "file";
            String redisUrl = env.getOrDefault("HELIOGRAPH_REDIS_URI", "redis://127.0.0.1:6379");
            String session = "demo";
            Path dir = Path.of("heliograph-demo");
            List<DcEndpoint> dcs = new ArrayList<>();
            TrustedRsaKeys keys = TrustedRsaKeys.builtIn();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--obfuscated")) {
                    obfuscated = true;
                    continue;
                }
                if (a.equals("--no-pfs")) {
                    pfs = false;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--transport" -> transport = oneOf(a, v, "tcp", "http");
                    case "--framing" -> framing = switch (oneOf(a, v, "abridged", "intermediate", "padded", "full")) {
                        case "abridged" -> Framing.ABRIDGED;
                        case "padded" -> Framing.PADDED_INTERMEDIATE;
                        case "full" -> Framing.FULL;
                        default -> Framing.INTERMEDIATE;
                    };
                    case "--store" -> store = oneOf(a, v, "file", "redis");
                    case "--redis-url" -> redisUrl = v;
                    case "--session" -> session = v;
                    case "--dir" -> dir = Path.of(v);
                    case "--dc" -> dcs.add(parseDc(v));
                    case "--trust-key" -> keys = keys.plus(readKey(Path.of(v)));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (!transport.equals("tcp") && (framing != Framing.INTERMEDIATE || obfuscated)) {
                throw new IllegalArgumentException("--framing and --obfuscated apply to the tcp transport only");
            }
            List<String> tg = List.of("TG_API_ID", "TG_API_HASH", "TG_BOT_TOKEN");
            List<String> set = tg.stream().filter(k -> env.get(k) != null && !env.get(k).isBlank()).toList();
            if (!set.isEmpty() && set.size() < tg.size()) {
                List<String> missing = new ArrayList<>(tg);
                missing.removeAll(set);
                throw new IllegalArgumentException("to log in to Telegram set all of " + tg + "; missing " + missing);
            }
            boolean production = set.size() == tg.size();
            if (!production && !dcs.isEmpty()) {
                throw new IllegalArgumentException("--dc needs TG_API_ID, TG_API_HASH and TG_BOT_TOKEN");
            }
            if (!production && !transport.equals("tcp")) {
                throw new IllegalArgumentException("the embedded test DC cluster serves TCP only; --transport "
                        + transport + " needs TG_API_ID, TG_API_HASH and TG_BOT_TOKEN");
            }
            int apiId = 0;
            if (production) {
                try {
                    apiId = Integer.parseInt(env.get("TG_API_ID").trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("TG_API_ID must be a number");
                }
            }
            return new Options(transport, framing, obfuscated, pfs, store, redisUrl, session, dir, List.copyOf(dcs), keys,
                    production, apiId, production ? env.get("TG_API_HASH").trim() : null,
                    production ? env.get("TG_BOT_TOKEN").trim() : null);
        }

        private static String oneOf(String option, String value, String... allowed) {
            for (String a : allowed) {
                if (a.equals(value)) {
                    return a;
                }
            }
            throw new IllegalArgumentException(option + " must be one of " + String.join("|", allowed) + ", not " + value);
        }

        static DcEndpoint parseDc(String v) {
            int eq = v.indexOf('=');
            int colon = v.lastIndexOf(':');
            if (eq <= 0 || colon <= eq + 1) {
                throw new IllegalArgumentException("--dc takes ID=HOST:PORT, not " + v);
            }
            try {
                return DcEndpoint.of(Integer.parseInt(v.substring(0, eq)), v.substring(eq + 1, colon),
                        Integer.parseInt(v.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--dc takes ID=HOST:PORT, not " + v);
            }
        }

        static dev.heliograph.crypto.RsaPublicKey readKey(Path file) {
            try {
                return RsaPem.parsePublic(Files.readString(file));
            } catch (IOException | HeliographException e) {
                throw new IllegalArgumentException("cannot read an RSA public key from " + file);
            }
        }
    }
}
