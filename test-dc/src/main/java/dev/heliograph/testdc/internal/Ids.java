package dev.heliograph.testdc.internal;

/**
 * Constructor ids the server reads or writes by hand. The MTProto service layer and the request
 * wrappers are the same in every API layer, so the server dispatches on these ids directly instead
 * of decoding whole objects it only needs a few fields of.
 */
final class Ids {

    // handshake
    static final int REQ_PQ = 0x60469778;
    static final int REQ_PQ_MULTI = 0xbe7e8ef1;
    static final int RES_PQ = 0x05162463;
    static final int P_Q_INNER_DATA = 0x83c95aec;
    static final int P_Q_INNER_DATA_DC = 0xa9f55f95;
    static final int P_Q_INNER_DATA_TEMP = 0x3c6a84d4;
    static final int P_Q_INNER_DATA_TEMP_DC = 0x56fddf88;
    static final int REQ_DH_PARAMS = 0xd712e4be;
    static final int SERVER_DH_PARAMS_OK = 0xd0e8075c;
    static final int SERVER_DH_INNER_DATA = 0xb5890dba;
    static final int SET_CLIENT_DH_PARAMS = 0xf5045f1f;
    static final int CLIENT_DH_INNER_DATA = 0x6643b654;
    static final int DH_GEN_OK = 0x3bcbf734;
    static final int DH_GEN_RETRY = 0x46dc1fb9;

    // service messages
    static final int MSG_CONTAINER = 0x73f1f8dc;
    static final int GZIP_PACKED = 0x3072cfa1;
    static final int RPC_RESULT = 0xf35c6d01;
    static final int RPC_ERROR = 0x2144ca19;
    static final int MSGS_ACK = 0x62d6b459;
    static final int PING = 0x7abe77ec;
    static final int PING_DELAY_DISCONNECT = 0xf3427b8c;
    static final int PONG = 0x347773c5;
    static final int BAD_MSG_NOTIFICATION = 0xa7eff811;
    static final int BAD_SERVER_SALT = 0xedab447b;
    static final int NEW_SESSION_CREATED = 0x9ec20908;
    static final int MSGS_STATE_REQ = 0xda69fb52;
    static final int MSGS_STATE_INFO = 0x04deb57d;
    static final int MSG_RESEND_REQ = 0x7d861a08;
    static final int GET_FUTURE_SALTS = 0xb921bd04;
    static final int FUTURE_SALTS = 0xae500895;
    static final int FUTURE_SALT = 0x0949d9dc;
    static final int DESTROY_SESSION = 0xe7512126;
    static final int DESTROY_SESSION_OK = 0xe22045fc;
    static final int DESTROY_SESSION_NONE = 0x62d350c9;
    static final int HTTP_WAIT = 0x9299359f;
    static final int MSGS_ALL_INFO = 0x8cc0d131;
    static final int MSG_DETAILED_INFO = 0x276d3ec6;
    static final int MSG_NEW_DETAILED_INFO = 0x809db6df;

    // API wrappers and the methods of the login path
    static final int INVOKE_WITH_LAYER = 0xda9b0d0d;
    static final int INIT_CONNECTION = 0xc1cd5ea9;
    static final int INVOKE_WITHOUT_UPDATES = 0xbf9459b7;
    static final int INVOKE_AFTER_MSG = 0xcb9f372d;
    static final int INVOKE_AFTER_MSGS = 0x3dc4b4f0;
    static final int HELP_GET_CONFIG = 0xc4f9186b;
    static final int HELP_GET_NEAREST_DC = 0x1fb33026;
    static final int USERS_GET_USERS = 0x0d91a548;
    static final int UPDATES_GET_STATE = 0xedd4882a;
    static final int AUTH_IMPORT_BOT_AUTHORIZATION = 0x67a3ff2c;
    static final int AUTH_EXPORT_AUTHORIZATION = 0xe5bfffcd;
    static final int AUTH_IMPORT_AUTHORIZATION = 0xa57a7dad;
    static final int AUTH_LOG_OUT = 0x3e72ba19;

    // users, messages and updates (the same constructor in every supported layer unless marked)
    static final int AUTH_SEND_CODE = 0xa677244f;
    static final int AUTH_SIGN_IN_144 = 0xbcd51581;
    static final int AUTH_SIGN_IN = 0x8d52a951;
    static final int AUTH_SIGN_UP_144 = 0x80eee427;
    static final int AUTH_SIGN_UP = 0xaac7b717;
    static final int CONTACTS_RESOLVE_USERNAME_144 = 0xf93ccba3;
    static final int CONTACTS_RESOLVE_USERNAME = 0x725afbbc;
    static final int USERS_GET_FULL_USER = 0xb60f5918;
    static final int MESSAGES_SEND_MESSAGE_144 = 0x0d9d75a4;
    static final int MESSAGES_SEND_MESSAGE_198 = 0x983f9745;
    static final int MESSAGES_SEND_MESSAGE = 0xfef48f62;
    static final int MESSAGES_EDIT_MESSAGE_144 = 0x48f71778;
    static final int MESSAGES_EDIT_MESSAGE_198 = 0xdfd14005;
    static final int MESSAGES_EDIT_MESSAGE = 0xb106e66c;
    static final int MESSAGES_DELETE_MESSAGES = 0xe58e95d2;
    static final int MESSAGES_SET_TYPING = 0x58943ee2;
    static final int UPDATES_GET_DIFFERENCE_144 = 0x25939651;
    static final int UPDATES_GET_DIFFERENCE = 0x19c2f763;

    static final int INPUT_PEER_EMPTY = 0x7f3b18ea;
    static final int INPUT_PEER_SELF = 0x7da07ec9;
    static final int INPUT_PEER_USER = 0xdde8a54c;
    static final int INPUT_PEER_USER_FROM_MESSAGE = 0xa87b0a1c;
    static final int INPUT_PEER_CHAT = 0x35a95cb9;
    static final int INPUT_PEER_CHANNEL = 0x27bcbbfc;
    static final int INPUT_PEER_CHANNEL_FROM_MESSAGE = 0xbd2a0840;
    static final int INPUT_USER_FROM_MESSAGE = 0x1da448e2;
    static final int INPUT_REPLY_TO_MESSAGE_198 = 0x22c0f6d5;
    static final int INPUT_REPLY_TO_MESSAGE = 0x3bd4b7c2;
    static final int INPUT_MESSAGE_ENTITY_MENTION_NAME = 0x208e68c9;

    static final int ENTITY_UNKNOWN = 0xbb92ba95;
    static final int ENTITY_MENTION = 0xfa04579d;
    static final int ENTITY_HASHTAG = 0x6f635b0d;
    static final int ENTITY_BOT_COMMAND = 0x6cef8ac7;
    static final int ENTITY_URL = 0x6ed02538;
    static final int ENTITY_EMAIL = 0x64e475c2;
    static final int ENTITY_BOLD = 0xbd610bc9;
    static final int ENTITY_ITALIC = 0x826f8b60;
    static final int ENTITY_CODE = 0x28a20571;
    static final int ENTITY_PRE = 0x73924be0;
    static final int ENTITY_TEXT_URL = 0x76a6d327;
    static final int ENTITY_MENTION_NAME = 0xdc7b1140;
    static final int ENTITY_PHONE = 0x9b69e34b;
    static final int ENTITY_CASHTAG = 0x4c4e743f;
    static final int ENTITY_UNDERLINE = 0x9c4e7e8b;
    static final int ENTITY_STRIKE = 0xbf0693d4;
    static final int ENTITY_BANK_CARD = 0x761e6af4;
    static final int ENTITY_SPOILER = 0x32ca960f;
    static final int ENTITY_CUSTOM_EMOJI = 0xc8cf05f8;
    static final int ENTITY_BLOCKQUOTE_144 = 0x020df5d0;
    static final int ENTITY_BLOCKQUOTE = 0xf1ccaaac;

    static final int BOOL_TRUE = 0x997275b5;
    static final int PEER_USER = 0x59511722;
    static final int UPDATE_SHORT_MESSAGE = 0x313bc7f8;
    static final int UPDATE_SHORT_SENT_MESSAGE = 0x9015e101;
    static final int UPDATES = 0x74ae4240;
    static final int UPDATE_SHORT = 0x78d4dec1;
    static final int UPDATES_TOO_LONG = 0xe317af7e;
    static final int UPDATE_NEW_MESSAGE = 0x1f2b0afd;
    static final int UPDATE_EDIT_MESSAGE = 0xe40370a3;
    static final int UPDATE_DELETE_MESSAGES = 0xa20db0e5;
    static final int UPDATE_USER_TYPING_198 = 0xc01e857f;
    static final int UPDATE_USER_TYPING = 0x2a17bf5c;
    static final int UPDATES_STATE = 0xa56c2a3e;
    static final int DIFFERENCE_EMPTY = 0x5d75a138;
    static final int DIFFERENCE = 0x00f49ca0;
    static final int DIFFERENCE_SLICE = 0xa8fb1981;
    static final int DIFFERENCE_TOO_LONG = 0x4afe8f6d;
    static final int USERS_USER_FULL = 0x3b6d152e;
    static final int RESOLVED_PEER = 0x7f077ad9;
    static final int SENT_CODE = 0x5e002502;
    static final int SENT_CODE_TYPE_APP = 0x3dbb5986;
    static final int AFFECTED_MESSAGES = 0x84d19185;
    static final int AUTHORIZATION_SIGN_UP_REQUIRED = 0x44747e9a;

    static final int INPUT_USER_EMPTY = 0xb98886cf;
    static final int INPUT_USER_SELF = 0xf7c1b13f;
    static final int INPUT_USER = 0xf21158c6;
    static final int INPUT_CLIENT_PROXY = 0x75588b3f;
    static final int JSON_NULL = 0x3f6d7b68;
    static final int JSON_BOOL = 0xc7345e6a;
    static final int JSON_NUMBER = 0x2be0dfa4;
    static final int JSON_STRING = 0xb71e767a;
    static final int JSON_ARRAY = 0xf7444763;
    static final int JSON_OBJECT = 0x99c1d49d;
    static final int JSON_OBJECT_VALUE = 0xc0de1bd9;

    private Ids() {
    }

    /**
     * Names a method for the RPC log.
     *
     * @param id the constructor id
     * @return the TL name, or the id in hex
     */
    static String methodName(int id) {
        return switch (id) {
            case HELP_GET_CONFIG -> "help.getConfig";
            case HELP_GET_NEAREST_DC -> "help.getNearestDc";
            case USERS_GET_USERS -> "users.getUsers";
            case UPDATES_GET_STATE -> "updates.getState";
            case AUTH_IMPORT_BOT_AUTHORIZATION -> "auth.importBotAuthorization";
            case AUTH_EXPORT_AUTHORIZATION -> "auth.exportAuthorization";
            case AUTH_IMPORT_AUTHORIZATION -> "auth.importAuthorization";
            case AUTH_LOG_OUT -> "auth.logOut";
            case AUTH_SEND_CODE -> "auth.sendCode";
            case AUTH_SIGN_IN_144, AUTH_SIGN_IN -> "auth.signIn";
            case AUTH_SIGN_UP_144, AUTH_SIGN_UP -> "auth.signUp";
            case CONTACTS_RESOLVE_USERNAME_144, CONTACTS_RESOLVE_USERNAME -> "contacts.resolveUsername";
            case USERS_GET_FULL_USER -> "users.getFullUser";
            case MESSAGES_SEND_MESSAGE_144, MESSAGES_SEND_MESSAGE_198, MESSAGES_SEND_MESSAGE -> "messages.sendMessage";
            case MESSAGES_EDIT_MESSAGE_144, MESSAGES_EDIT_MESSAGE_198, MESSAGES_EDIT_MESSAGE -> "messages.editMessage";
            case MESSAGES_DELETE_MESSAGES -> "messages.deleteMessages";
            case MESSAGES_SET_TYPING -> "messages.setTyping";
            case UPDATES_GET_DIFFERENCE_144, UPDATES_GET_DIFFERENCE -> "updates.getDifference";
            case PING -> "ping";
            case PING_DELAY_DISCONNECT -> "ping_delay_disconnect";
            case GET_FUTURE_SALTS -> "get_future_salts";
            case DESTROY_SESSION -> "destroy_session";
            case MSGS_STATE_REQ -> "msgs_state_req";
            case MSG_RESEND_REQ -> "msg_resend_req";
            default -> String.format("#%08x", id);
        };
    }
}
