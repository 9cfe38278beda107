package dev.heliograph.mtproto.internal.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.error.TransportException;
import dev.heliograph.mtproto.DcAuthState;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.mtproto.internal.auth.AuthKeyExchange;
import dev.heliograph.mtproto.internal.auth.DhParamsVerifier;
import dev.heliograph.mtproto.internal.auth.PlainMessage;
import dev.heliograph.tl.Bytes;
import dev.heliograph.tl.TlLimits;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.mtproto.BasePong;
import dev.heliograph.tl.mtproto.BaseResPQ;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import dev.heliograph.tl.mtproto.functions.ReqPqMulti;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class KeyCreationTest {

    private static final long SERVER_MSG_ID = 0x6A46706100000001L;

    private final ManualTimers timers = new ManualTimers();
    private final List<byte[]> sent = new ArrayList<>();
    private final List<DcAuthState> ended = new ArrayList<>();
    private final List<TransportException> timeouts = new ArrayList<>();
    private final List<Integer> lifetimes = new ArrayList<>();
    private final CompletableFuture<DcAuthState> result = new CompletableFuture<>();
    private int endings;

    private final KeyCreation.Host host = new KeyCreation.Host() {
        @Override
        public void sendPlain(byte[] packet) {
            sent.add(packet);
        }

        @Override
        public void timedOut(KeyCreation run, TransportException cause) {
            timeouts.add(cause);
        }

        @Override
        public void ended(KeyCreation run, DcAuthState created) {
            assertFalse(result.isDone(), "the sender hears of the end before the result completes");
            endings++;
            ended.add(created);
        }
    };

    private KeyCreation run(int expiresIn) {
        return new KeyCreation(host, 2, lifetime -> {
            lifetimes.add(lifetime);
            return new AuthKeyExchange(CryptoProviders.defaultProvider(), TrustedRsaKeys.builtIn(),
                    DhParamsVerifier.shared(), RandomSource.secure(), 2, lifetime);
        }, () -> 1_783_001_185_000L, timers, expiresIn, result);
    }

    private static TlObject plainBody(byte[] packet) {
        int[] at = PlainMessage.body(withServerMsgId(packet));
        return new TlReader(packet, at[0], at[1], MtprotoSchema.registry(), TlLimits.DEFAULT).readObject();
    }

    /** A client packet read as if from the server: only the msg_id parity differs. */
    private static byte[] withServerMsgId(byte[] packet) {
        byte[] copy = packet.clone();
        copy[8] |= 1;
        return copy;
    }

    private SecurityCheckException failure() throws InterruptedException {
        ExecutionException e = assertThrows(ExecutionException.class, result::get);
        return assertInstanceOf(SecurityCheckException.class, e.getCause());
    }

    @Test
    void startingSendsReqPqMultiInPlaintextForTheKeyLifetime() {
        KeyCreation k = run(3600);
        k.start();
        assertInstanceOf(ReqPqMulti.class, plainBody(sent.get(0)));
        assertEquals(0, PlainMessage.authKeyId(sent.get(0)));
        assertEquals(List.of(3600), lifetimes);
        assertTrue(k.temporary());
        assertEquals(KeyCreation.TIMEOUT_MILLIS, timers.only().delayMillis);
    }

    @Test
    void anUnexpectedConstructorFailsTheRunAsAPlaintextCheck() throws InterruptedException {
        KeyCreation k = run(0);
        k.start();
        k.onPacket(PlainMessage.encode(SERVER_MSG_ID, new BasePong(1, 2)));
        assertEquals(SecurityCheckException.Check.PLAINTEXT, failure().check());
        assertEquals(1, endings);
        assertNull(ended.get(0));
        assertTrue(timers.only().cancelled);
    }

    @Test
    void anUndecodableAnswerFailsTheRunAsAPlaintextCheck() throws InterruptedException {
        KeyCreation k = run(0);
        k.start();
        byte[] packet = PlainMessage.encode(SERVER_MSG_ID, new BasePong(1, 2));
        packet[20] = 0x7f; // the constructor id: one no schema has
        k.onPacket(packet);
        SecurityCheckException e = failure();
        assertEquals(SecurityCheckException.Check.PLAINTEXT, e.check());
        assertTrue(e.getMessage().contains("undecodable"), e.getMessage());
    }

    @Test
    void anEncryptedPacketDuringTheExchangeFailsTheRun() throws InterruptedException {
        KeyCreation k = run(0);
        k.start();
        byte[] packet = PlainMessage.encode(SERVER_MSG_ID, new BasePong(1, 2));
        packet[0] = 1;
        k.onPacket(packet);
        assertEquals(SecurityCheckException.Check.PLAINTEXT, failure().check());
    }

    @Test
    void aResPqForAnotherNonceFailsTheRun() throws InterruptedException {
        KeyCreation k = run(0);
        k.start();
        Bytes other = Bytes.of(RandomSource.secure().bytes(16));
        k.onPacket(PlainMessage.encode(SERVER_MSG_ID, new BaseResPQ(other, other, Bytes.of(new byte[8]), List.of())));
        assertEquals(SecurityCheckException.Check.NONCE, failure().check());
        assertEquals(1, sent.size(), "nothing more is sent once the run failed");
    }

    @Test
    void anExchangeThatTakesTooLongAsksTheSenderToDropTheConnection() throws InterruptedException {
        KeyCreation k = run(0);
        k.start();
        timers.only().fire();
        assertEquals(1, timeouts.size());
        assertEquals(TransportException.Kind.IO, timeouts.get(0).kind());
        assertFalse(result.isDone(), "the run ends when the connection does");
        k.fail(timeouts.get(0));
        ExecutionException e = assertThrows(ExecutionException.class, result::get);
        assertSame(timeouts.get(0), e.getCause());
    }

    @Test
    void aRunEndsOnceAndThenIgnoresItsTimer() {
        KeyCreation k = run(0);
        k.start();
        TransportException lost = new TransportException(TransportException.Kind.CLOSED, "lost", null);
        k.fail(lost);
        k.fail(new TransportException(TransportException.Kind.IO, "again", null));
        timers.only().fire();
        assertEquals(1, endings);
        assertTrue(timeouts.isEmpty());
        ExecutionException e = assertThrows(ExecutionException.class, result::get);
        assertSame(lost, e.getCause());
    }
}
