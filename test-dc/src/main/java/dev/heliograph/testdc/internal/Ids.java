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
    static final int DESTROY_AUTH_KEY = 0xd1435160;
    static final int DESTROY_AUTH_KEY_OK = 0xf660e1d4;
    static final int DESTROY_AUTH_KEY_NONE = 0x0a9f2259;
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
    static final int AUTH_BIND_TEMP_AUTH_KEY = 0xcdd42a05;
    static final int BIND_AUTH_KEY_INNER = 0x75a3f765;

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
            case AUTH_BIND_TEMP_AUTH_KEY -> "auth.bindTempAuthKey";
            case DESTROY_AUTH_KEY -> "destroy_auth_key";
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
