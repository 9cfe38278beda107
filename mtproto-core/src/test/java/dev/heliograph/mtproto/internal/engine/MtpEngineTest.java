package dev.heliograph.mtproto.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.error.FloodWaitException;
import dev.heliograph.error.ProtocolException;
import dev.heliograph.error.SecurityCheckException.Check;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.tl.Bytes;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.mtproto.BadServerSalt;
import dev.heliograph.tl.mtproto.BaseBadMsgNotification;
import dev.heliograph.tl.mtproto.BaseFutureSalt;
import dev.heliograph.tl.mtproto.BaseFutureSalts;
import dev.heliograph.tl.mtproto.BaseHttpWait;
import dev.heliograph.tl.mtproto.BaseMsgDetailedInfo;
import dev.heliograph.tl.mtproto.BaseMsgsAck;
import dev.heliograph.tl.mtproto.BaseMsgsStateInfo;
import dev.heliograph.tl.mtproto.BaseMsgsStateReq;
import dev.heliograph.tl.mtproto.BasePong;
import dev.heliograph.tl.mtproto.BaseRpcError;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import dev.heliograph.tl.mtproto.NewSessionCreated;
import dev.heliograph.tl.mtproto.functions.GetFutureSalts;
import dev.heliograph.tl.mtproto.functions.Ping;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MtpEngineTest {

    private static final MtprotoCrypto CRYPTO = new MtprotoCrypto(CryptoProviders.defaultProvider());
    private static final long NOW = 1_783_001_185_000L;
    private static final long SALT = 0x1122334455667788L;

    private AuthKey key;
    private MtpEngine engine;
    private EngineServer server;

    @BeforeEach
    void setUp() {
        key = AuthKey.of(RandomSource.secure().bytes(256));
        engine = new MtpEngine(CRYPTO, RandomSource.secure(), key, SALT, 0, MtprotoSchema.registry());
        server = new EngineServer(CRYPTO, key, NOW);
    }

    private static byte[] ping(long id) {
        return EngineServer.body(new Ping(id));
    }

    private EngineServer.Packet sendOne() {
        byte[] packet = engine.pack(NOW);
        assertNotEquals(null, packet);
        return server.decode(packet);
    }

    private List<Inbound> reply(int seqNo, byte[] body) {
        return receive(engine, server.packet(engine.sessionId(), server.msgId(), seqNo, body), NOW);
    }

    @Test
    void packsARequestWithTheSessionSaltAndAnOddSeqNo() {
        engine.enqueue(ping(7), true, "call");
        EngineServer.Packet p = sendOne();
        assertEquals(SALT, p.salt());
        assertEquals(engine.sessionId(), p.sessionId());
        assertEquals(0, p.message().msgId() & 3);
        assertEquals(1, p.message().seqNo());
        assertArrayEquals(ping(7), p.message().body());
        assertTrue(p.padding() >= 12 && p.padding() <= 1024);
        assertNull(engine.pack(NOW));
    }

    @Test
    void givesIncreasingMsgIdsAndCountsContentMessagesInSeqNo() {
        engine.enqueue(ping(1), true, "a");
        engine.enqueue(ping(2), true, "b");
        engine.enqueue(ping(3), true, "c");
        EngineServer.Packet p = sendOne();
        assertEquals(MtpEngine.MSG_CONTAINER, p.message().constructor());
        List<EngineServer.Message> inner = p.messages();
        assertEquals(3, inner.size());
        assertEquals(List.of(1, 3, 5), inner.stream().map(EngineServer.Message::seqNo).toList());
        assertTrue(inner.get(0).msgId() < inner.get(1).msgId() && inner.get(1).msgId() < inner.get(2).msgId());
        assertTrue(p.message().msgId() > inner.get(2).msgId(), "the container's id is above its messages'");
        assertEquals(6, p.message().seqNo(), "a container is not content-related");
    }

    @Test
    void matchesAnRpcResultToItsRequest() {
        OutMessage m = engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        List<Inbound> in = reply(1, EngineServer.rpcResult(id, EngineServer.body(new BasePong(id, 1))));
        Inbound.Result r = assertInstanceOf(Inbound.Result.class, in.get(0));
        assertSame(m, r.request());
        assertEquals(new BasePong(id, 1), r.reader().readObject());
        assertEquals(OutMessage.State.DONE, m.state());
    }

    @Test
    void turnsAnRpcErrorIntoItsTypedException() {
        engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        List<Inbound> in = reply(1, EngineServer.rpcResult(id, EngineServer.body(new BaseRpcError(420, "FLOOD_WAIT_5"))));
        Inbound.Failed f = assertInstanceOf(Inbound.Failed.class, in.get(0));
        assertEquals(5, assertInstanceOf(FloodWaitException.class, f.error()).value().getAsInt());
    }

    @Test
    void acknowledgesContentMessagesWithTheNextPacket() {
        engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        long serverId = server.nextMsgId;
        reply(1, EngineServer.rpcResult(id, EngineServer.body(new BasePong(id, 1))));
        assertEquals(1, engine.pendingAcks());
        engine.enqueue(ping(2), true, "next");
        List<EngineServer.Message> sent = sendOne().messages();
        assertEquals(2, sent.size());
        assertEquals(BaseMsgsAck.CONSTRUCTOR_ID, sent.get(0).constructor());
        assertEquals(EngineServer.body(new BaseMsgsAck(List.of(serverId))).length, sent.get(0).body().length);
        assertArrayEquals(EngineServer.body(new BaseMsgsAck(List.of(serverId))), sent.get(0).body());
        assertEquals(2, sent.get(0).seqNo(), "acks are not content-related");
        assertEquals(0, engine.pendingAcks());
    }

    @Test
    void sendsAcksAloneWhenNothingElseIsQueued() {
        reply(1, EngineServer.body(new NewSessionCreated(1, 2, SALT)));
        EngineServer.Packet p = sendOne();
        assertEquals(BaseMsgsAck.CONSTRUCTOR_ID, p.message().constructor());
    }

    @Test
    void packsAnHttpWaitWithAnEvenSeqNoInAContainerWithPendingAcks() {
        engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        long serverId = server.nextMsgId;
        reply(1, EngineServer.rpcResult(id, EngineServer.body(new BasePong(id, 1))));
        assertTrue(engine.enqueueHttpWait(0, 0, 25_000));
        List<EngineServer.Message> sent = sendOne().messages();
        assertEquals(2, sent.size());
        assertArrayEquals(EngineServer.body(new BaseMsgsAck(List.of(serverId))), sent.get(0).body());
        assertArrayEquals(EngineServer.body(new BaseHttpWait(0, 0, 25_000)), sent.get(1).body());
        assertEquals(2, sent.get(1).seqNo(), "http_wait is not content-related");
        assertEquals(0, engine.inFlight(), "http_wait gets no answer to wait for");
        assertNull(engine.pack(NOW));
    }

    @Test
    void keepsOneHttpWaitQueuedUntilItIsPacked() {
        assertTrue(engine.enqueueHttpWait(0, 0, 25_000));
        assertFalse(engine.enqueueHttpWait(0, 0, 25_000));
        EngineServer.Packet p = sendOne();
        assertEquals(BaseHttpWait.CONSTRUCTOR_ID, p.message().constructor());
        assertEquals(0, p.message().seqNo());
        assertNull(engine.pack(NOW));
        assertTrue(engine.enqueueHttpWait(0, 0, 25_000), "a new one may be queued once the last went out");
    }

    @Test
    void gzipsLargeRequestsWhenItPaysOff() {
        TlWriter w = new TlWriter();
        w.writeInt(0x12345678);
        w.writeRaw(new byte[4096]);
        engine.enqueue(w.toByteArray(), true, "big");
        byte[] body = sendOne().message().body();
        assertEquals(MtpEngine.GZIP_PACKED, new TlReader(body, MtprotoSchema.registry()).readInt());
        assertTrue(body.length < 200);
    }

    @Test
    void leavesIncompressibleRequestsAlone() {
        byte[] random = RandomSource.secure().bytes(2048);
        engine.enqueue(random, true, "noise");
        assertArrayEquals(random, sendOne().message().body());
    }

    @Test
    void unpacksAGzippedResult() throws IOException {
        engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        byte[] result = EngineServer.body(new BasePong(id, 99));
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
            gz.write(result);
        }
        TlWriter w = new TlWriter();
        w.writeInt(MtpEngine.GZIP_PACKED);
        w.writeBytes(packed.toByteArray(), 0, packed.size());
        Inbound.Result r = assertInstanceOf(Inbound.Result.class,
                reply(1, EngineServer.rpcResult(id, w.toByteArray())).get(0));
        assertEquals(new BasePong(id, 99), r.reader().readObject());
    }

    @Test
    void handlesEveryMessageOfAReceivedContainer() {
        engine.enqueue(ping(1), true, "a");
        engine.enqueue(ping(2), true, "b");
        List<EngineServer.Message> sent = sendOne().messages();
        long a = sent.get(0).msgId();
        long b = sent.get(1).msgId();
        long[] ids = {server.msgId(), server.msgId()};
        byte[] container = EngineServer.container(ids, new int[] {1, 3},
                EngineServer.rpcResult(a, EngineServer.body(new BasePong(a, 1))),
                EngineServer.rpcResult(b, EngineServer.body(new BasePong(b, 2))));
        List<Inbound> in = receive(engine, server.packet(engine.sessionId(), server.msgId(), 4, container), NOW);
        assertEquals(2, in.size());
        assertEquals(2, engine.pendingAcks());
    }

    @Test
    void adoptsANewSaltAndResendsAfterBadServerSalt() {
        OutMessage m = engine.enqueue(ping(1), true, "call");
        EngineServer.Packet first = sendOne();
        reply(0, EngineServer.body(new BadServerSalt(first.message().msgId(), 1, 48, 42L)));
        assertEquals(42L, engine.salt());
        assertEquals(OutMessage.State.QUEUED, m.state());
        EngineServer.Packet again = sendOne();
        assertEquals(42L, again.salt());
        assertTrue(again.message().msgId() > first.message().msgId());
        assertArrayEquals(ping(1), again.message().body());
    }

    @Test
    void rebuildsABodyThatNamesItsMsgIdWhenResendingItUnderANewOne() {
        // auth.bindTempAuthKey's binding message must carry the msg_id of the message carrying it.
        engine.enqueueForMsgId(msgId -> EngineServer.body(new Ping(msgId)), "bind");
        EngineServer.Packet first = sendOne();
        assertArrayEquals(ping(first.message().msgId()), first.message().body());
        reply(0, EngineServer.body(new BadServerSalt(first.message().msgId(), 1, 48, 42L)));
        EngineServer.Packet again = sendOne();
        assertNotEquals(first.message().msgId(), again.message().msgId());
        assertArrayEquals(ping(again.message().msgId()), again.message().body());
    }

    @Test
    void resendsEveryMessageOfARejectedContainer() {
        engine.enqueue(ping(1), true, "a");
        engine.enqueue(ping(2), true, "b");
        EngineServer.Packet first = sendOne();
        reply(0, EngineServer.body(new BadServerSalt(first.message().msgId(), first.message().seqNo(), 48, 7L)));
        List<EngineServer.Message> again = sendOne().messages();
        assertEquals(2, again.size());
    }

    @Test
    void resyncsTheClockOnMsgIdTooHighAndResends() {
        MtpEngine skewed = new MtpEngine(CRYPTO, RandomSource.secure(), key, SALT, 0, MtprotoSchema.registry());
        long clientNow = NOW + 7_200_000;
        skewed.enqueue(ping(1), true, "call");
        EngineServer.Packet first = server.decode(skewed.pack(clientNow));
        long serverId = server.msgId();
        receive(skewed, server.packet(skewed.sessionId(), serverId, 0,
                EngineServer.body(new BaseBadMsgNotification(first.message().msgId(), 1, 17))), clientNow);
        assertEquals(-7_200_000, skewed.timeOffsetMillis(), 1000);
        EngineServer.Packet again = server.decode(skewed.pack(clientNow));
        long seconds = again.message().msgId() >>> 32;
        assertTrue(Math.abs(seconds - NOW / 1000) <= 1, "the resent msg_id follows the server's clock");
    }

    @Test
    void resyncsTheClockOnMsgIdTooLowEvenWithATrustedClock() {
        long clientNow = NOW - 7_200_000;
        engine.enqueue(ping(1), true, "call");
        EngineServer.Packet first = server.decode(engine.pack(clientNow));
        receive(engine, server.packet(engine.sessionId(), server.msgId(), 0,
                EngineServer.body(new BaseBadMsgNotification(first.message().msgId(), 1, 16))), clientNow);
        assertEquals(7_200_000, engine.timeOffsetMillis(), 1000);
        EngineServer.Packet again = server.decode(engine.pack(clientNow));
        assertTrue(again.message().msgId() > first.message().msgId());
    }

    @Test
    void correctsSeqNoWhenTheServerSaysItIsTooLow() {
        engine.enqueue(ping(1), true, "call");
        EngineServer.Packet first = sendOne();
        reply(0, EngineServer.body(new BaseBadMsgNotification(first.message().msgId(), 1, 32)));
        EngineServer.Packet again = sendOne();
        assertTrue(again.message().seqNo() > 64);
        assertEquals(1, again.message().seqNo() & 1);
    }

    @Test
    void failsTheRequestOnOtherBadMsgCodes() {
        OutMessage m = engine.enqueue(ping(1), true, "call");
        EngineServer.Packet first = sendOne();
        List<Inbound> in = reply(0, EngineServer.body(new BaseBadMsgNotification(first.message().msgId(), 1, 35)));
        Inbound.Failed f = assertInstanceOf(Inbound.Failed.class, in.get(0));
        assertSame(m, f.request());
        assertEquals(35, assertInstanceOf(ProtocolException.class, f.error()).code());
    }

    @Test
    void adoptsTheSaltOfANewSessionAndResendsWhatItLost() {
        OutMessage m = engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        List<Inbound> in = reply(1, EngineServer.body(new NewSessionCreated(id + 4, 5, 77L)));
        assertInstanceOf(Inbound.NewSession.class, in.get(0));
        assertEquals(77L, engine.salt());
        assertEquals(OutMessage.State.QUEUED, m.state());
    }

    @Test
    void marksAcknowledgedRequests() {
        OutMessage m = engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        reply(0, EngineServer.body(new BaseMsgsAck(List.of(id))));
        assertEquals(OutMessage.State.ACKED, m.state());
    }

    @Test
    void repeatsUnansweredRequestsWithTheirOriginalIdsAfterAReconnect() {
        engine.enqueue(ping(1), true, "a");
        engine.enqueue(ping(2), true, "b");
        List<EngineServer.Message> sent = sendOne().messages();
        reply(0, EngineServer.body(new BaseMsgsAck(List.of(sent.get(0).msgId()))));
        engine.onReconnect(NOW + 1000);
        List<EngineServer.Message> repeated = sendOne().messages().stream()
                .filter(m -> m.constructor() != BaseMsgsAck.CONSTRUCTOR_ID).toList();
        assertEquals(2, repeated.size());
        assertEquals(sent.get(0).msgId(), repeated.get(0).msgId());
        assertEquals(sent.get(0).seqNo(), repeated.get(0).seqNo());
        assertEquals(sent.get(1).msgId(), repeated.get(1).msgId());
        assertEquals(sent.get(1).seqNo(), repeated.get(1).seqNo());
    }

    @Test
    void asksAboutOldUnacknowledgedRequestsAfterAReconnectAndResendsOnlyThoseNotReceived() {
        OutMessage received = engine.enqueue(ping(1), true, "a");
        OutMessage lost = engine.enqueue(ping(2), true, "b");
        List<EngineServer.Message> sent = sendOne().messages();
        long later = NOW + 250_000;
        engine.onReconnect(later);
        EngineServer.Packet query = server.decode(engine.pack(later));
        assertEquals(BaseMsgsStateReq.CONSTRUCTOR_ID, query.message().constructor());
        assertArrayEquals(EngineServer.body(new BaseMsgsStateReq(List.of(sent.get(0).msgId(), sent.get(1).msgId()))),
                query.message().body());
        server.nextMsgId = (MsgIds.fromMillis(later) & ~3L) | 1;
        receive(engine, server.packet(engine.sessionId(), server.msgId(), 0, EngineServer.body(
                new BaseMsgsStateInfo(query.message().msgId(), Bytes.wrap(new byte[] {4 | 32, 2})))), later);
        assertEquals(OutMessage.State.ACKED, received.state());
        assertEquals(OutMessage.State.QUEUED, lost.state());
        EngineServer.Packet resend = server.decode(engine.pack(later));
        assertArrayEquals(ping(2), resend.message().body());
        assertTrue(resend.message().msgId() > query.message().msgId());
    }

    @Test
    void doesNotResendOldAcknowledgedRequestsAfterAReconnect() {
        engine.enqueue(ping(1), true, "a");
        long id = sendOne().message().msgId();
        reply(0, EngineServer.body(new BaseMsgsAck(List.of(id))));
        engine.onReconnect(NOW + 250_000);
        assertNull(engine.pack(NOW + 250_000));
    }

    @Test
    void answersTheServersStateRequest() {
        long known = server.msgId();
        receive(engine, server.packet(engine.sessionId(), known, 0, EngineServer.body(new BaseMsgsAck(List.of()))), NOW);
        long ask = server.nextMsgId;
        reply(1, EngineServer.body(new BaseMsgsStateReq(List.of(known, known + 400))));
        List<EngineServer.Message> sent = sendOne().messages();
        EngineServer.Message info = sent.stream().filter(m -> m.constructor() == BaseMsgsStateInfo.CONSTRUCTOR_ID)
                .findFirst().orElseThrow();
        assertArrayEquals(EngineServer.body(new BaseMsgsStateInfo(ask, Bytes.wrap(new byte[] {4, 2}))), info.body());
    }

    @Test
    void requestsAnAnswerItDoesNotHaveAfterDetailedInfo() {
        engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        reply(0, EngineServer.body(new BaseMsgDetailedInfo(id, 12345L, 40, 0)));
        List<EngineServer.Message> sent = sendOne().messages();
        assertTrue(sent.stream().anyMatch(m -> Arrays.equals(m.body(),
                EngineServer.body(new dev.heliograph.tl.mtproto.BaseMsgResendReq(List.of(12345L))))));
    }

    @Test
    void fetchesFutureSaltsAndSwitchesWhenTheirTimeComes() {
        engine.maintain(NOW);
        EngineServer.Packet p = sendOne();
        assertArrayEquals(EngineServer.body(new GetFutureSalts(16)), p.message().body());
        int now = (int) (NOW / 1000);
        reply(0, EngineServer.body(new BaseFutureSalts(p.message().msgId(), now, List.of(
                new BaseFutureSalt(now - 10, now + 1800, 1L), new BaseFutureSalt(now + 1800, now + 3600, 2L)))));
        engine.maintain(NOW);
        assertEquals(1L, engine.salt());
        engine.maintain(NOW + 1_800_000);
        assertEquals(2L, engine.salt());
    }

    @Test
    void ignoresADuplicateMessageButAcknowledgesItAgain() {
        engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        byte[] packet = server.packet(engine.sessionId(), server.msgId(), 1,
                EngineServer.rpcResult(id, EngineServer.body(new BasePong(id, 1))));
        assertEquals(1, receive(engine, packet, NOW).size());
        assertEquals(0, receive(engine, packet, NOW).size());
        assertEquals(2, engine.pendingAcks());
    }

    @Test
    void dropsMessagesMoreThanThreeHundredSecondsOffEitherWay() {
        long old = (MsgIds.fromMillis(NOW - 600_000) & ~3L) | 1;
        long future = (MsgIds.fromMillis(NOW + 600_000) & ~3L) | 1;
        byte[] update = EngineServer.body(new GetFutureSalts(3));
        assertEquals(0, receive(engine, server.packet(engine.sessionId(), old, 1, update), NOW).size());
        assertEquals(0, receive(engine, server.packet(engine.sessionId(), future, 1, update), NOW).size());
        assertEquals(0, engine.timeOffsetMillis(), "a dropped message does not move the clock");
        assertEquals(1, receive(engine, server.packet(engine.sessionId(), server.msgId(), 1, update), NOW).size());
    }

    @Test
    void followsTheServersMsgIdsWhenTheStoredClockOffsetIsBehind() {
        // The server accepts our ids up to 300 s late, so it never sends 16/17: its own ids must fix us.
        EngineServer ahead = new EngineServer(CRYPTO, key, NOW + 200_000);
        OutMessage call = engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        List<Inbound> in = receive(engine, ahead.packet(engine.sessionId(), ahead.msgId(), 1,
                EngineServer.body(new NewSessionCreated(id, 1, SALT))), NOW);
        assertInstanceOf(Inbound.NewSession.class, in.get(0));
        assertEquals(200_000, engine.timeOffsetMillis(), 1000);
        in = receive(engine, ahead.packet(engine.sessionId(), ahead.msgId(), 1,
                EngineServer.rpcResult(id, EngineServer.body(new BasePong(id, 1)))), NOW);
        assertSame(call, assertInstanceOf(Inbound.Result.class, in.get(0)).request());
        engine.enqueue(ping(2), true, "next");
        long next = sendOne().messages().get(1).msgId();
        assertTrue(Math.abs((next >>> 32) - (NOW + 200_000) / 1000) <= 1, "our ids follow the server's clock");
    }

    @Test
    void takesBadServerSaltFromOutsideTheWindowAndSetsTheClockFromIt() {
        OutMessage m = engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        EngineServer far = new EngineServer(CRYPTO, key, NOW + 3_600_000);
        receive(engine, far.packet(engine.sessionId(), far.msgId(), 0, EngineServer.body(new BadServerSalt(id, 1, 48, 9L))),
                NOW);
        assertEquals(9L, engine.salt());
        assertEquals(3_600_000, engine.timeOffsetMillis(), 1000);
        assertEquals(OutMessage.State.QUEUED, m.state());
    }

    @Test
    void acceptsTheAnswerToAWaitingRequestOutsideTheTimeWindow() {
        engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        long future = (MsgIds.fromMillis(NOW + 3_600_000) & ~3L) | 1;
        byte[] result = EngineServer.rpcResult(id, EngineServer.body(new BasePong(id, 1)));
        assertInstanceOf(Inbound.Result.class, receive(engine, server.packet(engine.sessionId(), future, 1, result), NOW)
                .get(0));
        long later = future + 4;
        assertEquals(0, receive(engine, server.packet(engine.sessionId(), later, 1, result), NOW).size(),
                "the same answer again is not for a waiting request");
    }

    @Test
    void rejectsAPacketForAnotherKey() {
        EngineServer other = new EngineServer(CRYPTO, AuthKey.of(RandomSource.secure().bytes(256)), NOW);
        assertCheck(Check.AUTH_KEY_ID, () -> receive(engine, 
                other.packet(engine.sessionId(), other.msgId(), 0, ping(1)), NOW));
    }

    @Test
    void rejectsAPacketWhoseMsgKeyDoesNotMatch() {
        byte[] packet = server.packet(engine.sessionId(), server.msgId(), 0, ping(1));
        packet[40] ^= 1;
        assertCheck(Check.MSG_KEY, () -> receive(engine, packet, NOW));
    }

    @Test
    void rejectsAPacketThatIsNotWholeBlocks() {
        byte[] packet = server.packet(engine.sessionId(), server.msgId(), 0, ping(1));
        assertThrows(SecurityCheckException.class, () -> receive(engine, Arrays.copyOf(packet, packet.length - 4), NOW));
    }

    @Test
    void rejectsAnotherSession() {
        assertCheck(Check.SESSION_ID, () -> receive(engine, 
                server.packet(engine.sessionId() + 1, server.msgId(), 0, ping(1)), NOW));
    }

    @Test
    void rejectsAnEvenServerMsgId() {
        assertCheck(Check.MSG_ID, () -> receive(engine, 
                server.packet(engine.sessionId(), server.msgId() + 1, 0, ping(1)), NOW));
    }

    @Test
    void rejectsPaddingOutsideTwelveToTenTwentyFour() {
        byte[] body = ping(1);
        Function<Integer, byte[]> padded = p -> server.raw(0, engine.sessionId(), server.msgId(), 0, body,
                body.length, p);
        assertCheck(Check.MESSAGE_LENGTH, () -> receive(engine, padded.apply(4), NOW));
        assertCheck(Check.MESSAGE_LENGTH, () -> receive(engine, padded.apply(1044), NOW));
    }

    @Test
    void rejectsALengthThatIsNotAMultipleOfFourOrDoesNotFit() {
        byte[] body = ping(1);
        assertCheck(Check.MESSAGE_LENGTH, () -> receive(engine, 
                server.raw(0, engine.sessionId(), server.msgId(), 0, body, body.length - 2, 20), NOW));
        assertCheck(Check.MESSAGE_LENGTH, () -> receive(engine, 
                server.raw(0, engine.sessionId(), server.msgId(), 0, body, body.length + 400, 20), NOW));
    }

    @Test
    void rejectsAnEvenMsgIdInsideAContainer() {
        byte[] container = EngineServer.container(new long[] {server.msgId() + 1}, new int[] {0},
                EngineServer.body(new BaseMsgsAck(List.of())));
        assertCheck(Check.MSG_ID, () -> receive(engine, 
                server.packet(engine.sessionId(), server.msgId(), 0, container), NOW));
    }

    @Test
    void forgetsACancelledRequestAndDropsItsLateAnswer() {
        OutMessage m = engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        engine.forget(m);
        assertEquals(0, reply(1, EngineServer.rpcResult(id, EngineServer.body(new BasePong(id, 1)))).size());
        assertEquals(1, engine.pendingAcks());
    }

    @Test
    void deliversOtherObjectsAsUpdates() {
        List<Inbound> in = reply(1, EngineServer.body(new BasePong(1, 2)));
        assertEquals(0, in.size(), "a pong for no ping of ours is consumed");
        in = reply(1, EngineServer.body(new GetFutureSalts(3)));
        assertInstanceOf(Inbound.Update.class, in.get(0));
    }

    // ---- issue 15: the engine's open findings, each reproduced ----

    private static byte[] gzipPacked(byte[] payload) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
            gz.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TlWriter w = new TlWriter();
        w.writeInt(MtpEngine.GZIP_PACKED);
        w.writeBytes(packed.toByteArray(), 0, packed.size());
        return w.toByteArray();
    }

    @Test
    void rejectsAGzipPackedMessageInsideAnother() {
        byte[] twice = gzipPacked(gzipPacked(EngineServer.body(new GetFutureSalts(3))));
        assertCheck(Check.PLAINTEXT, () -> reply(1, twice));
    }

    @Test
    void rejectsBytesAfterTheGzipStreamOfAMessage() {
        byte[] packed = gzipPacked(EngineServer.body(new GetFutureSalts(3)));
        // the bytes field's length prefix is the byte after the id; grow it over 4 extra bytes
        byte[] longer = Arrays.copyOf(packed, packed.length + 4);
        int declared = packed[4] & 0xff;
        assertTrue(declared < 250);
        TlWriter w = new TlWriter();
        w.writeInt(MtpEngine.GZIP_PACKED);
        byte[] member = Arrays.copyOfRange(packed, 5, 5 + declared);
        w.writeBytes(Arrays.copyOf(member, member.length + 4), 0, member.length + 4);
        assertTrue(longer.length > 0);
        assertCheck(Check.PLAINTEXT, () -> reply(1, w.toByteArray()));
    }

    @Test
    void inflatesOnePacketToAtMostSixteenMebibytesAcrossItsMessages() {
        byte[] bomb = gzipPacked(new byte[9 << 20]);
        assertTrue(bomb.length < 20_000, "a ratio above 1000");
        byte[] container = EngineServer.container(new long[] {server.msgId(), server.msgId()}, new int[] {1, 3},
                bomb, bomb);
        assertCheck(Check.PLAINTEXT, () -> receive(engine,
                server.packet(engine.sessionId(), server.msgId(), 4, container), NOW));
    }

    @Test
    void handsOverAnAnswerThatCameBeforeABadMessageInTheSamePacket() {
        OutMessage a = engine.enqueue(ping(1), true, "a");
        OutMessage b = engine.enqueue(ping(2), true, "b");
        List<EngineServer.Message> sent = sendOne().messages();
        long first = server.msgId();
        long second = server.msgId();
        byte[] cut = Arrays.copyOf(gzipPacked(EngineServer.body(new BasePong(2, 2))), 24);
        byte[] container = EngineServer.container(new long[] {first, second}, new int[] {1, 3},
                EngineServer.rpcResult(sent.get(0).msgId(), EngineServer.body(new BasePong(sent.get(0).msgId(), 1))),
                EngineServer.rpcResult(sent.get(1).msgId(), cut));
        List<Inbound> out = new ArrayList<>();
        assertThrows(SecurityCheckException.class, () -> engine.receive(
                server.packet(engine.sessionId(), server.msgId(), 4, container), NOW, out));
        assertSame(a, assertInstanceOf(Inbound.Result.class, out.get(0)).request());
        assertEquals(1, out.size());
        assertEquals(1, engine.pendingAcks(), "only the handled message is acknowledged");
        assertEquals(OutMessage.State.SENT, b.state(), "the call whose result was cut short still waits");
        assertEquals(1, engine.inFlight());
        engine.onReconnect(NOW);
        List<EngineServer.Message> repeated = sendOne().messages();
        assertEquals(sent.get(1).msgId(), repeated.get(repeated.size() - 1).msgId(), "repeated under its own id");
        List<Inbound> again = receive(engine, server.packet(engine.sessionId(), second, 1,
                EngineServer.rpcResult(sent.get(1).msgId(), EngineServer.body(new BasePong(sent.get(1).msgId(), 2)))), NOW);
        assertSame(b, assertInstanceOf(Inbound.Result.class, again.get(0)).request(),
                "the message that failed was not recorded as received");
    }

    @Test
    void failsACallTheServerForgotWithAnUnknownOutcomeInsteadOfResendingIt() {
        OutMessage forgotten = engine.enqueue(ping(1), true, "a");
        OutMessage missing = engine.enqueue(ping(2), true, "b");
        sendOne();
        long later = NOW + 250_000;
        engine.onReconnect(later);
        EngineServer.Packet query = server.decode(engine.pack(later));
        server.nextMsgId = (MsgIds.fromMillis(later) & ~3L) | 1;
        List<Inbound> in = receive(engine, server.packet(engine.sessionId(), server.msgId(), 0, EngineServer.body(
                new BaseMsgsStateInfo(query.message().msgId(), Bytes.wrap(new byte[] {1, 3})))), later);
        Inbound.Failed f = assertInstanceOf(Inbound.Failed.class, in.get(0));
        assertSame(forgotten, f.request());
        assertTrue(assertInstanceOf(ProtocolException.class, f.error()).outcomeUnknown());
        assertEquals(OutMessage.State.QUEUED, missing.state());
        List<EngineServer.Message> resent = server.decode(engine.pack(later)).messages();
        assertEquals(1, resent.stream().filter(m -> m.constructor() == Ping.CONSTRUCTOR_ID).count());
        assertArrayEquals(ping(2), resent.get(resent.size() - 1).body());
    }

    @Test
    void repeatsAMessageRejectedForItsSaltAfterAReconnectUnderItsOwnMsgId() {
        engine.enqueue(ping(1), true, "call");
        long original = sendOne().message().msgId();
        engine.onReconnect(NOW + 1000);
        EngineServer.Packet repeated = sendOne();
        assertEquals(original, repeated.message().msgId());
        reply(0, EngineServer.body(new BadServerSalt(original, 1, 48, 5L)));
        EngineServer.Packet again = sendOne();
        assertEquals(5L, again.salt());
        assertEquals(original, again.message().msgId(), "a new id could run it twice");
    }

    @Test
    void asksAboutARepeatedMessageRejectedForItsTimeBeforeSendingItAgain() {
        engine.enqueue(ping(1), true, "call");
        long original = sendOne().message().msgId();
        engine.onReconnect(NOW + 1000);
        assertEquals(original, sendOne().message().msgId());
        reply(0, EngineServer.body(new BaseBadMsgNotification(original, 1, 16)));
        EngineServer.Packet next = sendOne();
        assertArrayEquals(EngineServer.body(new BaseMsgsStateReq(List.of(original))), next.message().body());
        assertNull(engine.pack(NOW), "nothing is resent before the answer");
    }

    @Test
    void startsANewSessionWhenTheClockMovesBackBehindIdsAlreadyUsed() {
        long clientNow = NOW + 3_600_000;
        MtpEngine ahead = new MtpEngine(CRYPTO, RandomSource.secure(), key, SALT, 0, MtprotoSchema.registry());
        OutMessage done = ahead.enqueue(ping(1), true, "acked");
        EngineServer.Packet first = server.decode(ahead.pack(clientNow));
        receive(ahead, server.packet(ahead.sessionId(), server.msgId(), 0,
                EngineServer.body(new BaseMsgsAck(List.of(first.message().msgId())))), clientNow);
        OutMessage rejected = ahead.enqueue(ping(2), true, "rejected");
        EngineServer.Packet second = server.decode(ahead.pack(clientNow));
        long oldSession = ahead.sessionId();
        List<Inbound> in = receive(ahead, server.packet(oldSession, server.msgId(), 0,
                EngineServer.body(new BaseBadMsgNotification(second.message().msgId(), 3, 17))), clientNow);
        assertNotEquals(oldSession, ahead.sessionId());
        Inbound.Failed f = assertInstanceOf(Inbound.Failed.class, in.get(0));
        assertSame(done, f.request());
        assertTrue(assertInstanceOf(ProtocolException.class, f.error()).outcomeUnknown(),
                "it ran in the old session, whose answers are lost");
        assertEquals(OutMessage.State.QUEUED, rejected.state());
        EngineServer.Packet resent = server.decode(ahead.pack(clientNow));
        assertEquals(ahead.sessionId(), resent.sessionId());
        assertEquals(1, resent.message().seqNo(), "the new session counts from zero");
        assertTrue(resent.message().msgId() < second.message().msgId());
        assertEquals(0, receive(ahead, server.packet(oldSession, server.msgId(), 1, ping(3)), clientNow).size(),
                "late packets of the old session are dropped, not a reason to reset");
    }

    @Test
    void deliversALateAnswerToAWaitingRequestBelowTheDuplicateWindow() {
        OutMessage m = engine.enqueue(ping(1), true, "call");
        long id = sendOne().message().msgId();
        long late = server.msgId();
        for (int i = 0; i < 1030; i++) {
            receive(engine, server.packet(engine.sessionId(), server.msgId(), 0,
                    EngineServer.body(new BaseMsgsAck(List.of()))), NOW);
        }
        List<Inbound> in = receive(engine, server.packet(engine.sessionId(), late, 1,
                EngineServer.rpcResult(id, EngineServer.body(new BasePong(id, 1)))), NOW);
        assertSame(m, assertInstanceOf(Inbound.Result.class, in.get(0)).request());
        assertEquals(0, receive(engine, server.packet(engine.sessionId(), late - 4, 1,
                EngineServer.body(new GetFutureSalts(1))), NOW).size(), "other old messages are still dropped");
    }

    @Test
    void resendsWithFreshIdsAfterBadMsgNotification18And19() {
        for (int code : new int[] {18, 19}) {
            OutMessage m = engine.enqueue(ping(code), true, "call");
            long id = sendOne().message().msgId();
            assertEquals(0, reply(0, EngineServer.body(new BaseBadMsgNotification(id, 1, code))).size());
            assertEquals(OutMessage.State.QUEUED, m.state());
            List<EngineServer.Message> again = sendOne().messages();
            EngineServer.Message resent = again.get(again.size() - 1);
            assertArrayEquals(ping(code), resent.body());
            assertTrue(resent.msgId() > id);
        }
    }

    @Test
    void resendsTheMessagesOfAnInvalidContainerOneByOne() {
        engine.enqueue(ping(1), true, "a");
        engine.enqueue(ping(2), true, "b");
        EngineServer.Packet container = sendOne();
        assertEquals(MtpEngine.MSG_CONTAINER, container.message().constructor());
        reply(0, EngineServer.body(new BaseBadMsgNotification(container.message().msgId(), 6, 64)));
        assertArrayEquals(ping(1), sendOne().message().body());
        assertArrayEquals(ping(2), sendOne().message().body());
        assertNull(engine.pack(NOW));
    }

    @Test
    void failsACallTheServerRejectsOverAndOver() {
        OutMessage m = engine.enqueue(ping(1), true, "call");
        List<Inbound> in = List.of();
        for (int i = 0; i < 20 && in.isEmpty(); i++) {
            byte[] packet = engine.pack(NOW);
            EngineServer.Packet p = server.decode(packet);
            long id = p.messages().get(p.messages().size() - 1).msgId();
            in = reply(0, EngineServer.body(new BadServerSalt(id, 1, 48, i)));
        }
        Inbound.Failed f = assertInstanceOf(Inbound.Failed.class, in.get(0));
        assertSame(m, f.request());
        assertEquals(48, assertInstanceOf(ProtocolException.class, f.error()).code());
    }

    @Test
    void asksForFutureSaltsAgainWhenTheRequestWasLostWithTheConnection() {
        engine.maintain(NOW);
        assertArrayEquals(EngineServer.body(new GetFutureSalts(16)), sendOne().message().body());
        engine.onReconnect(NOW);
        assertEquals(0, engine.inFlight(), "the lost request is not waited for");
        engine.maintain(NOW);
        assertArrayEquals(EngineServer.body(new GetFutureSalts(16)), sendOne().message().body());
    }

    @Test
    void leavesNoStateQueryBehindAfterReconnects() {
        engine.enqueue(ping(1), true, "call");
        sendOne();
        long later = NOW + 250_000;
        for (int i = 0; i < 3; i++) {
            engine.onReconnect(later);
            EngineServer.Packet query = server.decode(engine.pack(later));
            assertEquals(BaseMsgsStateReq.CONSTRUCTOR_ID, query.message().constructor());
            assertEquals(2, engine.inFlight(), "the call and one query");
        }
    }

    @Test
    void asksInsteadOfResendingWhenNewSessionCreatedComesAgain() {
        engine.enqueue(ping(1), true, "a");
        long first = sendOne().message().msgId();
        reply(1, EngineServer.body(new NewSessionCreated(first, 1, SALT)));
        engine.enqueue(ping(2), true, "b");
        List<EngineServer.Message> sent = sendOne().messages();
        long second = sent.get(sent.size() - 1).msgId();
        reply(1, EngineServer.body(new NewSessionCreated(second + 4, 2, SALT)));
        List<EngineServer.Message> next = sendOne().messages();
        assertTrue(next.stream().noneMatch(m -> m.constructor() == Ping.CONSTRUCTOR_ID), "nothing resent blindly");
        EngineServer.Message query = next.stream().filter(m -> m.constructor() == BaseMsgsStateReq.CONSTRUCTOR_ID)
                .findFirst().orElseThrow();
        assertArrayEquals(EngineServer.body(new BaseMsgsStateReq(List.of(first, second))), query.body());
    }

    /** Receives a packet and returns its events. */
    private static List<Inbound> receive(MtpEngine target, byte[] packet, long nowMillis) {
        List<Inbound> out = new ArrayList<>();
        target.receive(packet, nowMillis, out);
        return out;
    }

    private static void assertCheck(Check check, Runnable action) {
        assertEquals(check, assertThrows(SecurityCheckException.class, action::run).check());
    }
}
