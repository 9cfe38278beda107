package dev.heliograph.bench.sidebyside;

import dev.heliograph.client.BotIdentity;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.DcMap;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.crypto.impl.RsaPem;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.session.file.FileSessionModule;
import dev.heliograph.transport.DcEndpoint;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One first login in a fresh JVM, as {@link SideBySide} starts it: a new session in the file
 * store (so one key exchange), then {@code logged in MAIN_MS UPTIME_MS CPU_MS @bot}: the time from
 * entering {@code main} and from the JVM's start, and the CPU time of all the JVM's threads by then.
 */
public final class FreshJvmLogin {

    private FreshJvmLogin() {
    }

    /**
     * Logs in once.
     *
     * @param args api id, api hash, bot token, public key PEM file, session folder, initial DC,
     *             then {@code DC=HOST:PORT} for each DC
     * @throws IOException if the key cannot be read
     */
    public static void main(String[] args) throws IOException {
        long main = System.nanoTime();
        List<DcEndpoint> dcs = new ArrayList<>();
        for (int i = 6; i < args.length; i++) {
            String[] dc = args[i].split("[=:]");
            dcs.add(DcEndpoint.of(Integer.parseInt(dc[0]), dc[1], Integer.parseInt(dc[2])));
        }
        ClientConfig config = ClientConfig.builder().api(Integer.parseInt(args[0]), args[1])
                .dcMap(DcMap.of(dcs, Integer.parseInt(args[5])))
                .trustedKeys(TrustedRsaKeys.of(List.of(
                        RsaPem.parsePublic(Files.readString(Path.of(args[3]), StandardCharsets.US_ASCII)))))
                .sessionName("first")
                .build();
        try (HeliographClient client = HeliographClient.builder().config(config).transport("tcp")
                .module(new FileSessionModule(Path.of(args[4]))).build()) {
            BotIdentity me = client.botLogin(args[2]);
            long loggedIn = System.nanoTime();
            System.out.println("logged in " + (loggedIn - main) / 1_000_000 + " "
                    + ManagementFactory.getRuntimeMXBean().getUptime() + " "
                    + ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L)
                    + " @" + me.username());
        }
    }
}
