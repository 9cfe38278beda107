package dev.heliograph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.client.BotIdentity;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.DcMap;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.testkit.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command and the wiring snippets, run for real. */
class BotLoginDemoIT {

    @TempDir
    Path dir;

    private String runJar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "heliograph-examples.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("TG_API_ID");
        pb.environment().remove("TG_API_HASH");
        pb.environment().remove("TG_BOT_TOKEN");
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the demo did not finish");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @Test
    void mainCommandMigratesOnTheFirstRunAndReusesTheKeyOnTheSecond() throws Exception {
        String first = runJar();
        assertTrue(first.contains("key exchange with DC 2"), first);
        assertTrue(first.contains("the bot lives on DC 4: migrating from DC 2"), first);
        assertTrue(first.contains("key exchange with DC 4"), first);
        assertTrue(first.contains("logged in as @heliograph_demo_bot (Heliograph Demo, id 1000001) on DC 4"), first);
        assertTrue(first.contains("key exchanges this run: 2"), first);
        Path session = dir.resolve("heliograph-demo").resolve("sessions").resolve("demo.session");
        assertTrue(first.contains("saved in " + session.toAbsolutePath()), first);
        assertTrue(Files.isRegularFile(session));

        String second = runJar();
        assertTrue(second.contains("for DC 4 reused from the session (no key exchange)"), second);
        assertFalse(second.contains("key exchange with"), second);
        assertFalse(second.contains("migrating"), second);
        assertTrue(second.contains("key exchanges this run: 0"), second);
        assertTrue(second.contains("logged in as @heliograph_demo_bot"), second);
    }

    @Test
    void productionModeLogsInWithTheCredentialsFromTheEnvironment() throws Exception {
        App app = App.of(40001, "00112233445566778899aabbccddeeff");
        Bot bot = Bot.fromToken("5550001:AAprodLikeTokenProdLikeToken0001", "prod_like_bot", "Prod Like", 3);
        try (TestCluster cluster = TestCluster.builder().app(app).bot(bot).start()) {
            Path pem = dir.resolve("test-dc.pem");
            Files.writeString(pem, cluster.publicKeyPem());
            List<String> args = new ArrayList<>(List.of("--dir", dir.toString(), "--session", "prod",
                    "--framing", "abridged", "--obfuscated", "--trust-key", pem.toString()));
            for (TestDc dc : cluster.dcs()) {
                args.add("--dc");
                args.add(dc.id() + "=" + dc.host() + ":" + dc.port());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Map<String, String> env = Map.of("TG_API_ID", "40001", "TG_API_HASH", app.apiHash(),
                    "TG_BOT_TOKEN", bot.token());
            int status = BotLoginDemo.run(args.toArray(String[]::new), env, new PrintStream(out, true, StandardCharsets.UTF_8));
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, text);
            assertTrue(text.contains("the bot lives on DC 3: migrating from DC 2"), text);
            assertTrue(text.contains("logged in as @prod_like_bot (Prod Like, id 5550001) on DC 3"), text);
            assertFalse(text.contains(app.apiHash()), "the api_hash was printed");
            assertFalse(text.contains("AAprodLike"), "the bot token was printed");
        }
    }

    @Test
    void embeddedDemoWithTheRedisStoreReusesTheKeyOnTheSecondRun() throws Exception {
        try (RedisServer redis = RedisServer.start(List.of())) {
            String uri = redis.uri();
            String[] args = {"--store", "redis", "--redis-url", uri, "--dir", dir.resolve("demo").toString()};
            String first = runInJvm(args);
            assertTrue(first.contains("key exchanges this run: 2"), first);
            assertTrue(first.contains("session 'demo' saved in redis at " + uri), first);
            String second = runInJvm(args);
            assertTrue(second.contains("key exchanges this run: 0"), second);
        }
    }

    private static String runInJvm(String[] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = BotLoginDemo.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        return text;
    }

    @Test
    void demoRejectsPartialTelegramCredentials() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = BotLoginDemo.run(new String[0], Map.of("TG_API_ID", "1"), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("missing [TG_API_HASH, TG_BOT_TOKEN]"));
    }

    @Test
    void demoExplainsThatTheEmbeddedClusterServesTcpOnly() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = BotLoginDemo.run(new String[] {"--transport", "http"}, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("serves TCP only"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void builderAndGuiceSnippetsLogInTheSameWay() {
        App app = App.of(40002, "ffeeddccbbaa99887766554433221100");
        Bot bot = Bot.fromToken("5550002:AAsnippetSnippetSnippetSnippet02", "snippet_bot", "Snippet", 2);
        try (TestCluster cluster = TestCluster.builder().app(app).bot(bot).start()) {
            ClientConfig.Builder config = ClientConfig.builder().api(app.apiId(), app.apiHash())
                    .dcMap(DcMap.of(cluster.endpoints(), 1))
                    .trustedKeys(TrustedRsaKeys.of(List.of(cluster.publicKey())));
            BotIdentity viaBuilder = BuilderWiring.login(config.sessionName("builder").build(), bot.token(), dir);
            BotIdentity viaGuice = GuiceWiring.login(config.sessionName("guice").build(), bot.token(), dir);
            assertEquals(new BotIdentity(5550002, "snippet_bot", "Snippet", 2), viaBuilder);
            assertEquals(viaBuilder, viaGuice);
            assertTrue(Files.isRegularFile(dir.resolve("builder.session")));
            assertTrue(Files.isRegularFile(dir.resolve("guice.session")));
        }
    }
}
