package dev.heliograph.examples;

import dev.heliograph.client.BotIdentity;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.ClientEventListener;
import dev.heliograph.client.DcMap;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.client.UpdateProblem;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.session.file.FileSessionModule;
import dev.heliograph.testdc.PrivateMessage;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestUser;
import dev.heliograph.tl.api.Update;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

/**
 * A bot that replies to every private message with its text.
 *
 * <p>Without environment variables it starts the embedded test DC cluster, logs the demo bot in,
 * and lets a test user (phone {@value #USER_PHONE}) send it {@code --messages N} messages (default
 * 5), printing each echo the user gets back. With {@code TG_API_ID}, {@code TG_API_HASH} and
 * {@code TG_BOT_TOKEN} set it logs in to Telegram and echoes until stopped (Ctrl-C); its session,
 * update state and peer cache live in {@code ./heliograph-echo/}, so a restart answers the
 * messages sent while it was down, each once.
 */
public final class EchoBot {

    /** The embedded cluster's test user. */
    static final String USER_PHONE = "9996621111";

    private EchoBot() {
    }

    /**
     * The bot: what a bot author writes (quoted in the README).
     *
     * @param client a client, not logged in yet
     * @param botToken the bot's token
     * @return the bot's identity
     */
    static BotIdentity echo(HeliographClient client, String botToken) {
        client.onMessage(message -> {
            if (message.isPrivate() && !message.text().isEmpty()) {
                message.reply(message.text());           // messages.sendMessage; a repeat is sent once
            }
        });
        return client.botLogin(botToken);                // updates flow from here on
    }

    /**
     * Runs the bot.
     *
     * @param args {@code --messages N} (embedded cluster only)
     * @throws InterruptedException if interrupted while running against Telegram
     */
    public static void main(String[] args) throws InterruptedException {
        int status = run(args, System.getenv(), System.out);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the bot.
     *
     * @param args the options
     * @param env the environment ({@code TG_*} variables)
     * @param out where to print
     * @return 0 on success, 1 if an echo did not come back, 2 for bad options
     * @throws InterruptedException if interrupted while running against Telegram
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out) throws InterruptedException {
        int messages = 5;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--messages") && i + 1 < args.length) {
                messages = Integer.parseInt(args[++i]);
            } else {
                out.println("usage: EchoBot [--messages N]");
                return 2;
            }
        }
        if (env.containsKey("TG_API_ID") && env.containsKey("TG_API_HASH") && env.containsKey("TG_BOT_TOKEN")) {
            ClientConfig config = ClientConfig.builder()
                    .api(Integer.parseInt(env.get("TG_API_ID").trim()), env.get("TG_API_HASH").trim())
                    .dcMap(DcMap.production()).sessionName("echo").build();
            try (HeliographClient client = HeliographClient.builder().config(config).transport("tcp")
                    .module(new FileSessionModule(Path.of("heliograph-echo"))).listener(reporter(out)).build()) {
                BotIdentity me = echo(client, env.get("TG_BOT_TOKEN").trim());
                out.println("@" + me.username() + " echoes private messages; Ctrl-C stops it");
                new CountDownLatch(1).await();
            }
            return 0;
        }
        return embedded(messages, out);
    }

    private static int embedded(int messages, PrintStream out) {
        try (TestCluster cluster = TestCluster.builder().app(EmbeddedCluster.APP).bot(EmbeddedCluster.BOT)
                .user(USER_PHONE, "Ada", "ada_test_user").rpcLog(line -> { }).start()) {
            ClientConfig config = ClientConfig.builder()
                    .api(EmbeddedCluster.APP.apiId(), EmbeddedCluster.APP.apiHash())
                    .dcMap(DcMap.of(cluster.endpoints(), EmbeddedCluster.INITIAL_DC))
                    .trustedKeys(TrustedRsaKeys.of(List.of(cluster.publicKey())))
                    .sessionName("echo").build();
            try (HeliographClient client = HeliographClient.builder().config(config).transport("tcp")
                    .listener(reporter(out)).build()) {
                BotIdentity me = echo(client, EmbeddedCluster.BOT.token());
                out.println("@" + me.username() + " is up on the embedded test DC; a test user writes to it");
                TestUser user = cluster.user(USER_PHONE);
                for (int i = 1; i <= messages; i++) {
                    String text = "hello " + i;
                    user.sendMessage(EmbeddedCluster.BOT, text);
                    PrivateMessage echo = user.awaitMessageFrom(EmbeddedCluster.BOT.id(), Duration.ofSeconds(10));
                    out.println("  user: " + text + "  ->  bot: " + echo.text());
                }
            } catch (TimeoutException e) {
                out.println("error: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        return 0;
    }

    /** Prints what goes wrong with updates or handlers. */
    private static ClientEventListener reporter(PrintStream out) {
        return new ClientEventListener() {
            @Override
            public void updateProblem(UpdateProblem problem) {
                out.println("  update problem: " + problem.kind() + ": " + problem.detail());
            }

            @Override
            public void updateHandlerFailed(Update update, Throwable failure) {
                out.println("  handler failed: " + failure);
            }
        };
    }
}
