package dev.heliograph.testdc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.tl.layer144.Layer144Schema;
import dev.heliograph.testdc.tl.layer198.Layer198Schema;
import dev.heliograph.tl.TlLimits;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.updates.BaseState;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.InputUserSelf;
import dev.heliograph.tl.api.auth.BaseAuthorization;
import dev.heliograph.tl.api.auth.BaseExportedAuthorization;
import dev.heliograph.tl.api.functions.auth.ExportAuthorization;
import dev.heliograph.tl.api.functions.auth.ImportAuthorization;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.auth.LogOut;
import dev.heliograph.tl.api.functions.updates.GetState;
import dev.heliograph.tl.api.functions.users.GetUsers;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoginApiTest {

    private final DcFixture f = new DcFixture();
    private final RawClient c = f.clientWithKey();

    @AfterEach
    void close() {
        f.close();
    }

    private static ImportBotAuthorization login(Bot bot) {
        return new ImportBotAuthorization(0, DcFixture.APP.apiId(), DcFixture.APP.apiHash(), bot.token());
    }

    private List<RawClient.Msg> first(TlMethod<?> query) {
        return c.call(Tl.withLayer(228, query));
    }

    private String error(TlMethod<?> query) {
        return Tl.error(c.call(Tl.bytes(query)));
    }

    @Test
    void refusesGetUsersBeforeLoginWith401() {
        assertEquals("401 AUTH_KEY_UNREGISTERED", Tl.error(first(new GetUsers(List.of(new InputUserSelf())))));
        assertEquals("401 AUTH_KEY_UNREGISTERED", error(new GetState()));
    }

    @Test
    void logsTheBotInAndBindsTheKeyToIt() {
        BaseAuthorization auth = (BaseAuthorization) Tl.result(first(login(DcFixture.BOT)), Tl.api());
        BaseUser user = (BaseUser) auth.user();
        assertEquals(DcFixture.BOT.id(), user.id());
        assertTrue(user.bot() && user.self());
        assertEquals(DcFixture.BOT.username(), user.username());
        assertEquals(DcFixture.BOT.firstName(), user.firstName());
        assertEquals(DcFixture.BOT.id(), f.dc.boundUser(c.authKey.id()));
        RawClient.Msg m = Tl.only(c.call(Tl.bytes(new GetUsers(List.of(new InputUserSelf())))), Ids.RPC_RESULT);
        TlReader r = new TlReader(m.body(), 12, m.body().length - 12, Tl.api(), TlLimits.DEFAULT);
        List<User> users = r.readVector(4, x -> x.readObject(User.class));
        assertEquals(DcFixture.BOT.id(), ((BaseUser) users.get(0)).id());
        assertTrue(Tl.result(c.call(Tl.bytes(new GetState())), Tl.api()) instanceof BaseState);
    }

    @Test
    void answersInLayer144And198WithThoseLayersConstructors() {
        Object u144 = ((dev.heliograph.testdc.tl.layer144.auth.BaseAuthorization) Tl.result(
                c.call(Tl.withLayer(144, login(DcFixture.BOT))), Layer144Schema.registry())).user();
        assertEquals(DcFixture.BOT.id(), ((dev.heliograph.testdc.tl.layer144.BaseUser) u144).id());
        RawClient other = f.clientWithKey();
        Object u198 = ((dev.heliograph.testdc.tl.layer198.auth.BaseAuthorization) Tl.result(
                other.call(Tl.withLayer(198, login(DcFixture.BOT))), Layer198Schema.registry())).user();
        assertEquals(DcFixture.BOT.username(), ((dev.heliograph.testdc.tl.layer198.BaseUser) u198).username());
        assertTrue(f.log.stream().anyMatch(l -> l.contains("layer=198")), f.log.toString());
    }

    @Test
    void rejectsMalformedUnknownAndWrongTokensWithAccessTokenInvalid() {
        for (String token : List.of("nonsense", "1000001:", ":secret", "999:AAAA", DcFixture.BOT.id() + ":wrong")) {
            assertEquals("400 ACCESS_TOKEN_INVALID", Tl.error(first(
                    new ImportBotAuthorization(0, DcFixture.APP.apiId(), DcFixture.APP.apiHash(), token))));
        }
    }

    @Test
    void rejectsARevokedTokenWithAccessTokenExpired() {
        f.accounts.revokeToken(DcFixture.BOT.id());
        assertEquals("400 ACCESS_TOKEN_EXPIRED", Tl.error(first(login(DcFixture.BOT))));
    }

    @Test
    void rejectsUnknownApiIdsWrongHashesAndPublishedIds() {
        Bot bot = DcFixture.BOT;
        assertEquals("400 API_ID_INVALID", Tl.error(first(new ImportBotAuthorization(0, 1, "x", bot.token()))));
        assertEquals("400 API_ID_INVALID", error(new ImportBotAuthorization(0, DcFixture.APP.apiId(), "wrong",
                bot.token())));
        assertEquals("400 API_ID_PUBLISHED_FLOOD", error(new ImportBotAuthorization(0, DcFixture.PUBLISHED.apiId(),
                DcFixture.PUBLISHED.apiHash(), bot.token())));
    }

    @Test
    void sendsABotOfAnotherDcToItsHomeWithUserMigrate() {
        assertEquals("303 USER_MIGRATE_1", Tl.error(first(login(DcFixture.AWAY))));
        f.accounts.moveBot(DcFixture.AWAY.id(), 2);
        assertTrue(Tl.result(c.call(Tl.bytes(login(DcFixture.AWAY))), Tl.api()) instanceof BaseAuthorization);
    }

    @Test
    void answersFloodWaitForAsManyCallsAsTheKnobSays() {
        f.knobs.floodWait(null, 2, 7);
        assertEquals("420 FLOOD_WAIT_7", Tl.error(first(login(DcFixture.BOT))));
        assertEquals("420 FLOOD_WAIT_7", error(login(DcFixture.BOT)));
        assertTrue(Tl.result(c.call(Tl.bytes(login(DcFixture.BOT))), Tl.api()) instanceof BaseAuthorization);
    }

    @Test
    void carriesTheAuthorizationToAnotherDcWithExportAndImport() {
        Tl.result(first(login(DcFixture.BOT)), Tl.api());
        assertEquals("400 DC_ID_INVALID", error(new ExportAuthorization(2)));
        BaseExportedAuthorization exported = (BaseExportedAuthorization) Tl.result(
                c.call(Tl.bytes(new ExportAuthorization(1))), Tl.api());
        try (DcFixture dc1 = new DcFixture(1, f)) {
            RawClient other = dc1.clientWithKey();
            ImportAuthorization bad = new ImportAuthorization(exported.id(), dev.heliograph.tl.Bytes.of(new byte[64]));
            assertEquals("400 AUTH_BYTES_INVALID", Tl.error(other.call(Tl.withLayer(228, bad))));
            BaseAuthorization auth = (BaseAuthorization) Tl.result(other.call(Tl.bytes(
                    new ImportAuthorization(exported.id(), exported.bytes()))), Tl.api());
            assertEquals(DcFixture.BOT.id(), ((BaseUser) auth.user()).id());
            assertEquals(DcFixture.BOT.id(), dc1.dc.boundUser(other.authKey.id()));
            assertEquals("400 AUTH_BYTES_INVALID", Tl.error(other.call(Tl.bytes(
                    new ImportAuthorization(exported.id(), exported.bytes())))), "an export is used once");
        }
    }

    @Test
    void logsOutAndForgetsTheBinding() {
        Tl.result(first(login(DcFixture.BOT)), Tl.api());
        assertEquals(0xc3a2835f, Tl.resultId(c.call(Tl.bytes(new LogOut()))));
        assertEquals(0, f.dc.boundUser(c.authKey.id()));
        assertEquals("401 AUTH_KEY_UNREGISTERED", error(new GetUsers(List.of(new InputUserSelf()))));
    }

    @Test
    void rejectsInitConnectionWithoutADeviceModel() {
        byte[] body = Tl.bytes(new dev.heliograph.tl.api.functions.InvokeWithLayer<>(228,
                new dev.heliograph.tl.api.functions.InitConnection<>(1, "", "Linux", "1.0", "en", "", "en", null, null,
                        new GetState())));
        assertEquals("400 CONNECTION_DEVICE_MODEL_EMPTY", Tl.error(c.call(body)));
    }
}
