package dev.heliograph.testdc.internal;

import dev.heliograph.error.RpcException;
import dev.heliograph.testdc.Bot;
import dev.heliograph.tl.Bytes;
import dev.heliograph.tl.TlLimits;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.api.BaseNearestDc;
import dev.heliograph.tl.api.ReplyMarkup;
import dev.heliograph.tl.api.auth.BaseExportedAuthorization;
import dev.heliograph.tl.api.auth.BaseLoggedOut;
import dev.heliograph.tl.api.updates.BaseState;
import dev.heliograph.tlapi.TlApi;
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
        /** The key was revoked by the duplicate-key rule and this connection is owed the error. */
        final boolean duplicated;
        String method = "?";
        boolean withoutUpdates;

        Ctx(DcConnection conn, AuthKeyState key) {
            this.conn = conn;
            this.key = key;
            this.duplicated = conn.takeDuplicateError(key);
        }

        int layer() {
            int l = conn.layer;
            return l != 0 ? l : key.layer;
        }
    }

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
            case Ids.INVOKE_WITHOUT_UPDATES -> {
                c.withoutUpdates = true;
                call(c, r, w);
            }
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
        if (c.duplicated) {
            throw RpcException.of(406, "AUTH_KEY_DUPLICATED");
        }
        if (!c.withoutUpdates) {
            c.key.updatesConnection = c.conn;
        }
        int flood = dc.knobs.takeFloodWait(c.method);
        if (flood >= 0) {
            throw RpcException.of(420, "FLOOD_WAIT_" + flood);
        }
        LayerAnswers<?> answers = LayerAnswers.forLayer(c.layer());
        Messaging mail = dc.accounts.messaging();
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
                Account self = requireAuthorized(c);
                List<Account> wanted = r.readVector(4, x -> readInputUser(x, self));
                r.requireEnd();
                w.writeInt(TlWriter.VECTOR_ID);
                w.writeInt(wanted.size());
                for (Account a : wanted) {
                    answers.writeUser(w, a, a.id() == self.id());
                }
            }
            case Ids.USERS_GET_FULL_USER -> {
                Account self = requireAuthorized(c);
                Account a = readInputUser(r, self);
                r.requireEnd();
                answers.writeUserFull(w, a);
            }
            case Ids.CONTACTS_RESOLVE_USERNAME_144, Ids.CONTACTS_RESOLVE_USERNAME -> {
                requireAuthorized(c);
                int flags = id == Ids.CONTACTS_RESOLVE_USERNAME ? r.readInt() : 0;
                String name = r.readString();
                if ((flags & 1) != 0) {
                    r.readString(); // referer
                }
                r.requireEnd();
                String bare = name.startsWith("@") ? name.substring(1) : name;
                if (!Accounts.isUsername(bare)) {
                    throw RpcException.of(400, "USERNAME_INVALID");
                }
                Account a = dc.accounts.resolveUsername(bare);
                if (a == null) {
                    throw RpcException.of(400, "USERNAME_NOT_OCCUPIED");
                }
                w.writeInt(Ids.RESOLVED_PEER);
                LayerAnswers.writePeerUser(w, a.id());
                LayerAnswers.writeEmptyVector(w);
                answers.writeUsers(w, List.of(a));
            }
            case Ids.UPDATES_GET_STATE -> {
                Account self = requireAuthorized(c);
                r.requireEnd();
                mail.writeState(w, self.id());
            }
            case Ids.UPDATES_GET_DIFFERENCE_144, Ids.UPDATES_GET_DIFFERENCE -> {
                Account self = requireAuthorized(c);
                int flags = r.readInt();
                int pts = r.readInt();
                if (id == Ids.UPDATES_GET_DIFFERENCE && (flags & 2) != 0) {
                    r.readInt(); // pts_limit: slices are the server's choice
                }
                int totalLimit = (flags & 1) != 0 ? r.readInt() : 0;
                r.readInt(); // date
                r.readInt(); // qts: no qts-based updates are generated
                if (id == Ids.UPDATES_GET_DIFFERENCE && (flags & 4) != 0) {
                    r.readInt();
                }
                r.requireEnd();
                mail.writeDifference(w, answers, self, pts, totalLimit);
            }
            case Ids.MESSAGES_SEND_MESSAGE_144, Ids.MESSAGES_SEND_MESSAGE_198, Ids.MESSAGES_SEND_MESSAGE ->
                    sendMessage(c, id, r, w, answers);
            case Ids.MESSAGES_EDIT_MESSAGE_144, Ids.MESSAGES_EDIT_MESSAGE_198, Ids.MESSAGES_EDIT_MESSAGE -> {
                Account self = requireAuthorized(c);
                int flags = r.readInt();
                long peer = readInputPeer(r, self);
                int msgId = r.readInt();
                String text = (flags & (1 << 11)) != 0 ? r.readString() : null;
                if ((flags & (1 << 14)) != 0) {
                    throw RpcException.of(400, "MEDIA_INVALID");
                }
                r = skipReplyMarkup(r, flags);
                Entity[] entities = (flags & 8) != 0 ? readEntities(r, self) : NO_ENTITIES;
                if (text == null) {
                    throw RpcException.of(400, "MESSAGE_NOT_MODIFIED");
                }
                mail.edit(self, peer, msgId, text, entities, c.key).write(answers, w);
            }
            case Ids.MESSAGES_DELETE_MESSAGES -> {
                Account self = requireAuthorized(c);
                int flags = r.readInt();
                List<Integer> ids = r.readVector(4, TlReader::readInt);
                r.requireEnd();
                int[] affected = mail.delete(self, ids.stream().mapToInt(Integer::intValue).toArray(), (flags & 1) != 0,
                        c.key);
                w.writeInt(Ids.AFFECTED_MESSAGES);
                w.writeInt(affected[0]);
                w.writeInt(affected[1]);
            }
            case Ids.MESSAGES_SET_TYPING -> {
                Account self = requireAuthorized(c);
                int flags = r.readInt();
                long peer = readInputPeer(r, self);
                if ((flags & 1) != 0) {
                    r.readInt(); // top_msg_id
                }
                if (r.remaining() < 4) {
                    throw RpcException.of(400, "INPUT_CONSTRUCTOR_INVALID");
                }
                mail.typing(self, peer, r.readRaw(r.remaining()));
                w.writeInt(Ids.BOOL_TRUE);
            }
            case Ids.AUTH_SEND_CODE -> sendCode(r, w);
            case Ids.AUTH_SIGN_IN_144, Ids.AUTH_SIGN_IN -> signIn(c, id, r, w, answers);
            case Ids.AUTH_SIGN_UP_144, Ids.AUTH_SIGN_UP -> signUp(c, id, r, w, answers);
            case Ids.AUTH_IMPORT_BOT_AUTHORIZATION -> importBotAuthorization(c, r, w, answers);
            case Ids.AUTH_EXPORT_AUTHORIZATION -> {
                Account self = requireAuthorized(c);
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
                Account a = dc.accounts.account(userId);
                if (a == null || !dc.accounts.takeExport(userId, dc.dcId, bytes)) {
                    throw RpcException.of(400, "AUTH_BYTES_INVALID");
                }
                bind(c, a);
                answers.writeAuthorization(w, a);
            }
            case Ids.AUTH_LOG_OUT -> {
                r.requireEnd();
                Account self = requireAuthorized(c);
                c.key.userId = 0;
                mail.unauthorized(c.key, self.id());
                BaseLoggedOut.builder().build().serialize(w);
            }
            default -> throw RpcException.of(400, "INPUT_METHOD_INVALID");
        }
    }

    private void sendMessage(Ctx c, int id, TlReader r, TlWriter w, LayerAnswers<?> answers) {
        Account self = requireAuthorized(c);
        int flags = r.readInt();
        long peer = readInputPeer(r, self);
        int replyTo = 0;
        if ((flags & 1) != 0) {
            replyTo = id == Ids.MESSAGES_SEND_MESSAGE_144 ? r.readInt() : readInputReplyTo(r, self);
        }
        String text = r.readString();
        long randomId = r.readLong();
        r = skipReplyMarkup(r, flags);
        Entity[] entities = (flags & 8) != 0 ? readEntities(r, self) : NO_ENTITIES;
        // the options after entities (scheduling, send_as, effects...) are not modelled
        Messaging.Sent sent = dc.accounts.messaging().send(self, peer, text, entities, replyTo, randomId, c.key);
        answers.writeUpdateShortSentMessage(w, sent.message());
    }

    private void sendCode(TlReader r, TlWriter w) {
        String digits = Accounts.normalizePhone(r.readString());
        int apiId = r.readInt();
        String apiHash = r.readString();
        // settings:CodeSettings, whose shape changes between layers, says how the code may be sent
        String appError = dc.accounts.checkApp(apiId, apiHash);
        if (appError != null) {
            throw RpcException.of(400, appError);
        }
        checkPhoneHere(digits);
        String hash = hex(dc.random.bytes(8));
        dc.accounts.codeSent(digits, hash);
        w.writeInt(Ids.SENT_CODE);
        w.writeInt(0);
        w.writeInt(Ids.SENT_CODE_TYPE_APP);
        w.writeInt(5);
        w.writeString(hash);
    }

    /** PHONE_NUMBER_INVALID for anything but a test number of this cluster, PHONE_MIGRATE_X elsewhere. */
    private void checkPhoneHere(String digits) {
        int home = Accounts.testPhoneDc(digits);
        boolean known = dc.endpoints.get().stream().anyMatch(e -> e.dcId() == home);
        if (home == 0 || !known) {
            throw RpcException.of(400, "PHONE_NUMBER_INVALID");
        }
        if (home != dc.dcId) {
            throw RpcException.of(303, "PHONE_MIGRATE_" + home);
        }
    }

    /** Checks phone, phone_code_hash and (when given) the code: the DC id five times. */
    private String checkCode(String phone, String hash, String code) {
        String digits = Accounts.normalizePhone(phone);
        checkPhoneHere(digits);
        if (hash.isEmpty()) {
            throw RpcException.of(400, "PHONE_CODE_HASH_EMPTY");
        }
        if (!dc.accounts.codeHashMatches(digits, hash)) {
            throw RpcException.of(400, "PHONE_CODE_EXPIRED");
        }
        if (code != null) {
            if (code.isEmpty()) {
                throw RpcException.of(400, "PHONE_CODE_EMPTY");
            }
            if (!code.equals(String.valueOf(dc.dcId).repeat(5))) {
                throw RpcException.of(400, "PHONE_CODE_INVALID");
            }
        }
        return digits;
    }

    private void signIn(Ctx c, int id, TlReader r, TlWriter w, LayerAnswers<?> answers) {
        int flags = id == Ids.AUTH_SIGN_IN ? r.readInt() : 1;
        String phone = r.readString();
        String hash = r.readString();
        String code = (flags & 1) != 0 ? r.readString() : "";
        if ((flags & 2) != 0) {
            throw RpcException.of(400, "EMAIL_VERIFICATION_NOT_SUPPORTED");
        }
        r.requireEnd();
        String digits = checkCode(phone, hash, code);
        Account user = dc.accounts.userByPhone(digits);
        if (user == null) {
            w.writeInt(Ids.AUTHORIZATION_SIGN_UP_REQUIRED);
            w.writeInt(0);
            return;
        }
        dc.accounts.codeUsed(digits);
        bind(c, user);
        answers.writeAuthorization(w, user);
    }

    private void signUp(Ctx c, int id, TlReader r, TlWriter w, LayerAnswers<?> answers) {
        if (id == Ids.AUTH_SIGN_UP) {
            r.readInt();
        }
        String phone = r.readString();
        String hash = r.readString();
        String firstName = r.readString();
        r.readString(); // last_name
        r.requireEnd();
        String digits = checkCode(phone, hash, null);
        if (firstName.isBlank() || firstName.length() > 64) {
            throw RpcException.of(400, "FIRSTNAME_INVALID");
        }
        if (dc.accounts.userByPhone(digits) != null) {
            throw RpcException.of(400, "PHONE_NUMBER_OCCUPIED");
        }
        Account user = dc.accounts.addUser(digits, firstName, null);
        dc.accounts.codeUsed(digits);
        bind(c, user);
        answers.writeAuthorization(w, user);
    }

    private void bind(Ctx c, Account a) {
        long before = c.key.userId;
        if (before != 0 && before != a.id()) {
            dc.accounts.messaging().unauthorized(c.key, before);
        }
        c.key.userId = a.id();
        dc.accounts.messaging().authorized(c.key, a.id());
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
        int wait = dc.botLoginWait(bot.id());
        if (wait > 0) {
            throw RpcException.of(420, "FLOOD_WAIT_" + wait);
        }
        Account a = Account.of(bot);
        bind(c, a);
        answers.writeAuthorization(w, a);
    }

    private Account requireAuthorized(Ctx c) {
        long userId = c.key.userId;
        Account a = userId == 0 ? null : dc.accounts.account(userId);
        if (a == null) {
            throw RpcException.of(401, "AUTH_KEY_UNREGISTERED");
        }
        return a;
    }

    private static final Entity[] NO_ENTITIES = {};

    /**
     * Reads an InputPeer naming a user: the user id, after checking its access hash
     * ({@code PEER_ID_INVALID} otherwise; chats and channels do not exist here).
     */
    private long readInputPeer(TlReader r, Account self) {
        int id = r.readInt();
        return switch (id) {
            case Ids.INPUT_PEER_SELF -> self.id();
            case Ids.INPUT_PEER_USER -> {
                long userId = r.readLong();
                long hash = r.readLong();
                Account a = dc.accounts.account(userId);
                if (a == null || a.accessHash() != hash) {
                    throw RpcException.of(400, "PEER_ID_INVALID");
                }
                yield userId;
            }
            case Ids.INPUT_PEER_USER_FROM_MESSAGE -> {
                readInputPeer(r, self);
                r.readInt();
                long userId = r.readLong();
                if (dc.accounts.account(userId) == null) {
                    throw RpcException.of(400, "PEER_ID_INVALID");
                }
                yield userId;
            }
            case Ids.INPUT_PEER_CHANNEL, Ids.INPUT_PEER_CHANNEL_FROM_MESSAGE -> throw RpcException.of(400,
                    "CHANNEL_INVALID");
            case Ids.INPUT_PEER_EMPTY, Ids.INPUT_PEER_CHAT -> throw RpcException.of(400, "PEER_ID_INVALID");
            default -> throw RpcException.of(400, "INPUT_CONSTRUCTOR_INVALID");
        };
    }

    /** Reads an InputUser: the account it names, after checking its access hash. */
    private Account readInputUser(TlReader r, Account self) {
        int id = r.readInt();
        return switch (id) {
            case Ids.INPUT_USER_SELF -> self;
            case Ids.INPUT_USER -> {
                long userId = r.readLong();
                long hash = r.readLong();
                Account a = dc.accounts.account(userId);
                if (a == null || (a.id() != self.id() && a.accessHash() != hash)) {
                    throw RpcException.of(400, "USER_ID_INVALID");
                }
                yield a;
            }
            case Ids.INPUT_USER_FROM_MESSAGE -> {
                readInputPeer(r, self);
                r.readInt();
                Account a = dc.accounts.account(r.readLong());
                if (a == null) {
                    throw RpcException.of(400, "USER_ID_INVALID");
                }
                yield a;
            }
            default -> throw RpcException.of(400, "USER_ID_INVALID");
        };
    }

    /** Reads inputReplyToMessage (layers 198 and 228) and returns the message id it names. */
    private int readInputReplyTo(TlReader r, Account self) {
        int id = r.readInt();
        if (id != Ids.INPUT_REPLY_TO_MESSAGE_198 && id != Ids.INPUT_REPLY_TO_MESSAGE) {
            throw RpcException.of(400, "REPLY_TO_INVALID");
        }
        int flags = r.readInt();
        int msgId = r.readInt();
        if ((flags & 1) != 0) {
            r.readInt();
        }
        if ((flags & 2) != 0) {
            readInputPeer(r, self);
        }
        if ((flags & 4) != 0) {
            r.readString();
        }
        if ((flags & 8) != 0) {
            readEntities(r, self);
        }
        if ((flags & 16) != 0) {
            r.readInt();
        }
        if (id == Ids.INPUT_REPLY_TO_MESSAGE) {
            if ((flags & 32) != 0) {
                readInputPeer(r, self);
            }
            if ((flags & 64) != 0) {
                r.readInt();
            }
            if ((flags & 128) != 0) {
                r.readByteArray();
            }
        }
        return msgId;
    }

    /**
     * Skips a reply_markup (flags.2) by decoding it with the project's layer (its keyboards are the
     * same in the older layers clients use); markup is accepted but not kept.
     *
     * @return a reader positioned after it
     */
    private static TlReader skipReplyMarkup(TlReader r, int flags) {
        if ((flags & 4) == 0) {
            return r;
        }
        byte[] rest = r.readRaw(r.remaining());
        TlReader api = new TlReader(rest, 0, rest.length, TlApi.registry(), TlLimits.DEFAULT);
        try {
            api.readObject(ReplyMarkup.class);
        } catch (RuntimeException e) {
            throw RpcException.of(400, "REPLY_MARKUP_INVALID");
        }
        return api;
    }

    /** Reads {@code Vector<MessageEntity>} into the layer-neutral form. */
    private Entity[] readEntities(TlReader r, Account self) {
        List<Entity> list = r.readVector(12, x -> readEntity(x, self));
        return list.toArray(NO_ENTITIES);
    }

    private Entity readEntity(TlReader r, Account self) {
        int id = r.readInt();
        switch (id) {
            case Ids.ENTITY_UNKNOWN, Ids.ENTITY_MENTION, Ids.ENTITY_HASHTAG, Ids.ENTITY_BOT_COMMAND, Ids.ENTITY_URL,
                    Ids.ENTITY_EMAIL, Ids.ENTITY_BOLD, Ids.ENTITY_ITALIC, Ids.ENTITY_CODE, Ids.ENTITY_PHONE,
                    Ids.ENTITY_CASHTAG, Ids.ENTITY_UNDERLINE, Ids.ENTITY_STRIKE, Ids.ENTITY_BANK_CARD,
                    Ids.ENTITY_SPOILER, Ids.ENTITY_BLOCKQUOTE_144 -> {
                return new Entity(id, r.readInt(), r.readInt(), null, 0);
            }
            case Ids.ENTITY_BLOCKQUOTE -> {
                r.readInt(); // flags: collapsed is not kept
                return new Entity(Ids.ENTITY_BLOCKQUOTE_144, r.readInt(), r.readInt(), null, 0);
            }
            case Ids.ENTITY_PRE, Ids.ENTITY_TEXT_URL -> {
                return new Entity(id, r.readInt(), r.readInt(), r.readString(), 0);
            }
            case Ids.ENTITY_MENTION_NAME, Ids.ENTITY_CUSTOM_EMOJI -> {
                return new Entity(id, r.readInt(), r.readInt(), null, r.readLong());
            }
            case Ids.INPUT_MESSAGE_ENTITY_MENTION_NAME -> {
                int offset = r.readInt();
                int length = r.readInt();
                return new Entity(Ids.ENTITY_MENTION_NAME, offset, length, null, readInputUser(r, self).id());
            }
            default -> throw RpcException.of(400, "ENTITY_BOUNDS_INVALID");
        }
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder(b.length * 2);
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return s.toString();
    }
}
