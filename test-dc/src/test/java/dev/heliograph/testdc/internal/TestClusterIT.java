package dev.heliograph.testdc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.TransportException;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.testdc.junit.TestClusterExtension;
import dev.heliograph.tl.api.BaseConfig;
import dev.heliograph.tl.api.BaseDcOption;
import dev.heliograph.tl.api.BaseNearestDc;
import dev.heliograph.tl.api.functions.help.GetConfig;
import dev.heliograph.tl.api.functions.help.GetNearestDc;
import dev.heliograph.transport.tcp.codec.Framing;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The cluster over real sockets: framings, the config's endpoints, stopping and restarting a DC. */
class TestClusterIT {

    @RegisterExtension
    static final TestClusterExtension DC = TestClusterExtension.create(b -> b.dcIds(1, 2, 3));

    private static RawClient client(TcpRawConnection conn) {
        return new RawClient(CryptoProviders.defaultProvider(), RandomSource.secure(), DC.cluster().publicKey(),
                System::currentTimeMillis, conn::exchange);
    }

    private static RawClient loggedInClient(TcpRawConnection conn, int dcId) {
        RawClient c = client(conn);
        RawClient.Options o = new RawClient.Options();
        o.innerDc = dcId;
        assertNotNull(c.handshake(o), "key exchange over TCP");
        return c;
    }

    @ParameterizedTest
    @EnumSource(value = Framing.class, names = {"FULL", "INTERMEDIATE", "PADDED_INTERMEDIATE", "ABRIDGED"})
    void servesEveryFramingAndListsTheClustersRealEndpoints(Framing framing) {
        TestCluster cluster = DC.cluster();
        TestDc dc2 = cluster.dc(2);
        try (TcpRawConnection conn = new TcpRawConnection(dc2.host(), dc2.port(), framing)) {
            RawClient c = loggedInClient(conn, 2);
            BaseConfig config = (BaseConfig) Tl.result(c.call(Tl.withLayer(228, new GetConfig())), Tl.api());
            assertEquals(2, config.thisDc());
            assertEquals(cluster.dcs().stream().map(TestDc::port).toList(),
                    config.dcOptions().stream().map(o -> ((BaseDcOption) o).port()).toList());
        }
    }

    @Test
    void stopsAndRestartsOneDcWhileTheOthersRunAndKeepsItsKeys() {
        TestDc dc3 = DC.cluster().dc(3);
        int port = dc3.port();
        RawClient c;
        try (TcpRawConnection conn = new TcpRawConnection(dc3.host(), port, Framing.INTERMEDIATE)) {
            c = loggedInClient(conn, 3);
            Tl.result(c.call(Tl.bytes(new GetNearestDc())), Tl.api());
        }
        dc3.stop();
        assertThrows(UncheckedIOException.class, () -> new TcpRawConnection(dc3.host(), port, Framing.INTERMEDIATE));
        try (TcpRawConnection conn = new TcpRawConnection(DC.cluster().dc(1).host(), DC.cluster().dc(1).port(),
                Framing.INTERMEDIATE)) {
            loggedInClient(conn, 1);
        }
        dc3.start();
        assertEquals(port, dc3.port());
        try (TcpRawConnection conn = new TcpRawConnection(dc3.host(), port, Framing.INTERMEDIATE)) {
            RawClient again = client(conn);
            again.authKey = c.authKey;
            again.salt = c.salt;
            again.timeOffsetSeconds = c.timeOffsetSeconds;
            assertEquals(3, ((BaseNearestDc) Tl.result(again.call(Tl.bytes(new GetNearestDc())), Tl.api())).thisDc());
        }
    }

    @Test
    void answersAForgottenKeyWithTransportError404OverTcp() {
        TestDc dc1 = DC.cluster().dc(1);
        try (TcpRawConnection conn = new TcpRawConnection(dc1.host(), dc1.port(), Framing.FULL)) {
            RawClient c = loggedInClient(conn, 1);
            dc1.forgetAuthKey(c.authKey.id());
            byte[] packet = c.encrypt(c.salt, c.nextMsgId(), 1, Tl.ping(1), RawClient.padding(12));
            TransportException e = assertThrows(TransportException.class, () -> conn.exchange(packet));
            assertEquals(-404, e.status().getAsInt());
        }
    }
}
