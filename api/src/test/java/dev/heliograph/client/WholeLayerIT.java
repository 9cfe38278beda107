package dev.heliograph.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.RpcException;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestUser;
import dev.heliograph.tl.api.BaseConfig;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.InputPeerSelf;
import dev.heliograph.tl.api.InputPeerUser;
import dev.heliograph.tl.api.InputUserSelf;
import dev.heliograph.tl.api.UpdateShortSentMessage;
import dev.heliograph.tl.api.Updates;
import dev.heliograph.tl.api.contacts.BaseResolvedPeer;
import dev.heliograph.tl.api.functions.contacts.ResolveUsername;
import dev.heliograph.tl.api.functions.help.GetConfig;
import dev.heliograph.tl.api.functions.messages.SendMessage;
import dev.heliograph.tl.api.functions.payments.GetStarsStatus;
import dev.heliograph.tl.api.functions.updates.GetState;
import dev.heliograph.tl.api.functions.users.GetFullUser;
import dev.heliograph.tl.api.updates.BaseState;
import dev.heliograph.tl.api.users.BaseUserFull;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/** After login, a bot calls functions of the whole layer 228 through {@code invoke}/{@code invokeAsync}. */
class WholeLayerIT {

    private static TestCluster cluster;
    private static HeliographClient client;
    private static TestUser user;

    @BeforeAll
    static void logIn() {
        cluster = Cluster.start();
        user = cluster.addUser("9996621234", "Ada", "ada_layer");
        client = HeliographClient.builder().config(Cluster.config(cluster).build()).transport("tcp").build();
        client.botLogin(Cluster.BOT.token());
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    @Test
    void theConfigOfTheHomeDcDecodesAsTheLayer228Type() {
        BaseConfig config = assertInstanceOf(BaseConfig.class, client.invoke(new GetConfig()));
        assertEquals(4, config.thisDc());
        assertTrue(config.dcOptions().size() >= 5, config.dcOptions().toString());
    }

    @Test
    void theUpdateStateIsReadAsynchronously() {
        BaseState state = assertInstanceOf(BaseState.class, client.invokeAsync(new GetState()).toCompletableFuture().join());
        long now = System.currentTimeMillis() / 1000;
        assertTrue(state.pts() >= 0 && Math.abs(state.date() - now) < 300, state.toString()); // the DC's clock, not a default
    }

    @Test
    void theBotReadsItsOwnFullUser() {
        BaseUserFull full = assertInstanceOf(BaseUserFull.class, client.invoke(new GetFullUser(new InputUserSelf())));
        BaseUser self = assertInstanceOf(BaseUser.class, full.users().get(0));
        assertEquals(Cluster.BOT.id(), self.id());
        assertTrue(self.bot());
    }

    @Test
    void theBotResolvesAUserAndSendsItAMessage() throws Exception {
        user.sendMessage(Cluster.BOT, "/start");
        BaseResolvedPeer resolved = assertInstanceOf(BaseResolvedPeer.class,
                client.invoke(new ResolveUsername("ada_layer", null)));
        BaseUser ada = assertInstanceOf(BaseUser.class, resolved.users().get(0));
        assertEquals(user.id(), ada.id());
        Updates sent = client.invoke(SendMessage.builder()
                .peer(new InputPeerUser(ada.id(), ada.accessHash()))
                .message("hello from layer 228")
                .randomId(ThreadLocalRandom.current().nextLong())
                .build());
        assertInstanceOf(UpdateShortSentMessage.class, sent);
        assertEquals("hello from layer 228", user.awaitMessageFrom(Cluster.BOT.id(), Duration.ofSeconds(10)).text());
    }

    @Test
    void aFunctionTheServerDoesNotServeFailsWithATypedRpcError() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.invokeAsync(new GetStarsStatus(false, new InputPeerSelf())).toCompletableFuture().join());
        RpcException rpc = assertInstanceOf(RpcException.class, e.getCause());
        assertEquals(400, rpc.code());
    }
}
