package dev.heliograph.tl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.error.TlDecodeException;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.BaseConfig;
import dev.heliograph.tl.api.BaseDcOption;
import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.InputUser;
import dev.heliograph.tl.api.InputUserSelf;
import dev.heliograph.tl.api.Message;
import dev.heliograph.tl.api.PeerUser;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.auth.Authorization;
import dev.heliograph.tl.api.auth.BaseAuthorization;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.help.GetConfig;
import dev.heliograph.tl.api.functions.users.GetUsers;
import dev.heliograph.tl.mtproto.BadMsgNotification;
import dev.heliograph.tl.mtproto.BadServerSalt;
import dev.heliograph.tl.mtproto.BaseBadMsgNotification;
import dev.heliograph.tl.mtproto.BaseFutureSalt;
import dev.heliograph.tl.mtproto.BaseFutureSalts;
import dev.heliograph.tl.mtproto.BaseResPQ;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import dev.heliograph.tl.mtproto.NewSession;
import dev.heliograph.tl.mtproto.NewSessionCreated;
import dev.heliograph.tl.mtproto.PQInnerDataDc;
import dev.heliograph.tl.mtproto.ResPQ;
import dev.heliograph.tl.mtproto.ServerDHParams;
import dev.heliograph.tl.mtproto.ServerDHParamsOk;
import dev.heliograph.tl.mtproto.functions.ReqDHParams;
import dev.heliograph.tl.mtproto.functions.ReqPqMulti;
import dev.heliograph.tlgen.DeclarationLines;
import dev.heliograph.tlgen.JavaGenerator;
import dev.heliograph.tlgen.TlCombinator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The code generated from the project's own schemas by the build: contract names, round trips, registry. */
class ProjectSchemaTest {

    private static final TlRegistry REGISTRY = TlRegistry.union(MtprotoSchema.registry(), ApiSchema.registry());

    @Test
    void apiIsLayer228() {
        assertEquals(228, ApiSchema.LAYER);
    }

    @Test
    void everyProjectConstructorAndFunctionRoundTrips() {
        for (JavaGenerator model : List.of(ProjectSchemas.mtproto(), ProjectSchemas.api())) {
            RandomTlValues random = new RandomTlValues(model, getClass().getClassLoader(), new SplittableRandom(228));
            List<TlCombinator> all = new ArrayList<>(model.constructors());
            all.addAll(model.functions());
            for (TlCombinator c : all) {
                TlObject value = random.of(c);
                assertEquals(c.name(), value.tlName(), "the generator emits the schema name");
                assertEquals(c.name(), REGISTRY.name(value.constructorId()));
                for (int i = 0; i < 100; i++) {
                    RoundTrip.check(random.of(c), REGISTRY);
                }
            }
        }
    }

    @Test
    void countsMatchTheSchemaFiles() {
        JavaGenerator mtproto = ProjectSchemas.mtproto();
        JavaGenerator api = ProjectSchemas.api();
        assertEquals(mtproto.constructors().size(), MtprotoSchema.CONSTRUCTOR_COUNT);
        assertEquals(mtproto.functions().size(), MtprotoSchema.FUNCTION_COUNT);
        assertEquals(api.constructors().size(), ApiSchema.CONSTRUCTOR_COUNT);
        assertEquals(api.functions().size(), ApiSchema.FUNCTION_COUNT);
        int[] counted = DeclarationLines.count(GeneratedCode.read(ProjectSchemas.apiFile()), true);
        assertEquals(counted[0], ApiSchema.CONSTRUCTOR_COUNT);
        assertEquals(counted[1], ApiSchema.FUNCTION_COUNT);
        System.out.printf("Project schemas: mtproto.tl %d constructors, %d functions; api.tl (layer %d) %d constructors,"
                + " %d functions%n", MtprotoSchema.CONSTRUCTOR_COUNT, MtprotoSchema.FUNCTION_COUNT, ApiSchema.LAYER,
                ApiSchema.CONSTRUCTOR_COUNT, ApiSchema.FUNCTION_COUNT);
    }

    @Test
    void handshakeTypesFollowTheNamingContract() {
        ResPQ res = new BaseResPQ(Bytes.wrap(new byte[16]), Bytes.wrap(new byte[16]), Bytes.of(new byte[] {0x17}), List.of(1L));
        assertEquals(0x05162463, res.constructorId());
        PQInnerDataDc inner = new PQInnerDataDc(Bytes.of(new byte[] {0x15}), Bytes.of(new byte[] {3}), Bytes.of(new byte[] {5}), Bytes.wrap(new byte[16]), Bytes.wrap(new byte[16]),
                Bytes.wrap(new byte[32]), 2);
        assertEquals(0xa9f55f95, inner.constructorId());
        ServerDHParams ok = new ServerDHParamsOk(Bytes.wrap(new byte[16]), Bytes.wrap(new byte[16]), Bytes.fromHex("0badc0de"));
        assertFalse(ok.toString().contains("0badc0de"), ok.toString());
        ReqDHParams req = new ReqDHParams(Bytes.wrap(new byte[16]), Bytes.wrap(new byte[16]), Bytes.of(new byte[] {3}), Bytes.of(new byte[] {5}), 7L,
                Bytes.fromHex("da7a"));
        assertEquals(0xd712e4be, req.constructorId());
        TlMethod<ResPQ> multi = new ReqPqMulti(Bytes.wrap(new byte[16]));
        assertEquals(res, multi.readResult(new TlReader(RoundTrip.encode(res), REGISTRY)));
    }

    @Test
    void serviceMessagesFollowTheNamingContract() {
        BadMsgNotification salt = new BadServerSalt(1, 2, 48, 99);
        BadMsgNotification bad = new BaseBadMsgNotification(1, 2, 16);
        NewSession created = new NewSessionCreated(1, 2, 3);
        RoundTrip.check(salt, REGISTRY);
        RoundTrip.check(bad, REGISTRY);
        RoundTrip.check(created, REGISTRY);
        RoundTrip.check(new BaseFutureSalts(1, 2, List.of(new BaseFutureSalt(3, 4, 5))), REGISTRY);
    }

    @Test
    void theLoginCallNestsAndHidesTheToken() {
        ImportBotAuthorization login = new ImportBotAuthorization(0, 12345, "0123456789abcdef", "123:SECRET");
        InvokeWithLayer<Authorization> call = new InvokeWithLayer<>(ApiSchema.LAYER, InitConnection.<Authorization>builder()
                .apiId(12345).deviceModel("d").systemVersion("s").appVersion("1").systemLangCode("en").langPack("")
                .langCode("en").query(login).build());
        RoundTrip.check(call, REGISTRY);
        String text = call.toString();
        assertFalse(text.contains("SECRET"), text);
        assertFalse(text.contains("0123456789abcdef"), text);

        BaseUser bot = BaseUser.builder().id(42).bot(true).botInfoVersion(1).firstName("bot").build();
        Authorization result = new BaseAuthorization(false, null, null, null, bot);
        Authorization read = call.readResult(new TlReader(RoundTrip.encode(result), REGISTRY));
        assertEquals(result, read);
        assertInstanceOf(BaseAuthorization.class, read);
    }

    @Test
    void vectorResultsAndConfigDecode() {
        GetUsers getUsers = new GetUsers(List.of(new InputUserSelf()));
        List<InputUser> ids = getUsers.id();
        assertEquals(1, ids.size());
        TlWriter w = new TlWriter();
        User user = BaseUser.builder().id(1).self(true).build();
        w.writeObjectVector(List.of(user));
        assertEquals(List.of(user), getUsers.readResult(new TlReader(w.toByteArray(), REGISTRY)));

        BaseDcOption dc = BaseDcOption.builder().id(2).ipAddress("149.154.167.40").port(443).static_(true).build();
        assertTrue(dc.static_());
        BaseConfig config = BaseConfig.builder().date(1).expires(2).testMode(true).thisDc(2).dcOptions(List.of(dc))
                .dcTxtDomainName("example.org").meUrlPrefix("https://t.me/").build();
        assertEquals(config, new GetConfig().readResult(new TlReader(RoundTrip.encode(config), REGISTRY)));
    }

    @Test
    void aFlagThatPromisesAMissingValueIsADecodeErrorAtThatValue() {
        Message message = BaseMessage.builder().id(7).peerId(new PeerUser(42)).date(1).message("hi").build();
        byte[] bytes = RoundTrip.encode(message);
        bytes[5] |= 0x04; // flags bit 10: views and forwards follow the text, but the bytes end there
        TlDecodeException e = assertThrows(TlDecodeException.class, () -> RoundTrip.decode(bytes, REGISTRY));
        assertEquals(BaseMessage.CONSTRUCTOR_ID, e.constructorId());
        assertEquals(bytes.length, e.offset());
    }

    @Test
    void aVectorCountLargerThanTheBytesLeftIsRejectedBeforeAnyElementIsRead() {
        TlWriter w = new TlWriter();
        w.writeInt(TlWriter.VECTOR_ID);
        w.writeInt(1_000);
        new PeerUser(1).serialize(w);
        byte[] bytes = w.toByteArray();
        TlDecodeException e = assertThrows(TlDecodeException.class,
                () -> new GetUsers(List.of()).readResult(new TlReader(bytes, REGISTRY)));
        assertEquals(8, e.offset()); // just past the count
    }
}
