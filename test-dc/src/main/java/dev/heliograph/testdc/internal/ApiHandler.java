package dev.heliograph.testdc.internal;

import dev.heliograph.error.RpcException;
import dev.heliograph.testdc.Bot;
import dev.heliograph.tl.Bytes;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.api.BaseNearestDc;
import dev.heliograph.tl.api.auth.BaseExportedAuthorization;
import dev.heliograph.tl.api.auth.BaseLoggedOut;
import dev.heliograph.tl.api.updates.BaseState;
import java.util.List;

/**
 * The API methods of the login path, answered in the layer the client declared. Requests are read
 * by constructor id: the wrappers and these methods have the same shape in every layer the server
 * supports; answers whose shape changes between layers go through {@link LayerAnswers}.
 */
final class ApiHandler {

    /**
     * The outcome of one RPC.
     *
     * @param method the innermost method's TL name
     * @param result the serialized result or {@code rpc_error}
     */
    record Call(String method, byte[] result) {
    }

    /** Mutable facts gathered while unwrapping one request. */
    private static final class Ctx {
        final DcConnection conn;
        final AuthKeyState key;
        String method = "?";

        Ctx(DcConnection conn, AuthKeyState key) {
            this.conn = conn;
            this.key = key;
        }

        int layer() {
            int l = conn.layer;
            return l != 0 ? l : key.layer;
        }
    }

    /** Stands for inputUserSelf among user ids (bot ids are positive). */
    private static final long SELF = -1;

    private final DcState dc;

    ApiHandler(DcState dc) {
        this.dc = dc;
    }

    Call invoke(DcConnection conn, AuthKeyState key, long sessionId, long msgId, TlReader r) {
        Ctx c = new Ctx(conn, key);
        TlWriter w = new TlWriter(256);
        String outcome;
        try {
            call(c, r, w);
            outcome = "ok";
        } catch (RpcException e) {
            w.reset();
            w.writeInt(Ids.RPC_ERROR);
            w.writeInt(e.code());
            w.writeString(e.rawMessage());
            outcome = e.code() + " " + e.rawMessage();
        }
        dc.executed(key.id, sessionId, msgId, c.method);
        if (dc.rpcLog != null) {
            dc.rpcLog.accept("dc=" + dc.dcId + " method=" + c.method + " layer="
                    + LayerAnswers.forLayer(c.layer()).layer() + " result=" + outcome);
        }
        return new Call(c.method, w.toByteArray());
    }

    private void call(Ctx c, TlReader r, TlWriter w) {
        int id = r.readInt();
        switch (id) {
            case Ids.INVOKE_WITH_LAYER -> {
                int layer = r.readInt();
                if (layer <= 0) {
                    throw RpcException.of(400, "LAYER_INVALID");
                }
                c.conn.layer = layer;
                c.key.layer = layer;
                call(c, r, w);
            }
            case Ids.INIT_CONNECTION -> {
                initConnection(c, r);
                call(c, r, w);
            }
            case Ids.INVOKE_WITHOUT_UPDATES -> call(c, r, w);
            case Ids.INVOKE_AFTER_MSG -> {
                r.readLong();
                call(c, r, w);
            }
            case Ids.INVOKE_AFTER_MSGS -> {
                r.readVector(8, TlReader::readLong);
                call(c, r, w);
            }
            case Ids.GZIP_PACKED -> call(c, r.inflate(), w);
            default -> method(c, id, r, w);
        }
    }

    private void initConnection(Ctx c, TlReader r) {
        int flags = r.readInt();
        int apiId = r.readInt();
        String deviceModel = r.readString();
        String systemVersion = r.readString();
        String appVersion = r.readString();
        r.readString(); // system_lang_code
        r.readString(); // lang_pack
        r.readString(); // lang_code
        if ((flags & 1) != 0) {
            if (r.readInt() != Ids.INPUT_CLIENT_PROXY) {
                throw RpcException.of(400, "INPUT_CONSTRUCTOR_INVALID");
            }
            r.readString();
            r.readInt();
        }
        if ((flags & 2) != 0) {
            skipJson(r);
        }
        if (deviceModel.isEmpty()) {
            throw RpcException.of(400, "CONNECTION_DEVICE_MODEL_EMPTY");
        }
        if (systemVersion.isEmpty()) {
            throw RpcException.of(400, "CONNECTION_SYSTEM_EMPTY");
        }
        if (appVersion.isEmpty()) {
            throw RpcException.of(400, "CONNECTION_APP_VERSION_EMPTY");
        }
        c.conn.apiId = apiId;
    }

    private static void skipJson(TlReader r) {
        int id = r.readInt();
        switch (id) {
            case Ids.JSON_NULL -> { }
            case Ids.JSON_BOOL -> r.readBool();
            case Ids.JSON_NUMBER -> r.readDouble();
            case Ids.JSON_STRING -> r.readString();
            case Ids.JSON_ARRAY -> r.readVector(4, x -> {
                skipJson(x);
                return Boolean.TRUE;
            });
            case Ids.JSON_OBJECT -> r.readVector(8, x -> {
                if (x.readInt() != Ids.JSON_OBJECT_VALUE) {
                    throw RpcException.of(400, "INPUT_CONSTRUCTOR_INVALID");
                }
                x.readString();
                skipJson(x);
                return Boolean.TRUE;
            });
            default -> throw RpcException.of(400, "INPUT_CONSTRUCTOR_INVALID");
        }
    }

    private void method(Ctx c, int id, TlReader r, TlWriter w) {
        c.method = Ids.methodName(id);
        int flood = dc.knobs.takeFloodWait(c.method);
        if (flood >= 0) {
            throw RpcException.of(420, "FLOOD_WAIT_" + flood);
        }
        LayerAnswers<?> answers = LayerAnswers.forLayer(c.layer());
        switch (id) {
            case Ids.HELP_GET_CONFIG -> {
                r.requireEnd();
                int now = dc.clock.nowSeconds();
                answers.writeConfig(w, new LayerAnswers.ConfigFacts(now, now + 3600, dc.dcId, dc.endpoints.get()));
            }
            case Ids.HELP_GET_NEAREST_DC -> {
                r.requireEnd();
                new BaseNearestDc("ZZ", dc.dcId, dc.dcId).serialize(w);
            }
            case Ids.USERS_GET_USERS -> {
                Bot self = requireAuthorized(c);
                List<Long> wanted = r.readVector(4, ApiHandler::readInputUserId);
                r.requireEnd();
                int n = 0;
                for (long u : wanted) {
                    n += u == SELF || u == self.id() ? 1 : 0;
                }
                w.writeInt(TlWriter.VECTOR_ID);
                w.writeInt(n);
                for (long u : wanted) {
                    if (u == SELF || u == self.id()) {
                        answers.writeUser(w, self);
                    }
                }
            }
            case Ids.UPDATES_GET_STATE -> {
                requireAuthorized(c);
                r.requireEnd();
                new BaseState(1, 0, dc.clock.nowSeconds(), 0, 0).serialize(w);
            }
            case Ids.AUTH_IMPORT_BOT_AUTHORIZATION -> importBotAuthorization(c, r, w, answers);
            case Ids.AUTH_EXPORT_AUTHORIZATION -> {
                Bot self = requireAuthorized(c);
                int target = r.readInt();
                r.requireEnd();
                boolean known = dc.endpoints.get().stream().anyMatch(e -> e.dcId() == target);
                if (target == dc.dcId || !known) {
                    throw RpcException.of(400, "DC_ID_INVALID");
                }
                byte[] bytes = dc.random.bytes(64);
                dc.accounts.export(self.id(), target, bytes);
                new BaseExportedAuthorization(self.id(), Bytes.wrap(bytes)).serialize(w);
            }
            case Ids.AUTH_IMPORT_AUTHORIZATION -> {
                long userId = r.readLong();
                byte[] bytes = r.readByteArray();
                r.requireEnd();
                Bot bot = dc.accounts.bot(userId);
                if (bot == null || !dc.accounts.takeExport(userId, dc.dcId, bytes)) {
                    throw RpcException.of(400, "AUTH_BYTES_INVALID");
                }
                c.key.userId = bot.id();
                answers.writeAuthorization(w, bot);
            }
            case Ids.AUTH_LOG_OUT -> {
                r.requireEnd();
                requireAuthorized(c);
                c.key.userId = 0;
                BaseLoggedOut.builder().build().serialize(w);
            }
            default -> throw RpcException.of(400, "INPUT_METHOD_INVALID");
        }
    }

    private void importBotAuthorization(Ctx c, TlReader r, TlWriter w, LayerAnswers<?> answers) {
        r.readInt(); // flags: a plain int here, unused
        int apiId = r.readInt();
        String apiHash = r.readString();
        String token = r.readString();
        r.requireEnd();
        String appError = dc.accounts.checkApp(apiId, apiHash);
        if (appError != null) {
            throw RpcException.of(400, appError);
        }
        Bot bot = dc.accounts.resolveToken(token);
        if (bot == null) {
            throw RpcException.of(400, "ACCESS_TOKEN_INVALID");
        }
        if (dc.accounts.isRevoked(bot.id())) {
            throw RpcException.of(400, "ACCESS_TOKEN_EXPIRED");
        }
        if (bot.homeDc() != dc.dcId) {
            throw RpcException.of(303, "USER_MIGRATE_" + bot.homeDc());
        }
        c.key.userId = bot.id();
        answers.writeAuthorization(w, bot);
    }

    private Bot requireAuthorized(Ctx c) {
        long userId = c.key.userId;
        Bot bot = userId == 0 ? null : dc.accounts.bot(userId);
        if (bot == null) {
            throw RpcException.of(401, "AUTH_KEY_UNREGISTERED");
        }
        return bot;
    }

    /** Reads one InputUser: {@link #SELF}, 0 for inputUserEmpty, else the user id it names. */
    private static long readInputUserId(TlReader r) {
        int id = r.readInt();
        return switch (id) {
            case Ids.INPUT_USER_SELF -> SELF;
            case Ids.INPUT_USER_EMPTY -> 0L;
            case Ids.INPUT_USER -> {
                long userId = r.readLong();
                r.readLong();
                yield userId;
            }
            default -> throw RpcException.of(400, "USER_ID_INVALID");
        };
    }
}
