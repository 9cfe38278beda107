package dev.heliograph.testdc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.SecurityCheckException.Check;
import dev.heliograph.testdc.tl.layer144.BaseConfig;
import dev.heliograph.testdc.tl.layer144.Layer144Schema;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.api.BaseNearestDc;
import dev.heliograph.tl.api.functions.help.GetConfig;
import dev.heliograph.tl.api.functions.help.GetNearestDc;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EncryptedSessionTest {

    private final DcFixture f = new DcFixture();
    private final RawClient c = f.clientWithKey();

    @AfterEach
    void close() {
        f.close();
    }

    private int badMsgCode(List<RawClient.Msg> got) {
        TlReader r = Tl.only(got, Ids.BAD_MSG_NOTIFICATION).reader();
        r.readInt();
        r.readLong();
        r.readInt();
        return r.readInt();
    }

    private static byte[] nearestDc() {
        return Tl.bytes(new GetNearestDc());
    }

    @Test
    void answersAFirstMessageWithSaltZeroWithBadServerSalt() {
        long realSalt = c.salt;
        c.salt = 0;
        List<RawClient.Msg> got = c.send(c.nextMsgId(), c.nextSeqNo(true), Tl.ping(1));
        TlReader r = Tl.only(got, Ids.BAD_SERVER_SALT).reader();
        r.readInt();
        r.readLong();
        r.readInt();
        assertEquals(48, r.readInt());
        assertEquals(realSalt, r.readLong());
        assertEquals(1, got.size(), "no session is created by a message with a bad salt");
    }

    @Test
    void announcesTheNewSessionAndAnswersInTheDeclaredLayer() {
        List<RawClient.Msg> got = c.call(Tl.withLayer(144, new GetConfig()));
        RawClient.Msg created = Tl.only(got, Ids.NEW_SESSION_CREATED);
        assertEquals(1, created.seqNo() & 1, "new_session_created is content-related");
        BaseConfig config = (BaseConfig) Tl.result(got, Layer144Schema.registry());
        assertEquals(2, config.thisDc());
        assertEquals(List.of(1, 2), config.dcOptions().stream()
                .map(o -> ((dev.heliograph.testdc.tl.layer144.BaseDcOption) o).id()).toList());
        assertTrue(f.log.get(0).contains("method=help.getConfig layer=144 result=ok"), f.log.toString());
    }

    @Test
    void answersPingWithPong() {
        c.call(Tl.ping(0));
        RawClient.Msg pong = Tl.only(c.call(Tl.ping(77)), Ids.PONG);
        TlReader r = pong.reader();
        r.readInt();
        r.readLong();
        assertEquals(77, r.readLong());
    }

    @Test
    void dropsTheConnectionOnAWrongMsgKeyWithoutAnswering() {
        byte[] packet = c.encrypt(c.salt, c.nextMsgId(), c.nextSeqNo(true), Tl.ping(1), RawClient.padding(12));
        packet[10] ^= 1;
        assertTrue(c.exchange.apply(packet).isEmpty());
        assertEquals(1, f.dc.rejections(Check.MSG_KEY));
        assertEquals(0, f.dc.unknownKeyPackets());
    }

    @Test
    void answersAnUnknownAuthKeyWithTransportError404AndCloses() {
        f.dc.forgetAuthKey(c.authKey.id());
        List<byte[]> got = c.exchange.apply(c.encrypt(c.salt, c.nextMsgId(), 1, Tl.ping(1), RawClient.padding(12)));
        assertEquals(1, got.size());
        assertArrayEquals(new byte[] {(byte) 0x6c, (byte) 0xfe, (byte) 0xff, (byte) 0xff}, got.get(0));
        assertEquals(1, f.dc.unknownKeyPackets());
    }

    @Test
    void dropsTheConnectionOnPaddingOutsideTwelveTo1024Bytes() {
        // a 12-byte ping plus 4 bytes of padding is block-aligned but too little padding
        assertTrue(c.exchange.apply(c.encrypt(c.salt, c.nextMsgId(), 1, Tl.ping(1), 4)).isEmpty());
        RawClient other = f.clientWithKey();
        assertTrue(other.exchange.apply(other.encrypt(other.salt, other.nextMsgId(), 1, Tl.ping(1), 1044)).isEmpty());
        assertEquals(2, f.dc.rejections(Check.MESSAGE_LENGTH));
    }

    @Test
    void dropsTheConnectionOnALengthThatIsNotAMultipleOfFour() {
        byte[] body = new byte[14];
        System.arraycopy(Tl.ping(1), 0, body, 0, 12);
        assertTrue(c.exchange.apply(c.encrypt(c.salt, c.nextMsgId(), 1, body, 18)).isEmpty());
        assertEquals(1, f.dc.rejections(Check.MESSAGE_LENGTH));
    }

    @Test
    void answersMsgIdsFromTheFarPastOrFutureWithCodes16And17() {
        long now = System.currentTimeMillis() / 1000;
        assertEquals(16, badMsgCode(c.send((now - 400) << 32, 1, Tl.ping(1))));
        assertEquals(17, badMsgCode(c.send((now + 60) << 32, 1, Tl.ping(1))));
    }

    @Test
    void answersMsgIdsNotDivisibleByFourWithCode18() {
        assertEquals(18, badMsgCode(c.send(c.nextMsgId() | 1, 1, Tl.ping(1))));
    }

    @Test
    void answersWrongSeqNoParityWithCodes34And35() {
        c.call(Tl.ping(0));
        assertEquals(35, badMsgCode(c.send(c.nextMsgId(), 2, Tl.ping(1))));
        assertEquals(34, badMsgCode(c.send(c.nextMsgId(), 3, Tl.ack(List.of(1L)))));
    }

    @Test
    void answersSeqNosOutOfOrderWithCodes32And33() {
        long early = c.nextMsgId();
        long middle = c.nextMsgId();
        c.send(middle, 9, Tl.ping(1));
        assertEquals(33, badMsgCode(c.send(early, 11, Tl.ping(2))));
        assertEquals(32, badMsgCode(c.send(c.nextMsgId(), 7, Tl.ping(3))));
    }

    @Test
    void runsARepeatedRequestOnceAndAnswersItAgain() {
        long msgId = c.nextMsgId();
        int seqNo = c.nextSeqNo(true);
        List<RawClient.Msg> first = c.send(msgId, seqNo, nearestDc());
        List<RawClient.Msg> again = c.send(msgId, seqNo, nearestDc());
        byte[] a = Tl.only(first, Ids.RPC_RESULT).body();
        assertArrayEquals(a, Tl.only(again, Ids.RPC_RESULT).body());
        assertEquals(1, f.dc.executions().stream().filter(e -> e.msgId() == msgId).count());
    }

    @Test
    void answersMsgIdsBelowTheDuplicateWindowWithCode20() {
        long oldest = c.nextMsgId();
        c.send(oldest, c.nextSeqNo(true), Tl.ping(0));
        long skipped = c.nextMsgId();
        for (int i = 0; i < MsgIdWindow.CAPACITY + 1; i++) {
            c.send(c.nextMsgId(), c.nextSeqNo(true), Tl.ping(i));
        }
        assertEquals(20, badMsgCode(c.send(skipped, 1, Tl.ping(1))));
    }

    @Test
    void handlesEveryMessageOfAContainer() {
        c.call(Tl.ping(0));
        long ack = c.nextMsgId();
        long ping = c.nextMsgId();
        long rpc = c.nextMsgId();
        int ackSeq = c.nextSeqNo(false);
        int pingSeq = c.nextSeqNo(true);
        int rpcSeq = c.nextSeqNo(true);
        byte[] container = RawClient.container(new long[] {ack, ping, rpc}, new int[] {ackSeq, pingSeq, rpcSeq},
                new byte[][] {Tl.ack(List.of(1L)), Tl.ping(5), nearestDc()});
        List<RawClient.Msg> got = c.send(c.nextMsgId(), c.nextSeqNo(false), container);
        Tl.only(got, Ids.PONG);
        BaseNearestDc nearest = (BaseNearestDc) Tl.result(got, Tl.api());
        assertEquals(2, nearest.thisDc());
    }

    @Test
    void rejectsAContainerInsideAContainerWithCode64() {
        c.call(Tl.ping(0));
        long innerId = c.nextMsgId();
        byte[] inner = RawClient.container(new long[] {innerId}, new int[] {c.nextSeqNo(true)},
                new byte[][] {Tl.ping(1)});
        long innerContainer = c.nextMsgId();
        byte[] outer = RawClient.container(new long[] {innerContainer}, new int[] {c.nextSeqNo(false)},
                new byte[][] {inner});
        assertEquals(64, badMsgCode(c.send(c.nextMsgId(), c.nextSeqNo(false), outer)));
    }

    @Test
    void unpacksGzipPackedRequests() throws Exception {
        c.call(Tl.ping(0));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(nearestDc());
        }
        TlWriter w = new TlWriter();
        w.writeInt(Ids.GZIP_PACKED);
        byte[] packed = gz.toByteArray();
        w.writeBytes(packed, 0, packed.length);
        assertEquals(2, ((BaseNearestDc) Tl.result(c.call(w.toByteArray()), Tl.api())).nearestDc());
    }

    @Test
    void reportsMessageStatesOnMsgsStateReq() {
        long known = c.nextMsgId();
        c.send(known, c.nextSeqNo(true), nearestDc());
        long future = c.nextMsgId() + (1L << 20);
        TlWriter w = new TlWriter();
        w.writeInt(Ids.MSGS_STATE_REQ);
        w.writeLongVector(List.of(known, future));
        TlReader r = Tl.only(c.call(w.toByteArray()), Ids.MSGS_STATE_INFO).reader();
        r.readInt();
        r.readLong();
        byte[] info = r.readByteArray();
        assertEquals(4 | 32 | 64, info[0] & 0xff);
        assertEquals(3, info[1]);
    }

    @Test
    void resendsAnAnswerOnMsgResendReq() {
        RawClient.Msg answer = Tl.only(c.call(nearestDc()), Ids.RPC_RESULT);
        TlWriter w = new TlWriter();
        w.writeInt(Ids.MSG_RESEND_REQ);
        w.writeLongVector(List.of(answer.msgId()));
        RawClient.Msg again = Tl.only(c.call(w.toByteArray()), Ids.RPC_RESULT);
        assertEquals(answer.msgId(), again.msgId());
        assertArrayEquals(answer.body(), again.body());
    }

    @Test
    void answersAnUnknownMethodWith400() {
        c.call(Tl.ping(0));
        TlWriter w = new TlWriter();
        w.writeInt(0x12345678);
        assertEquals("400 INPUT_METHOD_INVALID", Tl.error(c.call(w.toByteArray())));
    }

    @Test
    void closesTheConnectionAfterPingDelayDisconnectWithTheDelayClampedToOneSecond() throws Exception {
        DcFixture.Loopback conn = f.connect();
        RawClient d = withTheSameKey(conn);
        Tl.only(d.call(pingDelayDisconnect(9, -5)), Ids.PONG);
        assertFalse(conn.closed);
        Thread.sleep(1500);
        assertTrue(conn.closed);
    }

    @Test
    void clampsAnAbsurdPingDelayDisconnectToAnHour() {
        DcFixture.Loopback conn = f.connect();
        RawClient d = withTheSameKey(conn);
        Tl.only(d.call(pingDelayDisconnect(9, Integer.MAX_VALUE)), Ids.PONG);
        assertEquals(DcConnection.MAX_DISCONNECT_DELAY, conn.conn.disconnectDelaySeconds());
        assertFalse(conn.closed);
    }

    @Test
    void answersAContainerWhoseMsgIdWasAlreadyReceivedWithCode19() {
        c.call(Tl.ping(0));
        long containerId = c.nextMsgId();
        byte[] container = RawClient.container(new long[] {c.nextMsgId()}, new int[] {c.nextSeqNo(true)},
                new byte[][] {Tl.ping(1)});
        int seqNo = c.nextSeqNo(false);
        Tl.only(c.send(containerId + 8, seqNo, container), Ids.PONG);
        byte[] again = RawClient.container(new long[] {c.nextMsgId()}, new int[] {c.nextSeqNo(true)},
                new byte[][] {Tl.ping(2)});
        assertEquals(19, badMsgCode(c.send(containerId + 8, seqNo, again)));
    }

    @Test
    void rotatedSaltsAreAnnouncedWithBadServerSalt() {
        c.call(Tl.ping(0));
        long before = c.salt;
        f.dc.rotateSalts();
        List<RawClient.Msg> got = c.send(c.nextMsgId(), c.nextSeqNo(true), Tl.ping(1));
        Tl.only(got, Ids.BAD_SERVER_SALT);
        assertEquals(before, c.salt);
    }

    @Test
    void acknowledgesAtOnceAndRepliesLaterWhenRepliesAreDelayed() throws Exception {
        c.call(Tl.ping(0));
        f.knobs.delayReplies(Duration.ofMillis(300));
        DcFixture.Loopback conn = f.connect();
        RawClient d = withTheSameKey(conn);
        d.sessionId = c.sessionId;
        long msgId = c.nextMsgId();
        List<RawClient.Msg> now = d.send(msgId, 101, nearestDc());
        Tl.only(now, Ids.MSGS_ACK);
        Thread.sleep(600);
        List<byte[]> later;
        synchronized (conn) {
            later = List.copyOf(conn.sent);
        }
        assertEquals(2, ((BaseNearestDc) Tl.result(d.receive(later), Tl.api())).thisDc());
    }

    @Test
    void dropsTheConnectionBeforeTheReplyTheKnobNames() {
        c.call(Tl.ping(0));
        f.knobs.dropConnectionBeforeReplyTo("help.getNearestDc");
        assertTrue(c.call(nearestDc()).isEmpty());
        assertEquals(1, f.dc.executions().stream().filter(e -> e.method().equals("help.getNearestDc")).count());
    }

    @Test
    void dropsTheConnectionAfterTheGivenNumberOfMessages() {
        DcFixture.Loopback conn = f.connect();
        RawClient d = withTheSameKey(conn);
        f.knobs.dropConnectionAfterMessages(2);
        Tl.only(d.call(Tl.ping(1)), Ids.PONG);
        assertTrue(d.call(Tl.ping(2)).isEmpty());
        assertTrue(conn.closed);
    }

    @Test
    void aSkewedClockMakesClientMsgIdsLookStaleAndShowsInServerMsgIds() {
        f.knobs.skewClock(Duration.ofHours(1));
        List<RawClient.Msg> got = c.send(c.nextMsgId(), 1, Tl.ping(1));
        assertEquals(16, badMsgCode(got));
        long serverSeconds = got.get(0).msgId() >>> 32;
        long expected = System.currentTimeMillis() / 1000 + 3600;
        assertTrue(Math.abs(serverSeconds - expected) < 5, "server time " + serverSeconds);
    }

    /** A client on another connection that uses {@code c}'s auth key and salt. */
    private RawClient withTheSameKey(DcFixture.Loopback conn) {
        RawClient d = conn.client();
        d.authKey = c.authKey;
        d.salt = c.salt;
        return d;
    }

    private static byte[] pingDelayDisconnect(long pingId, int delaySeconds) {
        TlWriter w = new TlWriter();
        w.writeInt(Ids.PING_DELAY_DISCONNECT);
        w.writeLong(pingId);
        w.writeInt(delaySeconds);
        return w.toByteArray();
    }
}
