package dev.heliograph.session.file;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.DcOption;
import dev.heliograph.session.SelfUser;
import dev.heliograph.session.ServerSalt;
import dev.heliograph.session.SessionSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child of {@link FileCrashSafetyIT}: rewrites one session over and over, alternating between
 * two snapshots, until it is killed.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    /**
     * Returns one of the two snapshots the writer alternates between; both sides build them from
     * fixed seeds, so the parent knows exactly what a valid file may hold.
     *
     * @param which 0 or 1
     * @return the snapshot
     */
    static SessionSnapshot snapshot(int which) {
        Random random = new Random(1000 + which);
        SessionSnapshot.Builder builder = SessionSnapshot.builder().homeDc(1 + which);
        for (int dc = 1; dc <= 5; dc++) {
            byte[] key = new byte[AuthKey.LENGTH];
            random.nextBytes(key);
            List<ServerSalt> salts = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                salts.add(new ServerSalt(random.nextLong(), i * 1800, i * 1800 + 3600));
            }
            builder.dc(new DcAuth(dc, AuthKey.of(key), salts, random.nextInt()));
        }
        List<DcOption> options = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            options.add(DcOption.of(1 + i % 5, "149.154.175." + random.nextInt(256), 443));
        }
        return builder.dcOptions(options).selfUser(new SelfUser(random.nextLong(), "crash_bot", "Crash", true))
                .build();
    }

    /**
     * Runs the writer.
     *
     * @param args the session directory and the session name
     */
    public static void main(String[] args) {
        SessionSnapshot[] snapshots = {snapshot(0), snapshot(1)};
        try (FileSessionStore store = FileSessionStore.open(Path.of(args[0]))) {
            for (long i = 0; ; i++) {
                store.replace(args[1], snapshots[(int) (i & 1)]).toCompletableFuture().join();
                if (i == 0) {
                    System.out.println("WRITING");
                    System.out.flush();
                }
            }
        }
    }
}
