package dev.heliograph.bench.sidebyside;

import com.google.inject.Module;
import dev.heliograph.bench.LocalRedis;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.ClientEventListener;
import dev.heliograph.client.DcMap;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.crypto.impl.RsaPem;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.session.file.FileSessionModule;
import dev.heliograph.session.redis.RedisSessionModule;
import dev.heliograph.session.redis.RedisSessionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a login's time goes, against the test DC's standalone command in its own JVM: cold logins
 * (new session) and warm logins (stored session) with the file and the Redis store, PFS on and
 * off, each split into phases by the client's events, median per phase:
 *
 * <ul>
 *   <li>{@code build}: assembling the client;</li>
 *   <li>{@code to-exchange}: loading the session, opening the connection, asking the store for a
 *       key, until the permanent key exchange starts (cold) or the key is leased (warm);</li>
 *   <li>{@code to-connected}: until the session can carry calls: the permanent key exchange (cold),
 *       and under PFS the temporary key's exchange and {@code auth.bindTempAuthKey} (the store
 *       adds a new key meanwhile);</li>
 *   <li>{@code import}: until {@code auth.importBotAuthorization} (or, warm, {@code users.getUsers})
 *       is answered;</li>
 *   <li>{@code after}: saving the login and the update state until {@code botLogin} returns.</li>
 * </ul>
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.heliograph.bench.sidebyside.LoginPhases [logins] [warm-up logins] [case]
 * </pre>
 *
 * A case ({@code "cold file pfs"}, {@code "warm redis no-pfs"}, ...) measures that case only.
 *
 * Run it under {@code -XX:StartFlightRecording} to see the CPU, lock and fsync side of the same logins.
 */
public final class LoginPhases {

    private static final int API_ID = 50001;
    private static final String API_HASH = "0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "7000001:AAbenchBenchBenchBenchBenchBench1";
    private static final int HOME_DC = 2;
    private static final List<String> PHASES = List.of("build", "to-exchange", "to-connected", "import", "after",
            "total");

    private final Path work;
    private final LocalRedis redis;
    private final ClientConfig.Builder config;
    private int sessions;

    private LoginPhases(Path work, DcProcess dc, LocalRedis redis, Path pem) throws java.io.IOException {
        this.work = work;
        this.redis = redis;
        this.config = ClientConfig.builder().api(API_ID, API_HASH).dcMap(DcMap.of(dc.endpoints(), HOME_DC))
                .trustedKeys(TrustedRsaKeys.of(List.of(RsaPem.parsePublic(Files.readString(pem, StandardCharsets.US_ASCII)))));
    }

    /**
     * Measures and prints the phases.
     *
     * @param args the number of measured logins per case (default 50), of warm-up logins (default 50),
     *     and the one case to measure (default: all)
     * @throws Exception if the DC or Redis fails
     */
    public static void main(String[] args) throws Exception {
        int logins = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        String only = args.length > 2 ? args[2] : null;
        Path work = Files.createTempDirectory("heliograph-login-phases");
        Path pem = work.resolve("dc.pem");
        try (DcProcess dc = DcProcess.start(pem, API_ID + ":" + API_HASH, TOKEN + ",bench_bot,Bench," + HOME_DC);
                LocalRedis redis = LocalRedis.start()) {
            LoginPhases bench = new LoginPhases(work, dc, redis, pem);
            for (String store : List.of("file", "redis")) {
                for (boolean pfs : List.of(true, false)) {
                    for (boolean cold : List.of(true, false)) {
                        if (only == null || only.equals(name(store, pfs, cold))) {
                            bench.measure(store, pfs, cold, warmUp);
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "median ms per phase (%d logins each)%n", logins);
            System.out.printf(Locale.ROOT, "%-22s", "case");
            PHASES.forEach(p -> System.out.printf(Locale.ROOT, "%15s", p));
            System.out.println();
            for (String store : List.of("file", "redis")) {
                for (boolean pfs : List.of(true, false)) {
                    for (boolean cold : List.of(true, false)) {
                        if (only != null && !only.equals(name(store, pfs, cold))) {
                            continue;
                        }
                        Map<String, long[]> phases = bench.measure(store, pfs, cold, logins);
                        System.out.printf(Locale.ROOT, "%-22s", name(store, pfs, cold));
                        for (String p : PHASES) {
                            System.out.printf(Locale.ROOT, "%15.2f", SideBySide.Stats.p(phases.get(p), 50) / 1e6);
                        }
                        System.out.println();
                    }
                }
            }
        }
    }

    private static String name(String store, boolean pfs, boolean cold) {
        return (cold ? "cold " : "warm ") + store + (pfs ? " pfs" : " no-pfs");
    }

    private Map<String, long[]> measure(String store, boolean pfs, boolean cold, int n) {
        Map<String, long[]> out = new LinkedHashMap<>();
        PHASES.forEach(p -> out.put(p, new long[n]));
        String warmSession = "warm-" + store + "-" + pfs;
        if (!cold) {
            try (HeliographClient c = client(store, warmSession, pfs, new Timeline())) {
                c.botLogin(TOKEN);
            }
        }
        for (int i = 0; i < n; i++) {
            Timeline t = new Timeline();
            t.start = System.nanoTime();
            try (HeliographClient c = client(store, cold ? "cold-" + ++sessions : warmSession, pfs, t)) {
                t.built = System.nanoTime();
                c.botLogin(TOKEN);
                t.end = System.nanoTime();
            }
            List<Long> marks = t.marks(cold);
            for (int p = 0; p < PHASES.size() - 1; p++) {
                out.get(PHASES.get(p))[i] = marks.get(p + 1) - marks.get(p);
            }
            out.get("total")[i] = t.end - t.start;
        }
        return out;
    }

    private HeliographClient client(String store, String session, boolean pfs, Timeline timeline) {
        Module module = store.equals("redis")
                ? new RedisSessionModule(RedisSessionStore.builder().uri(redis.uri()).keyPrefix("login-phases:"))
                : new FileSessionModule(work.resolve("sessions"));
        return HeliographClient.builder().config(config.sessionName(session).pfs(pfs).build()).transport("tcp")
                .module(module).listener(timeline).build();
    }

    /** The moments of one login, from the client's events (the first of each kind counts). */
    private static final class Timeline implements ClientEventListener {
        long start;
        long built;
        volatile long keyAsked;
        volatile long connected;
        volatile long answered;
        long end;

        @Override
        public void authKeyExchangeStarted(int dcId) {
            keyAsked = first(keyAsked);
        }

        @Override
        public void authKeyReused(int dcId, long authKeyId) {
            keyAsked = first(keyAsked);
        }

        @Override
        public void connected(int dcId) {
            connected = first(connected);
        }

        @Override
        public void rpcEnd(int dcId, String method, Duration elapsed, Throwable failure) {
            if (method.equals("auth.importBotAuthorization") || method.equals("users.getUsers")) {
                answered = first(answered);
            }
        }

        private static long first(long current) {
            return current != 0 ? current : System.nanoTime();
        }

        List<Long> marks(boolean cold) {
            List<Long> m = new ArrayList<>(List.of(start, built, keyAsked, connected, answered, end));
            for (int i = 1; i < m.size(); i++) {
                if (m.get(i) == 0) {
                    throw new IllegalStateException("a login without the event of phase " + PHASES.get(i - 1)
                            + (cold ? " (cold)" : " (warm)"));
                }
            }
            return m;
        }
    }
}
