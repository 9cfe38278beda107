package dev.heliograph.bench.session;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.DcOption;
import dev.heliograph.session.SelfUser;
import dev.heliograph.session.ServerSalt;
import dev.heliograph.session.SessionSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The session the warm-start benchmarks load: what a bot that has used every DC remembers. */
final class BenchSessions {

    private BenchSessions() {
    }

    static SessionSnapshot typical() {
        Random random = new Random(42);
        SessionSnapshot.Builder builder = SessionSnapshot.builder().homeDc(2);
        for (int dc = 1; dc <= 5; dc++) {
            byte[] key = new byte[AuthKey.LENGTH];
            random.nextBytes(key);
            List<ServerSalt> salts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                salts.add(new ServerSalt(random.nextLong(), i * 1800, i * 1800 + 3600));
            }
            builder.dc(new DcAuth(dc, AuthKey.of(key), salts, random.nextInt(2000) - 1000));
        }
        List<DcOption> options = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            options.add(DcOption.of(1 + i % 5, "149.154.175." + (10 + i), 443));
        }
        return builder.dcOptions(options).selfUser(new SelfUser(7_000_000_123L, "bench_bot", "Bench", true)).build();
    }
}
