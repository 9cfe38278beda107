package dev.heliograph.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.RpcException;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.tl.api.BaseConfig;
import dev.heliograph.tl.api.InputPeerSelf;
import dev.heliograph.tl.api.functions.help.GetConfig;
import dev.heliograph.tl.api.functions.payments.GetStarsStatus;
import dev.heliograph.tl.api.functions.updates.GetState;
import dev.heliograph.tl.api.updates.BaseState;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** After login, a bot calls functions of the whole layer 228 through {@code invoke}/{@code invokeAsync}. */
class WholeLayerIT {

    private static TestCluster cluster;
    private static HeliographClient client;

    @BeforeAll
    static void logIn() {
        cluster = Cluster.start();
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
        assertTrue(state.pts() >= 0 && state.date() > 0, state.toString());
    }

    @Test
    void aFunctionTheServerDoesNotServeFailsWithATypedRpcError() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.invokeAsync(new GetStarsStatus(false, new InputPeerSelf())).toCompletableFuture().join());
        RpcException rpc = assertInstanceOf(RpcException.class, e.getCause());
        assertEquals(400, rpc.code());
    }
}
