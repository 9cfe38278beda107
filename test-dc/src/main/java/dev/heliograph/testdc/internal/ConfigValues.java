package dev.heliograph.testdc.internal;

/** The limits a test DC reports in {@code Config}, in every layer (values as production reports them). */
final class ConfigValues {

    static final String DC_TXT_DOMAIN_NAME = "";
    static final String ME_URL_PREFIX = "https://t.me/";
    static final int CHAT_SIZE_MAX = 200;
    static final int MEGAGROUP_SIZE_MAX = 200_000;
    static final int FORWARDED_COUNT_MAX = 100;
    static final int ONLINE_UPDATE_PERIOD_MS = 210_000;
    static final int OFFLINE_BLUR_TIMEOUT_MS = 5_000;
    static final int OFFLINE_IDLE_TIMEOUT_MS = 30_000;
    static final int ONLINE_CLOUD_TIMEOUT_MS = 300_000;
    static final int NOTIFY_CLOUD_DELAY_MS = 30_000;
    static final int NOTIFY_DEFAULT_DELAY_MS = 1_500;
    static final int PUSH_CHAT_PERIOD_MS = 60_000;
    static final int PUSH_CHAT_LIMIT = 2;
    static final int SAVED_GIFS_LIMIT = 200;
    static final int EDIT_TIME_LIMIT = 172_800;
    static final int REVOKE_TIME_LIMIT = Integer.MAX_VALUE;
    static final int RATING_E_DECAY = 2_419_200;
    static final int STICKERS_RECENT_LIMIT = 200;
    static final int STICKERS_FAVED_LIMIT = 5;
    static final int CHANNELS_READ_MEDIA_PERIOD = 604_800;
    static final int PINNED_DIALOGS_COUNT_MAX = 5;
    static final int PINNED_INFOLDER_COUNT_MAX = 100;
    static final int CALL_RECEIVE_TIMEOUT_MS = 20_000;
    static final int CALL_RING_TIMEOUT_MS = 90_000;
    static final int CALL_CONNECT_TIMEOUT_MS = 30_000;
    static final int CALL_PACKET_TIMEOUT_MS = 10_000;
    static final int CAPTION_LENGTH_MAX = 1_024;
    static final int MESSAGE_LENGTH_MAX = 4_096;

    private ConfigValues() {
    }
}
