package dev.heliograph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.DcMap;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.testdc.TelethonDriver;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.junit.TestClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client nobody here wrote (Telethon 1.25, as a user logged in by phone) talks to the README's EchoBot. */
class EchoBotTelethonIT {

    private static final String PHONE = "9996627777";

    @TempDir
    Path dir;

    @Test
    void aTelethonUserGetsEachOfItsMessagesEchoedBack() throws Exception {
        try (TestCluster cluster = TestCluster.builder().app(TestClusterExtension.APP).bot(EmbeddedCluster.BOT)
                .user(PHONE, "Grace", "grace_telethon").rpcLog(line -> { }).start()) {
            ClientConfig config = ClientConfig.builder()
                    .api(TestClusterExtension.APP.apiId(), TestClusterExtension.APP.apiHash())
                    .dcMap(DcMap.of(cluster.endpoints(), EmbeddedCluster.INITIAL_DC))
                    .trustedKeys(TrustedRsaKeys.of(List.of(cluster.publicKey())))
                    .sessionName("echo-telethon").build();
            try (HeliographClient client = HeliographClient.builder().config(config).transport("tcp").build()) {
                EchoBot.echo(client, EmbeddedCluster.BOT.token());

                Path pem = dir.resolve("test-dc.pem");
                Files.writeString(pem, cluster.publicKeyPem(), StandardCharsets.US_ASCII);
                Map<String, Object> a = TelethonDriver.args(pem, cluster.dc(2));
                a.put("mode", "user");
                a.put("phone", PHONE);
                a.put("code", "22222");
                a.put("bot_username", EmbeddedCluster.BOT.username());
                a.put("texts", List.of("first", "second", "third"));
                a.put("replies", 3);
                Map<String, String> user = TelethonDriver.run(a);

                assertEquals("true", user.get("ok"), user.get("output"));
                assertEquals(String.valueOf(EmbeddedCluster.BOT.id()), user.get("bot_id"), user.get("output"));
                assertEquals("first\nsecond\nthird", user.get("replies"), user.get("output"));
            }
        }
    }
}
