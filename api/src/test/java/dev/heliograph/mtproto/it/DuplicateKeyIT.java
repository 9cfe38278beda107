package dev.heliograph.mtproto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.RpcException;
import dev.heliograph.mtproto.DcAuthState;
import dev.heliograph.mtproto.DcSender;
import dev.heliograph.mtproto.DcSenderConfig;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.testdc.junit.TestClusterExtension;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.help.GetConfig;
import dev.heliograph.tl.api.functions.updates.GetState;
import dev.heliograph.tlapi.TlApi;
import dev.heliograph.transport.tcp.TcpTransport;
import dev.heliograph.transport.tcp.TcpTransportConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The project's own sender on two loopback hosts (127.0.0.2, 127.0.0.3) sharing one auth key, as
 * today's shared-session design does: the strict DC answers {@code 406 AUTH_KEY_DUPLICATED}, which
 * the sender reports as an {@link RpcException}. One host taking the key over after the other
 * stopped is allowed.
 */
class DuplicateKeyIT {

    @RegisterExtension
    static final TestClusterExtension DC = TestClusterExtension.create();

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private DcSender sender(String localAddress, DcAuthState auth) throws Exception {
        TcpTransport transport = new TcpTransport(TcpTransportConfig.builder()
                .localAddress(InetAddress.getByName(localAddress)).build(), CryptoProviders.defaultProvider(),
                RandomSource.secure());
        open.add(transport);
        DcSenderConfig.Builder b = DcSenderConfig.builder(DC.cluster().dc(2).endpoint(), transport)
                .registry(TlApi.registry())
                .trustedKeys(TrustedRsaKeys.builtIn().plus(DC.cluster().publicKey()))
                .requestTimeout(Duration.ofSeconds(20))
                // The rule is about a permanent key on the wire. With PFS each host would bind its own
                // temporary key to it and unbind the other's instead (see TempKeys).
                .pfs(false);
        if (auth != null) {
            b.authState(auth);
        }
        DcSender s = DcSender.create(b.build());
        open.add(0, s::close);
        return s;
    }

    private static <R> TlMethod<R> init(TlMethod<R> query) {
        return new InvokeWithLayer<>(ApiSchema.LAYER, new InitConnection<>(TestClusterExtension.APP.apiId(),
                "Heliograph IT", "Linux", "0.1", "en", "", "en", null, null, query));
    }

    private static <R> R await(CompletionStage<R> f) throws Exception {
        return f.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static DcAuthState loggedIn(DcSender first) throws Exception {
        await(first.invoke(init(new ImportBotAuthorization(0, TestClusterExtension.APP.apiId(),
                TestClusterExtension.APP.apiHash(), TestClusterExtension.BOT.token()))));
        return first.authState().orElseThrow();
    }

    @Test
    void twoHostsUsingOneKeyAtOnceGetAuthKeyDuplicated() throws Exception {
        DcSender first = sender("127.0.0.2", null);
        DcAuthState auth = loggedIn(first);
        DcSender second = sender("127.0.0.3", auth);
        ExecutionException e2 = assertThrows(ExecutionException.class, () -> await(second.invoke(init(new GetState()))));
        RpcException r2 = assertInstanceOf(RpcException.class, e2.getCause());
        assertEquals(406, r2.code());
        assertEquals("AUTH_KEY_DUPLICATED", r2.name());
        ExecutionException e1 = assertThrows(ExecutionException.class, () -> await(first.invoke(new GetState())));
        assertEquals("AUTH_KEY_DUPLICATED", assertInstanceOf(RpcException.class, e1.getCause()).name());
        TestDc dc2 = DC.cluster().dc(2);
        assertEquals(1, dc2.duplicatedKeys());
        assertTrue(dc2.authKeyIds().stream().noneMatch(k -> k == auth.authKey().id()), "the key is revoked");
    }

    @Test
    void aHostMayTakeTheKeyOverOnceTheOtherStopped() throws Exception {
        DcSender first = sender("127.0.0.2", null);
        DcAuthState auth = loggedIn(first);
        first.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (DC.cluster().dc(2).connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        DcSender second = sender("127.0.0.3", auth);
        assertInstanceOf(dev.heliograph.tl.api.updates.BaseState.class, await(second.invoke(init(new GetState()))));
        await(second.invoke(init(new GetConfig())));
        assertTrue(DC.cluster().dc(2).authKeyIds().contains(auth.authKey().id()));
    }
}
