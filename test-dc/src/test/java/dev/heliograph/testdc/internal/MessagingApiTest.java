package dev.heliograph.testdc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.tl.TlLimits;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.api.BaseInputUser;
import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.BaseUpdates;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.InputPeerSelf;
import dev.heliograph.tl.api.InputPeerUser;
import dev.heliograph.tl.api.InputReplyToMessage;
import dev.heliograph.tl.api.MessageEntityBold;
import dev.heliograph.tl.api.PeerUser;
import dev.heliograph.tl.api.SendMessageTypingAction;
import dev.heliograph.tl.api.UpdateDeleteMessages;
import dev.heliograph.tl.api.UpdateEditMessage;
import dev.heliograph.tl.api.UpdateNewMessage;
import dev.heliograph.tl.api.UpdateShort;
import dev.heliograph.tl.api.UpdateShortMessage;
import dev.heliograph.tl.api.UpdateShortSentMessage;
import dev.heliograph.tl.api.UpdateUserTyping;
import dev.heliograph.tl.api.UpdatesTooLong;
import dev.heliograph.tl.api.auth.AuthorizationSignUpRequired;
import dev.heliograph.tl.api.auth.BaseAuthorization;
import dev.heliograph.tl.api.auth.BaseSentCode;
import dev.heliograph.tl.api.BaseCodeSettings;
import dev.heliograph.tl.api.contacts.BaseResolvedPeer;
import dev.heliograph.tl.api.functions.InvokeWithoutUpdates;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.auth.SendCode;
import dev.heliograph.tl.api.functions.auth.SignIn;
import dev.heliograph.tl.api.functions.auth.SignUp;
import dev.heliograph.tl.api.functions.contacts.ResolveUsername;
import dev.heliograph.tl.api.functions.messages.DeleteMessages;
import dev.heliograph.tl.api.functions.messages.EditMessage;
import dev.heliograph.tl.api.functions.messages.SendMessage;
import dev.heliograph.tl.api.functions.messages.SetTyping;
import dev.heliograph.tl.api.functions.updates.GetDifference;
import dev.heliograph.tl.api.functions.updates.GetState;
import dev.heliograph.tl.api.functions.users.GetFullUser;
import dev.heliograph.tl.api.functions.users.GetUsers;
import dev.heliograph.tl.api.messages.BaseAffectedMessages;
import dev.heliograph.tl.api.updates.BaseDifference;
import dev.heliograph.tl.api.updates.BaseState;
import dev.heliograph.tl.api.updates.DifferenceEmpty;
import dev.heliograph.tl.api.updates.DifferenceSlice;
import dev.heliograph.tl.api.updates.DifferenceTooLong;
import dev.heliograph.tl.api.users.BaseUserFull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Users, phone login, private messages and the update sequence, through {@link RawClient} in
 * layer 228 (the fixture keeps 12 events per account and slices differences at 5).
 */
class MessagingApiTest {

    static final String PHONE = "9996621234";

    private final DcFixture f = new DcFixture();
    private Account alice;
    private DcFixture.Loopback botLine;
    private RawClient bot;
    private DcFixture.Loopback userLine;
    private RawClient user;

    @BeforeEach
    void logIn() {
        alice = f.accounts.addUser(PHONE, "Alice", "alice_test");
        botLine = f.connect();
        bot = f.clientWithKey(botLine);
        assertInstanceOf(BaseAuthorization.class, result(bot, new ImportBotAuthorization(0, DcFixture.APP.apiId(),
                DcFixture.APP.apiHash(), DcFixture.BOT.token())));
        userLine = f.connect();
        user = f.clientWithKey(userLine);
        BaseSentCode sent = (BaseSentCode) result(user, sendCode(PHONE));
        BaseAuthorization auth = (BaseAuthorization) result(user, SignIn.builder().phoneNumber(PHONE)
                .phoneCodeHash(sent.phoneCodeHash()).phoneCode("22222").build());
        assertEquals(alice.id(), ((BaseUser) auth.user()).id());
        botLine.pushed();
        userLine.pushed();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static SendCode sendCode(String phone) {
        return new SendCode(phone, DcFixture.APP.apiId(), DcFixture.APP.apiHash(), BaseCodeSettings.builder().build());
    }

    private static TlObject result(RawClient c, TlMethod<?> q) {
        return Tl.result(c.call(Tl.withLayer(228, q)), Tl.api());
    }

    private static String error(RawClient c, TlMethod<?> q) {
        return Tl.error(c.call(Tl.withLayer(228, q)));
    }

    private static InputPeerUser peer(Account a) {
        return new InputPeerUser(a.id(), a.accessHash());
    }

    private Account botAccount() {
        return Account.of(DcFixture.BOT);
    }

    private static SendMessage text(InputPeerUser to, String text, long randomId) {
        return SendMessage.builder().peer(to).message(text).randomId(randomId).build();
    }

    /** Every update object pushed on a connection, decoded in layer 228. */
    private static List<TlObject> pushes(DcFixture.Loopback line, RawClient c) {
        List<TlObject> out = new ArrayList<>();
        for (RawClient.Msg m : c.receive(line.pushed())) {
            out.add(new TlReader(m.body(), 0, m.body().length, Tl.api(), TlLimits.DEFAULT).readObject());
        }
        return out;
    }

    @Test
    void phoneLoginChecksTheNumberTheCodeAndTheHomeDc() {
        RawClient c = f.clientWithKey();
        assertEquals("400 PHONE_NUMBER_INVALID", error(c, sendCode("12345")));
        assertEquals("400 PHONE_NUMBER_INVALID", error(c, sendCode("9996631234")), "DC 3 is not in the cluster");
        assertEquals("303 PHONE_MIGRATE_1", error(c, sendCode("9996611234")));
        BaseSentCode sent = (BaseSentCode) result(c, sendCode("+999 662 1234"));
        assertEquals("400 PHONE_CODE_INVALID", error(c, SignIn.builder().phoneNumber(PHONE)
                .phoneCodeHash(sent.phoneCodeHash()).phoneCode("11111").build()));
        assertEquals("400 PHONE_CODE_EXPIRED", error(c, SignIn.builder().phoneNumber(PHONE)
                .phoneCodeHash("nope").phoneCode("22222").build()));
        assertEquals(0, f.dc.boundUser(c.authKey.id()));
        assertTrue(result(c, SignIn.builder().phoneNumber(PHONE).phoneCodeHash(sent.phoneCodeHash())
                .phoneCode("22222").build()) instanceof BaseAuthorization);
        assertEquals(alice.id(), f.dc.boundUser(c.authKey.id()));
    }

    @Test
    void anUnknownTestNumberSignsUpAfterTheCode() {
        RawClient c = f.clientWithKey();
        String phone = "9996625555";
        BaseSentCode sent = (BaseSentCode) result(c, sendCode(phone));
        assertInstanceOf(AuthorizationSignUpRequired.class, result(c, SignIn.builder().phoneNumber(phone)
                .phoneCodeHash(sent.phoneCodeHash()).phoneCode("22222").build()));
        BaseAuthorization auth = (BaseAuthorization) result(c, SignUp.builder().phoneNumber(phone)
                .phoneCodeHash(sent.phoneCodeHash()).firstName("Bob").lastName("").build());
        assertEquals("Bob", ((BaseUser) auth.user()).firstName());
        assertEquals(f.accounts.userByPhone(phone).id(), ((BaseUser) auth.user()).id());
    }

    @Test
    void aUserResolvesTheBotAndChecksAccessHashes() {
        BaseResolvedPeer r = (BaseResolvedPeer) result(user, new ResolveUsername("HOME_BOT", null));
        assertEquals(DcFixture.BOT.id(), ((PeerUser) r.peer()).userId());
        BaseUser u = (BaseUser) r.users().get(0);
        assertEquals(botAccount().accessHash(), u.accessHash());
        assertTrue(u.bot() && !u.self());
        assertEquals("400 USERNAME_NOT_OCCUPIED", error(user, new ResolveUsername("nobody_here", null)));
        assertEquals("400 USERNAME_INVALID", error(user, new ResolveUsername("a b", null)));
        BaseUserFull full = (BaseUserFull) result(user, new GetFullUser(new BaseInputUser(u.id(), u.accessHash())));
        assertEquals(u.id(), ((dev.heliograph.tl.api.BaseUserFull) full.fullUser()).id());
        assertEquals("400 USER_ID_INVALID", error(user, new GetFullUser(new BaseInputUser(u.id(), 1))));
        assertEquals("400 USER_ID_INVALID", error(user, new GetUsers(List.of(new BaseInputUser(u.id(), 1)))));
        assertEquals("400 PEER_ID_INVALID", error(user, text(new InputPeerUser(u.id(), 1), "hi", 1)));
        assertEquals("400 PEER_ID_INVALID", error(user, text(new InputPeerUser(424242, 1), "hi", 1)));
    }

    @Test
    void aMessageReachesTheBotWithTheSenderAndAUserGetsShortMessagesOnceItKnowsThePeer() {
        UpdateShortSentMessage sent = (UpdateShortSentMessage) result(user, text(peer(botAccount()), "hello", 11));
        assertEquals(1, sent.pts());
        assertTrue(sent.out());
        List<TlObject> got = pushes(botLine, bot);
        assertEquals(1, got.size(), got::toString);
        BaseUpdates first = (BaseUpdates) got.get(0);
        BaseMessage m = (BaseMessage) ((UpdateNewMessage) first.updates().get(0)).message();
        assertEquals("hello", m.message());
        assertEquals(alice.id(), ((PeerUser) m.peerId()).userId());
        assertFalse(m.out());
        assertEquals(alice.accessHash(), ((BaseUser) first.users().get(0)).accessHash());
        assertEquals(1, first.seq());

        result(user, SendMessage.builder().peer(peer(botAccount())).message("bold")
                .entities(List.of(new MessageEntityBold(0, 4))).randomId(12).build());
        BaseUpdates second = (BaseUpdates) pushes(botLine, bot).get(0);
        UpdateNewMessage n = (UpdateNewMessage) second.updates().get(0);
        assertEquals(2, n.pts());
        assertEquals(2, second.seq(), "a bot always gets the sender: it cannot look users up");
        assertEquals(List.of(new MessageEntityBold(0, 4)), ((BaseMessage) n.message()).entities());

        // the bot answers with the access hash it was given, as a reply
        UpdateShortSentMessage reply = (UpdateShortSentMessage) result(bot, SendMessage.builder().peer(peer(alice))
                .message("hi Alice").randomId(13).replyTo(InputReplyToMessage.builder().replyToMsgId(m.id()).build())
                .build());
        assertEquals(3, reply.pts());
        BaseUpdates toUser = (BaseUpdates) pushes(userLine, user).get(0);
        BaseMessage answer = (BaseMessage) ((UpdateNewMessage) toUser.updates().get(0)).message();
        assertEquals("hi Alice", answer.message());
        assertEquals(sent.id(), ((dev.heliograph.tl.api.BaseMessageReplyHeader) answer.replyTo()).replyToMsgId());
        f.accounts.messaging().sendAs(botAccount(), alice.id(), "again", 0, 14);
        UpdateShortMessage shortOne = (UpdateShortMessage) pushes(userLine, user).get(0);
        assertEquals(DcFixture.BOT.id(), shortOne.userId());
        assertEquals(4, shortOne.pts());
        assertEquals(List.of("hi Alice", "again"), f.accounts.messaging().messagesOf(alice.id(), 0).stream()
                .filter(x -> !x.out()).map(x -> x.text()).toList());
    }

    @Test
    void aRepeatedRandomIdIsAnsweredOnceAndRefusedWithOtherContent() {
        UpdateShortSentMessage a = (UpdateShortSentMessage) result(user, text(peer(botAccount()), "once", 77));
        UpdateShortSentMessage b = (UpdateShortSentMessage) result(user, text(peer(botAccount()), "once", 77));
        assertEquals(a.id(), b.id());
        assertEquals(a.pts(), b.pts());
        assertEquals(1, pushes(botLine, bot).size());
        assertEquals("400 RANDOM_ID_DUPLICATE", error(user, text(peer(botAccount()), "twice", 77)));
    }

    @Test
    void badTextsGetTelegramsErrors() {
        assertEquals("400 MESSAGE_EMPTY", error(user, text(peer(botAccount()), " ", 1)));
        assertEquals("400 MESSAGE_TOO_LONG", error(user, text(peer(botAccount()), "x".repeat(4097), 2)));
        assertInstanceOf(UpdateShortSentMessage.class, result(user, text(peer(botAccount()), "x".repeat(4096), 3)));
        // 2,049 emoji are 4,098 UTF-16 units
        assertEquals("400 MESSAGE_TOO_LONG", error(user, text(peer(botAccount()), "\uD83D\uDE00".repeat(2049), 4)));
        assertEquals("400 ENTITY_BOUNDS_INVALID", error(user, SendMessage.builder().peer(peer(botAccount()))
                .message("abc").entities(List.of(new MessageEntityBold(2, 5))).randomId(5).build()));
        assertEquals("400 PEER_ID_INVALID", error(user, text(new InputPeerUser(botAccount().id(), 0), "x", 6)));
        assertEquals("400 PEER_ID_INVALID", error(user, SendMessage.builder().peer(new InputPeerSelf())
                .message("x").randomId(7).build()));
        assertEquals("400 USER_IS_BOT", error(bot, text(peer(Account.of(DcFixture.AWAY)), "hi bot", 8)));
    }

    @Test
    void getDifferenceServesWhatWasMissedInSlicesAndTooLongPastTheStore() {
        assertInstanceOf(DifferenceEmpty.class, result(bot, diff(0)));
        for (int i = 0; i < 7; i++) {
            f.accounts.messaging().sendAs(alice, DcFixture.BOT.id(), "m" + i, 0, 100 + i);
        }
        BaseState state = (BaseState) result(bot, new GetState());
        assertEquals(7, state.pts());
        DifferenceSlice slice = (DifferenceSlice) result(bot, diff(0));
        assertEquals(5, slice.newMessages().size());
        assertEquals(5, ((BaseState) slice.intermediateState()).pts());
        BaseDifference rest = (BaseDifference) result(bot, diff(5));
        assertEquals(List.of("m5", "m6"), rest.newMessages().stream().map(m -> ((BaseMessage) m).message()).toList());
        assertEquals(alice.id(), ((BaseUser) rest.users().get(0)).id());
        assertEquals(7, ((BaseState) rest.state()).pts());
        assertInstanceOf(DifferenceEmpty.class, result(bot, diff(7)));
        for (int i = 0; i < 10; i++) {
            f.accounts.messaging().sendAs(alice, DcFixture.BOT.id(), "n" + i, 0, 200 + i);
        }
        assertEquals(17, ((DifferenceTooLong) result(bot, diff(2))).pts());
        assertEquals(17, ((DifferenceTooLong) result(bot, GetDifference.builder().pts(10).ptsTotalLimit(3).date(0)
                .qts(0).build())).pts());
        assertInstanceOf(BaseDifference.class, result(bot, diff(14)));
    }

    private static GetDifference diff(int pts) {
        return GetDifference.builder().pts(pts).date(0).qts(0).build();
    }

    @Test
    void editsAndDeletesMoveBothSidesPtsAndReachThePeer() {
        UpdateShortSentMessage sent = (UpdateShortSentMessage) result(user, text(peer(botAccount()), "typo", 1));
        pushes(botLine, bot);
        BaseUpdates edited = (BaseUpdates) result(user, EditMessage.builder().peer(peer(botAccount())).id(sent.id())
                .message("fixed").build());
        assertEquals(2, ((UpdateEditMessage) edited.updates().get(0)).pts());
        BaseUpdates botSees = (BaseUpdates) pushes(botLine, bot).get(0);
        BaseMessage m = (BaseMessage) ((UpdateEditMessage) botSees.updates().get(0)).message();
        assertEquals("fixed", m.message());
        assertTrue(m.editDate() != null);
        assertEquals("400 MESSAGE_NOT_MODIFIED", error(user, EditMessage.builder().peer(peer(botAccount()))
                .id(sent.id()).message("fixed").build()));
        assertEquals("400 MESSAGE_ID_INVALID", error(bot, EditMessage.builder().peer(peer(alice)).id(m.id())
                .message("not mine").build()));
        BaseAffectedMessages gone = (BaseAffectedMessages) result(user, DeleteMessages.builder().revoke(true)
                .id(List.of(sent.id(), 999)).build());
        assertEquals(3, gone.pts());
        assertEquals(1, gone.ptsCount());
        UpdateShort del = (UpdateShort) pushes(botLine, bot).get(0);
        assertEquals(List.of(m.id()), ((UpdateDeleteMessages) del.update()).messages());
        BaseDifference d = (BaseDifference) result(bot, diff(0));
        assertEquals(0, d.newMessages().size(), "a deleted message is not served");
        assertEquals(2, d.otherUpdates().size());
    }

    @Test
    void typingReachesThePeer() {
        assertEquals(Ids.BOOL_TRUE, Tl.resultId(user.call(Tl.withLayer(228, new SetTyping(peer(botAccount()), null,
                new SendMessageTypingAction())))));
        UpdateUserTyping t = (UpdateUserTyping) ((UpdateShort) pushes(botLine, bot).get(0)).update();
        assertEquals(alice.id(), t.userId());
    }

    @Test
    void updatesGoToTheLastActiveConnectionNotOnesWrappedInInvokeWithoutUpdates() {
        DcFixture.Loopback second = f.connect();
        RawClient other = second.client();
        other.authKey = bot.authKey;
        other.salt = bot.salt;
        Tl.result(other.call(Tl.bytes(new InvokeWithoutUpdates<>(new GetState()))), Tl.api());
        f.accounts.messaging().sendAs(alice, DcFixture.BOT.id(), "to the first", 0, 1);
        assertEquals(1, pushes(botLine, bot).size());
        assertEquals(0, second.pushed().size());
        Tl.result(other.call(Tl.bytes(new GetState())), Tl.api());
        f.accounts.messaging().sendAs(alice, DcFixture.BOT.id(), "to the second", 0, 2);
        assertEquals(0, botLine.pushed().size());
        assertEquals(1, pushes(second, other).size());
        List<dev.heliograph.testdc.Push> log = f.dc.pushes().stream()
                .filter(p -> p.sessionId() == bot.sessionId || p.sessionId() == other.sessionId).toList();
        assertEquals(2, log.size(), "the push log names each packet pushed to the bot: " + f.dc.pushes());
        assertEquals(List.of(bot.sessionId, other.sessionId), log.stream().map(p -> p.sessionId()).toList());
        assertTrue(log.get(0).connectionId() != log.get(1).connectionId(), "two connections, one after the other");
        assertEquals(List.of(1, 1), log.stream().map(p -> p.updates()).toList());
    }

    @Test
    void knobsDropPushesAndPushUpdatesTooLong() {
        f.accounts.messaging().dropPushes(DcFixture.BOT.id(), 2);
        for (int i = 0; i < 3; i++) {
            f.accounts.messaging().sendAs(alice, DcFixture.BOT.id(), "m" + i, 0, 10 + i);
        }
        List<TlObject> got = pushes(botLine, bot);
        assertEquals(1, got.size(), "two pushes dropped");
        assertEquals(3, ((UpdateNewMessage) ((BaseUpdates) got.get(0)).updates().get(0)).pts(),
                "the client sees a gap: pts 3 after 0");
        f.accounts.messaging().pushTooLong(DcFixture.BOT.id());
        assertInstanceOf(UpdatesTooLong.class, pushes(botLine, bot).get(0));
    }

    @Test
    void delayedPushesArriveLater() throws Exception {
        f.knobs.delayUpdates(Duration.ofMillis(300));
        f.accounts.messaging().sendAs(alice, DcFixture.BOT.id(), "later", 0, 1);
        assertEquals(0, botLine.pushed().size());
        Thread.sleep(600);
        assertEquals(1, pushes(botLine, bot).size());
    }

    @Test
    void tooManyBotLoginsInTheWindowGetFloodWait() {
        f.knobs.loginFloodLimit(2, Duration.ofSeconds(60));
        RawClient c = f.clientWithKey();
        ImportBotAuthorization login = new ImportBotAuthorization(0, DcFixture.APP.apiId(), DcFixture.APP.apiHash(),
                DcFixture.BOT.token());
        assertInstanceOf(BaseAuthorization.class, result(c, login)); // the second (setUp logged in once)
        assertEquals("420 FLOOD_WAIT_60", error(c, login));
        f.millis.addAndGet(30_000);
        assertEquals("420 FLOOD_WAIT_30", error(c, login));
        f.millis.addAndGet(31_000);
        assertInstanceOf(BaseAuthorization.class, result(c, login));
    }

    @Test
    void oneKeyLiveFromTwoAddressesIsRevokedWithAuthKeyDuplicated() {
        DcFixture.Loopback second = f.connect();
        second.host = "127.0.0.3";
        RawClient copy = second.client();
        copy.authKey = bot.authKey;
        copy.salt = bot.salt;
        // the copy's first packet makes the key live from two addresses; its call is the first refused
        assertEquals("406 AUTH_KEY_DUPLICATED", Tl.error(copy.call(Tl.bytes(new GetState()))));
        assertEquals("406 AUTH_KEY_DUPLICATED", Tl.error(bot.call(Tl.bytes(new GetState()))));
        List<RawClient.Msg> after = bot.call(Tl.bytes(new GetState()));
        assertEquals(4, after.get(0).body().length, "transport error -404 from now on");
        assertEquals(1, f.dc.duplicatedKeys());
        assertEquals(0, f.dc.authKeyIds().stream().filter(k -> k == bot.authKey.id()).count());
    }

    @Test
    void aKeyMayMoveToAnotherAddressOnceTheFirstConnectionClosedOrWentQuiet() {
        botLine.conn.onClosed();
        DcFixture.Loopback second = f.connect();
        second.host = "127.0.0.3";
        RawClient copy = second.client();
        copy.authKey = bot.authKey;
        copy.salt = bot.salt;
        assertInstanceOf(BaseState.class, Tl.result(copy.call(Tl.bytes(new GetState())), Tl.api()));
        DcFixture.Loopback third = f.connect();
        third.host = "127.0.0.4";
        RawClient later = third.client();
        later.authKey = bot.authKey;
        later.salt = bot.salt;
        f.millis.addAndGet(61_000);
        later.timeOffsetSeconds = 0;
        assertInstanceOf(BaseState.class, Tl.result(later.call(Tl.bytes(new GetState())), Tl.api()));
        f.knobs.duplicateKeyRule(false);
        assertInstanceOf(BaseState.class, Tl.result(copy.call(Tl.bytes(new GetState())), Tl.api()));
    }
}
