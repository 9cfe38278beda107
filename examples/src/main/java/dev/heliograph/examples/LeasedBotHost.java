package dev.heliograph.examples;

import dev.heliograph.client.BotIdentity;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.ClientEventListener;
import dev.heliograph.client.DcMap;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.client.UpdateProblem;
import dev.heliograph.client.UpdateSettings;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.session.KeyPoolPolicy;
import dev.heliograph.session.redis.RedisSessionModule;
import dev.heliograph.session.redis.RedisSessionStore;
import dev.heliograph.session.redis.StreamFanout;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.functions.updates.GetState;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.tcp.TcpTransportConfig;
import dev.heliograph.transport.tcp.TcpTransportModule;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One bot host of many sharing a session through Redis: it leases an auth key of its own from the
 * session's pool (creating one and logging the bot in on it only when no key is free), logs in,
 * keeps calling {@code updates.getState} for a while, then stops and gives its key back. It prints
 * one line per event, which {@link SharedBotHosts} and the tests read:
 * {@code key created|reused <dc> <key id>}, {@code login <method>}, {@code logged in ...},
 * {@code call ok|failed ...}, {@code lease lost <dc> <key id>}, {@code quarantined ...}; with
 * {@code --handle on} it also handles the bot's messages ({@code handled <sender> <text>}) and
 * reports the update receiver role ({@code receiver gained}, {@code receiver lost}): of the hosts,
 * only the receiver handles messages.
 *
 * <p>With {@code --echo-ms N} it answers every message with {@code re: <text>} after waiting N ms
 * (I/O-bound work), printing {@code echo <text>} as each handler run starts; with
 * {@code --fanout-shards N} the hosts share that work through Redis Streams ({@link StreamFanout}):
 * every host handles its share, not only the receiver; {@code --stay-ms -1} keeps it running until
 * its standard input closes.
 *
 * <pre>
 * env: TG_API_ID, TG_API_HASH, TG_BOT_TOKEN, HELIOGRAPH_REDIS_URI
 * options: --session NAME --host-id ID --local-address IP --trust-key PEM-FILE
 *          --dc ID=HOST:PORT... [--stay-ms N|-1] [--call-every-ms N]
 *          [--lease-ms N --release-grace-ms N --expiry-grace-ms N] [--pfs on|off]
 *          [--handle on|off] [--receiver-lease-ms N] [--fanout-shards N [--fanout-lease-ms N]] [--echo-ms N]
 * </pre>
 */
public final class LeasedBotHost {

    private LeasedBotHost() {
    }

    /**
     * Runs the host and exits: 0 after a login, 1 if it failed.
     *
     * @param args the options
     * @throws IOException if the key file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        String session = "shared";
        String hostId = null;
        String localAddress = null;
        TrustedRsaKeys keys = TrustedRsaKeys.builtIn();
        List<DcEndpoint> dcs = new ArrayList<>();
        long stayMillis = 0;
        long everyMillis = 500;
        long lease = KeyPoolPolicy.DEFAULT.leaseTtl().toMillis();
        long releaseGrace = KeyPoolPolicy.DEFAULT.releaseGrace().toMillis();
        long expiryGrace = KeyPoolPolicy.DEFAULT.expiryGrace().toMillis();
        boolean pfs = true;
        boolean handle = false;
        long receiverLease = UpdateSettings.DEFAULT_RECEIVER_LEASE.toMillis();
        int fanoutShards = 0;
        long fanoutLease = StreamFanout.DEFAULT.leaseTtl().toMillis();
        long echoMillis = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--session" -> session = v;
                case "--host-id" -> hostId = v;
                case "--local-address" -> localAddress = v;
                case "--trust-key" -> keys = keys.plus(BotLoginDemo.Options.readKey(Path.of(v)));
                case "--dc" -> dcs.add(BotLoginDemo.Options.parseDc(v));
                case "--stay-ms" -> stayMillis = Long.parseLong(v);
                case "--call-every-ms" -> everyMillis = Long.parseLong(v);
                case "--lease-ms" -> lease = Long.parseLong(v);
                case "--release-grace-ms" -> releaseGrace = Long.parseLong(v);
                case "--expiry-grace-ms" -> expiryGrace = Long.parseLong(v);
                case "--pfs" -> pfs = onOff("--pfs", v);
                case "--handle" -> handle = onOff("--handle", v);
                case "--receiver-lease-ms" -> receiverLease = Long.parseLong(v);
                case "--fanout-shards" -> fanoutShards = Integer.parseInt(v);
                case "--fanout-lease-ms" -> fanoutLease = Long.parseLong(v);
                case "--echo-ms" -> echoMillis = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        PrintStream out = System.out;
        ClientConfig.Builder config = ClientConfig.builder()
                .api(Integer.parseInt(env.get("TG_API_ID")), env.get("TG_API_HASH"))
                .dcMap(DcMap.of(dcs, 2))
                .trustedKeys(keys)
                .sessionName(session)
                .requestTimeout(Duration.ofSeconds(20))
                .pfs(pfs)
                .updates(UpdateSettings.builder().receiverLease(Duration.ofMillis(receiverLease)).build())
                .keyPoolPolicy(new KeyPoolPolicy(Duration.ofMillis(lease), Duration.ofMillis(releaseGrace),
                        Duration.ofMillis(expiryGrace)));
        if (hostId != null) {
            config.hostId(hostId);
        }
        TcpTransportConfig.Builder tcp = TcpTransportConfig.builder();
        if (localAddress != null) {
            tcp.localAddress(InetAddress.getByName(localAddress));
        }
        RedisSessionStore.Builder redis = RedisSessionStore.builder().uri(env.get("HELIOGRAPH_REDIS_URI"))
                .operationTimeout(Duration.ofSeconds(30));
        if (fanoutShards > 0) {
            // Sharing the handling is this one store setting (and a host id): the handlers stay the same.
            redis.updateFanout(StreamFanout.builder().shards(fanoutShards).leaseTtl(Duration.ofMillis(fanoutLease))
                    .block(Duration.ofMillis(Math.min(500, fanoutLease / 3))).build());
        }
        HeliographClient.Builder builder = HeliographClient.builder().config(config.build())
                .module(new TcpTransportModule(tcp.build()))
                .module(new RedisSessionModule(redis))
                .listener(new Printer(out));
        int status = 1;
        try (HeliographClient client = builder.build()) {
            if (handle) {
                client.onMessage(m -> out.println("handled " + m.senderId() + " " + m.text()));
            }
            if (echoMillis >= 0) {
                long wait = echoMillis;
                client.onMessage(message -> {
                    // Flushed at once: a host killed right after still shows every run it started.
                    synchronized (out) {
                        out.println("echo " + message.text());
                        out.flush();
                    }
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    message.reply("re: " + message.text()).join();
                });
            }
            BotIdentity me = client.botLogin(env.get("TG_BOT_TOKEN"));
            out.println("logged in as @" + me.username() + " on DC " + me.dcId());
            out.flush();
            status = 0;
            if (stayMillis < 0) {
                // Runs until the parent closes our standard input, then closes the client cleanly.
                while (System.in.read() >= 0) {
                    continue;
                }
            }
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stayMillis);
            while (System.nanoTime() < end) {
                try {
                    client.invoke(new GetState());
                    out.println("call ok");
                } catch (RuntimeException e) {
                    out.println("call failed " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                Thread.sleep(everyMillis);
            }
        } catch (RuntimeException e) {
            out.println("failed " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println("stopped");
        out.flush();
        System.exit(status);
    }

    private static boolean onOff(String option, String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(option + " takes on or off, not " + value);
        };
    }

    /** Prints the events the shared-hosts scenarios count. */
    private record Printer(PrintStream out) implements ClientEventListener {
        @Override
        public void authKeyCreated(int dcId, long authKeyId) {
            out.println("key created " + dcId + " " + Long.toHexString(authKeyId));
        }

        @Override
        public void authKeyReused(int dcId, long authKeyId) {
            out.println("key reused " + dcId + " " + Long.toHexString(authKeyId));
        }

        @Override
        public void rpcStart(int dcId, String method) {
            if (method.equals("auth.importBotAuthorization")) {
                out.println("login " + dcId);
            }
        }

        @Override
        public void authKeyLeaseLost(int dcId, long authKeyId, Throwable cause) {
            out.println("lease lost " + dcId + " " + Long.toHexString(authKeyId));
        }

        @Override
        public void storeEntryQuarantined(SessionStoreException error) {
            out.println("quarantined " + error.getMessage());
        }

        @Override
        public void updateProblem(UpdateProblem problem) {
            out.println("update problem " + problem.kind() + ": " + problem.detail());
        }

        @Override
        public void updateHandlerFailed(Update update, Throwable failure) {
            out.println("handler failed " + failure);
        }

        @Override
        public void becameUpdateReceiver() {
            out.println("receiver gained");
        }

        @Override
        public void lostUpdateReceiver(Throwable cause) {
            out.println("receiver lost " + cause.getMessage());
        }
    }
}
