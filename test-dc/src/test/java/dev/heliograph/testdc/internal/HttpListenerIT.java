package dev.heliograph.testdc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.TransportException;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.testdc.junit.TestClusterExtension;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.api.BaseNearestDc;
import dev.heliograph.tl.api.functions.help.GetNearestDc;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DC's HTTP listener as a raw client on the project's HTTP transport sees it: the key exchange
 * and calls answered in the carrying request, late answers delivered through a held
 * {@code http_wait}, an expiring long poll, and the transport error for a forgotten key.
 */
class HttpListenerIT {

    @RegisterExtension
    static final TestClusterExtension DC = TestClusterExtension.create(b -> b.dcIds(1, 2).http(true));

    private HttpRawConnection conn;

    @AfterEach
    void tearDown() {
        DC.cluster().dc(2).knobs().delayReplies(Duration.ZERO);
        if (conn != null) {
            conn.close();
        }
    }

    private RawClient loggedIn(TestDc dc) {
        conn = new HttpRawConnection(dc.httpEndpoint());
        RawClient c = new RawClient(CryptoProviders.defaultProvider(), RandomSource.secure(), DC.cluster().publicKey(),
                System::currentTimeMillis, conn::exchange);
        RawClient.Options o = new RawClient.Options();
        o.innerDc = dc.id();
        assertNotNull(c.handshake(o), "key exchange over HTTP");
        return c;
    }

    private static byte[] httpWait(RawClient c, int maxWaitMillis) {
        TlWriter w = new TlWriter(16);
        w.writeInt(Ids.HTTP_WAIT);
        w.writeInt(0);
        w.writeInt(0);
        w.writeInt(maxWaitMillis);
        byte[] body = w.toByteArray();
        return c.encrypt(c.salt, c.nextMsgId(), c.nextSeqNo(false), body, RawClient.padding(body.length));
    }

    @Test
    void exchangesAKeyAndAnswersACallInTheRequestThatCarriesIt() {
        TestDc dc2 = DC.cluster().dc(2);
        RawClient c = loggedIn(dc2);
        assertEquals(2, ((BaseNearestDc) Tl.result(c.call(Tl.bytes(new GetNearestDc())), Tl.api())).thisDc());
        assertEquals(0, dc2.connectionCount(), "nothing went through the TCP listener");
    }

    @Test
    void deliversALateAnswerThroughAHeldHttpWait() {
        TestDc dc2 = DC.cluster().dc(2);
        RawClient c = loggedIn(dc2);
        c.call(Tl.ping(1));
        dc2.knobs().delayReplies(Duration.ofMillis(700));
        List<RawClient.Msg> now = c.send(c.nextMsgId(), c.nextSeqNo(true), Tl.bytes(new GetNearestDc()));
        assertEquals(List.of(Ids.MSGS_ACK), now.stream().map(RawClient.Msg::id).toList(), "only the ack comes at once");
        long started = System.nanoTime();
        conn.post(httpWait(c, 10_000));
        HttpRawConnection.Event e = conn.next();
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertNotNull(e.packet(), "the long poll carried the late answer");
        assertEquals(2, ((BaseNearestDc) Tl.result(c.receive(List.of(e.packet())), Tl.api())).thisDc());
        assertTrue(waitedMillis >= 300 && waitedMillis < 5_000, "held until the answer was ready: " + waitedMillis + " ms");
    }

    @Test
    void answersAnHttpWaitEmptyWhenItsMaxWaitEnds() {
        RawClient c = loggedIn(DC.cluster().dc(2));
        c.call(Tl.ping(2));
        long started = System.nanoTime();
        conn.post(httpWait(c, 300));
        HttpRawConnection.Event e = conn.next();
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertNull(e.packet());
        assertTrue(waitedMillis >= 250, "held for max_wait: " + waitedMillis + " ms");
    }

    @Test
    void answersAForgottenKeyWithTransportError404() {
        TestDc dc1 = DC.cluster().dc(1);
        RawClient c = loggedIn(dc1);
        dc1.forgetAuthKey(c.authKey.id());
        byte[] packet = c.encrypt(c.salt, c.nextMsgId(), 1, Tl.ping(3), RawClient.padding(12));
        TransportException e = assertThrows(TransportException.class, () -> conn.exchange(packet));
        assertEquals(-404, e.status().getAsInt());
    }
}
