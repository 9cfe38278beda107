package dev.heliograph.bench.sidebyside;

import com.google.inject.Module;
import dev.heliograph.bench.LocalRedis;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.DcMap;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.crypto.impl.RsaPem;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.session.file.FileSessionModule;
import dev.heliograph.session.redis.RedisSessionModule;
import dev.heliograph.session.redis.RedisSessionStore;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.InputUser;
import dev.heliograph.tl.api.InputUserSelf;
import dev.heliograph.tl.api.JsonString;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import dev.heliograph.tl.api.functions.help.GetNearestDc;
import dev.heliograph.tl.api.functions.users.GetUsers;
import dev.heliograph.transport.DcEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heliograph and Telethon side by side against the test DC's standalone command in its own JVM:
 * the same bot, the same calls, one table of ratios. Run it from the repository root with
 * {@code bench/side-by-side.sh} (see the script for the options); it starts the DC, warms it, then
 * measures {@code --runs} times and prints the median and the spread (min..max) of the runs.
 *
 * <p>Heliograph runs in this JVM (warm after the warm-up), Telethon in one Python process per run
 * (Debian's python3-telethon, through test-dc's driver). First logins run in fresh processes.
 */
public final class SideBySide {

    static final int API_ID = 50001;
    static final String API_HASH = "0123456789abcdef0123456789abcdef";
    static final String TOKEN = "7000001:AAbenchBenchBenchBenchBenchBench1";
    static final int HOME_DC = 2;
    private static final int MIB = 1 << 20;
    static final int IN_FLIGHT = 64;
    /** Telethon refuses requests above its 1 MiB message limit: 0.94 MiB out (JSON, then 64 KiB of inputUserSelf). */
    private static final int JSON_BYTES = MIB - 128 * 1024;
    private static final Pattern NUMBER_LIST = Pattern.compile("\"(\\w+)\": (\\[[^\\]]*\\]|\\d+)");

    private final Options options;
    private final Path work;
    private final DcProcess dc;
    private final LocalRedis redis;
    private final Path pem;
    private final ClientConfig.Builder config;
    private final TlMethod<List<User>> mebibyteEachWay;
    private int sessions;

    private SideBySide(Options options, Path work, DcProcess dc, LocalRedis redis, Path pem) throws IOException {
        this.options = options;
        this.work = work;
        this.dc = dc;
        this.redis = redis;
        this.pem = pem;
        this.config = ClientConfig.builder().api(API_ID, API_HASH).dcMap(DcMap.of(dc.endpoints(), HOME_DC))
                .trustedKeys(TrustedRsaKeys.of(List.of(RsaPem.parsePublic(Files.readString(pem, StandardCharsets.US_ASCII)))));
        this.mebibyteEachWay = new InvokeWithLayer<>(ApiSchema.LAYER, new InitConnection<>(API_ID, "Heliograph bench",
                "Linux", "0.1", "en", "", "en", null, new JsonString("x".repeat(JSON_BYTES)),
                new GetUsers(Collections.nCopies(MIB / 64, (InputUser) new InputUserSelf()))));
    }

    /**
     * Runs the comparison and prints the table.
     *
     * @param args options; see {@code bench/side-by-side.sh}
     * @throws Exception if the DC, Redis, Telethon or a child JVM fails
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path work = Files.createTempDirectory("heliograph-side-by-side");
        Path pem = work.resolve("dc.pem");
        try (DcProcess dc = DcProcess.start(pem, API_ID + ":" + API_HASH, TOKEN + ",bench_bot,Bench," + HOME_DC);
                LocalRedis redis = LocalRedis.start()) {
            new SideBySide(options, work, dc, redis, pem).run();
        }
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "side by side: %d cores, load average %s; DC in its own JVM at %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), dc.endpoints());
        System.out.println("warming up the DC and this JVM ...");
        warmUp();
        List<Map<String, Double>> runs = new ArrayList<>();
        for (int r = 1; r <= options.runs; r++) {
            System.out.printf(Locale.ROOT, "run %d of %d (load average %s) ...%n", r, options.runs, loadAverage());
            Map<String, Double> m = new LinkedHashMap<>();
            heliograph(m);
            telethon(m, "run" + r);
            fresh(m, r);
            runs.add(m);
            System.out.println("  " + m);
        }
        Table.print(runs, options);
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    }

    private static String loadAverage() throws IOException {
        Path proc = Path.of("/proc/loadavg");
        return Files.exists(proc) ? Files.readString(proc).trim() : "unknown";
    }

    // ---- Heliograph, in this JVM ----

    private HeliographClient client(String store, String session) {
        Module module = store.equals("redis")
                ? new RedisSessionModule(RedisSessionStore.builder().uri(redis.uri()).keyPrefix("side-by-side:"))
                : new FileSessionModule(work.resolve("heliograph"));
        return HeliographClient.builder().config(config.sessionName(session).build()).transport("tcp").module(module)
                .build();
    }

    private void warmUp() throws Exception {
        long[] ignored = coldLogins("file", Math.max(20, options.logins));
        ignored = coldLogins("redis", Math.max(20, options.logins));
        try (HeliographClient c = client("file", "warm-up")) {
            c.botLogin(TOKEN);
            ignored = sequential(c, options.calls);
            pipelined(c, options.pipelined);
            ignored = mebibyte(c, 3);
        }
        if (ignored.length == 0) {
            throw new IllegalStateException("no warm-up calls");
        }
        telethonMeasure("warm-up", 3, 500, 2000, 1);
    }

    private void heliograph(Map<String, Double> m) throws InterruptedException {
        long[] cold = coldLogins("file", options.logins);
        m.put("h.cold.file.p50", millis(Stats.p(cold, 50)));
        m.put("h.cold.file.p99", millis(Stats.p(cold, 99)));
        cold = coldLogins("redis", options.logins);
        m.put("h.cold.redis.p50", millis(Stats.p(cold, 50)));
        m.put("h.cold.redis.p99", millis(Stats.p(cold, 99)));
        for (String store : List.of("file", "redis")) {
            try (HeliographClient c = client(store, "warm")) {
                c.botLogin(TOKEN);
            }
            long[] warm = new long[options.logins];
            for (int i = 0; i < warm.length; i++) {
                long start = System.nanoTime();
                try (HeliographClient c = client(store, "warm")) {
                    c.botLogin(TOKEN);
                    warm[i] = System.nanoTime() - start;
                }
            }
            m.put("h.warm." + store + ".p50", millis(Stats.p(warm, 50)));
        }
        try (HeliographClient c = client("file", "calls")) {
            c.botLogin(TOKEN);
            long[] seq = sequential(c, options.calls);
            m.put("h.seq.p50.us", Stats.p(seq, 50) / 1e3);
            m.put("h.seq.rate", seq.length / (Arrays.stream(seq).sum() / 1e9));
            m.put("h.pipe.rate", options.pipelined / (pipelined(c, options.pipelined) / 1e9));
            m.put("h.mib.p50", millis(Stats.p(mebibyte(c, options.mibCalls), 50)));
        }
    }

    /** Each login: a new client on a new session (its assembly included), then botLogin; closing is not timed. */
    private long[] coldLogins(String store, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            String session = "cold-" + ++sessions;
            long start = System.nanoTime();
            try (HeliographClient c = client(store, session)) {
                c.botLogin(TOKEN);
                out[i] = System.nanoTime() - start;
            }
        }
        return out;
    }

    static long[] sequential(HeliographClient c, int n) {
        long[] out = new long[n];
        GetNearestDc call = new GetNearestDc();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            c.invoke(call);
            out[i] = System.nanoTime() - start;
        }
        return out;
    }

    static long pipelined(HeliographClient c, int n) throws InterruptedException {
        Semaphore window = new Semaphore(IN_FLIGHT);
        GetNearestDc call = new GetNearestDc();
        long[] failures = new long[1];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            window.acquire();
            c.invokeAsync(call).whenComplete((r, e) -> {
                if (e != null) {
                    synchronized (failures) {
                        failures[0]++;
                    }
                }
                window.release();
            });
        }
        window.acquire(IN_FLIGHT);
        long elapsed = System.nanoTime() - start;
        synchronized (failures) {
            if (failures[0] > 0) {
                throw new IllegalStateException(failures[0] + " pipelined calls failed");
            }
        }
        return elapsed;
    }

    private long[] mebibyte(HeliographClient c, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            int users = c.invoke(mebibyteEachWay).size();
            out[i] = System.nanoTime() - start;
            if (users != MIB / 64) {
                throw new IllegalStateException("expected " + MIB / 64 + " users, got " + users);
            }
        }
        return out;
    }

    // ---- Telethon, in a Python process ----

    private void telethon(Map<String, Double> m, String tag) throws Exception {
        Map<String, long[]> t = telethonMeasure(tag, options.telethonLogins, options.telethonCalls,
                options.telethonPipelined, options.mibCalls);
        m.put("t.cold.file.p50", millis(Stats.p(t.get("cold_file"), 50)));
        m.put("t.cold.file.p99", millis(Stats.p(t.get("cold_file"), 99)));
        long[] seq = t.get("sequential");
        m.put("t.seq.p50.us", Stats.p(seq, 50) / 1e3);
        m.put("t.seq.rate", seq.length / (Arrays.stream(seq).sum() / 1e9));
        m.put("t.pipe.rate", t.get("pipelined_calls")[0] / (t.get("pipelined_nanos")[0] / 1e9));
        m.put("t.mib.p50", millis(Stats.p(t.get("mib"), 50)));
    }

    private Map<String, long[]> telethonMeasure(String tag, int logins, int calls, int pipelined, int mibCalls)
            throws Exception {
        String json = String.format(Locale.ROOT, "{\"mode\":\"measure\",\"tag\":\"%s\",\"logins\":%d,\"calls\":%d,"
                + "\"pipelined\":%d,\"in_flight\":%d,\"mib_calls\":%d,%s}", tag, logins, calls, pipelined, IN_FLIGHT,
                mibCalls, telethonCommon());
        Children.Run run = Children.run(telethonCommand(json), false);
        String last = run.lines().get(run.lines().size() - 1);
        Map<String, long[]> out = new LinkedHashMap<>();
        Matcher matcher = NUMBER_LIST.matcher(last);
        while (matcher.find()) {
            String v = matcher.group(2).replaceAll("[\\[\\] ]", "");
            out.put(matcher.group(1), v.isEmpty() ? new long[0]
                    : Arrays.stream(v.split(",")).mapToLong(Long::parseLong).toArray());
        }
        return out;
    }

    private String telethonCommon() throws IOException {
        Path dir = Files.createDirectories(work.resolve("telethon-" + ++sessions));
        DcEndpoint home = dc.endpoint(HOME_DC);
        return String.format(Locale.ROOT, "\"host\":\"%s\",\"port\":%d,\"dc\":%d,\"pem\":\"%s\",\"api_id\":%d,"
                + "\"api_hash\":\"%s\",\"token\":\"%s\",\"session_dir\":\"%s\"", home.host(), home.port(), HOME_DC,
                pem, API_ID, API_HASH, TOKEN, dir);
    }

    private List<String> telethonCommand(String json) {
        return List.of("/usr/bin/python3", options.telethonScript.toString(), options.telethonDriver.toString(), json);
    }

    // ---- first login in fresh processes ----

    private void fresh(Map<String, Double> m, int run) throws Exception {
        long[] hSpawn = new long[options.fresh];
        long[] hMain = new long[options.fresh];
        long[] tSpawn = new long[options.fresh];
        for (int i = 0; i < options.fresh; i++) {
            Path sessionsDir = Files.createDirectories(work.resolve("fresh-" + run + "-" + i));
            List<String> cmd = new ArrayList<>(List.of(Children.java(), "-cp", System.getProperty("java.class.path"),
                    FreshJvmLogin.class.getName(), Integer.toString(API_ID), API_HASH, TOKEN, pem.toString(),
                    sessionsDir.toString(), Integer.toString(HOME_DC)));
            for (DcEndpoint e : dc.endpoints()) {
                cmd.add(e.dcId() + "=" + e.host() + ":" + e.port());
            }
            Children.Run h = Children.run(cmd, true);
            hSpawn[i] = h.spawnToLoggedInNanos();
            String line = h.lines().stream().filter(l -> l.startsWith("logged in")).findFirst().orElseThrow();
            hMain[i] = Long.parseLong(line.split(" ")[2]) * 1_000_000;
            tSpawn[i] = Children.run(telethonCommand("{\"mode\":\"first\"," + telethonCommon() + "}"), true)
                    .spawnToLoggedInNanos();
        }
        m.put("h.fresh.main.p50", millis(Stats.p(hMain, 50)));
        m.put("h.fresh.spawn.p50", millis(Stats.p(hSpawn, 50)));
        m.put("t.fresh.spawn.p50", millis(Stats.p(tSpawn, 50)));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Percentiles of nanosecond samples. */
    static final class Stats {
        private Stats() {
        }

        static long p(long[] samples, int percentile) {
            long[] sorted = samples.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    /** The command line. */
    record Options(int runs, int logins, int calls, int pipelined, int mibCalls, int fresh, int telethonLogins,
            int telethonCalls, int telethonPipelined, Path telethonScript, Path telethonDriver) {

        static Options parse(String[] args) {
            Map<String, String> o = new LinkedHashMap<>();
            o.put("runs", "3");
            o.put("logins", "100");
            o.put("calls", "20000");
            o.put("pipelined", "300000");
            o.put("mib-calls", "10");
            o.put("fresh", "5");
            o.put("telethon-logins", "20");
            o.put("telethon-calls", "5000");
            o.put("telethon-pipelined", "20000");
            o.put("telethon-script", "bench/src/main/python/telethon_side_by_side.py");
            o.put("telethon-driver", "test-dc/src/test/resources/telethon");
            for (int i = 0; i < args.length; i++) {
                String key = args[i].replaceFirst("^--", "");
                if (!o.containsKey(key) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + args[i]
                            + "; options (with defaults): " + o);
                }
                o.put(key, args[++i]);
            }
            Function<String, Integer> n = k -> Integer.parseInt(o.get(k));
            return new Options(n.apply("runs"), n.apply("logins"), n.apply("calls"), n.apply("pipelined"),
                    n.apply("mib-calls"), n.apply("fresh"), n.apply("telethon-logins"), n.apply("telethon-calls"),
                    n.apply("telethon-pipelined"), Path.of(o.get("telethon-script")),
                    Path.of(o.get("telethon-driver")));
        }
    }
}
