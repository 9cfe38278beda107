package dev.heliograph.testdc.internal;

import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.BaseConfig;
import dev.heliograph.tl.api.BaseDcOption;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.DcOption;
import dev.heliograph.tl.api.auth.BaseAuthorization;
import java.util.List;

/** Answers in the project's own layer, with the shared generated types. */
final class Layer228Answers extends LayerAnswers<BaseUser> {

    Layer228Answers() {
        super(new Wire(0x7600b9d3, 0x1b97dd66, 0x06cbe645, 0xf47741f7, 0x99622c0c, true));
    }

    @Override
    int layer() {
        return ApiSchema.LAYER;
    }

    @Override
    BaseUser user(Account a, boolean self) {
        BaseUser.Builder b = BaseUser.builder().self(self).bot(a.bot()).id(a.id()).accessHash(a.accessHash())
                .firstName(a.firstName()).username(a.username());
        if (a.bot()) {
            b.botInfoVersion(1);
        } else if (self) {
            b.phone(a.phone());
        }
        return b.build();
    }

    @Override
    TlObject authorization(BaseUser user) {
        return BaseAuthorization.builder().user(user).build();
    }

    @Override
    void writeConfig(TlWriter w, ConfigFacts facts) {
        writeProjectConfig(w, facts);
    }

    /** Writes {@code Config} in the project's layer, which older layers down to 198 share. */
    static void writeProjectConfig(TlWriter w, ConfigFacts f) {
        List<DcOption> options = f.endpoints().stream()
                .map(e -> (DcOption) BaseDcOption.builder().id(e.dcId()).ipAddress(e.host()).port(e.port())
                        .ipv6(e.host().indexOf(':') >= 0).build())
                .toList();
        BaseConfig.builder()
                .date(f.date()).expires(f.expires()).testMode(true).thisDc(f.thisDc()).dcOptions(options)
                .dcTxtDomainName(ConfigValues.DC_TXT_DOMAIN_NAME)
                .chatSizeMax(ConfigValues.CHAT_SIZE_MAX).megagroupSizeMax(ConfigValues.MEGAGROUP_SIZE_MAX)
                .forwardedCountMax(ConfigValues.FORWARDED_COUNT_MAX)
                .onlineUpdatePeriodMs(ConfigValues.ONLINE_UPDATE_PERIOD_MS)
                .offlineBlurTimeoutMs(ConfigValues.OFFLINE_BLUR_TIMEOUT_MS)
                .offlineIdleTimeoutMs(ConfigValues.OFFLINE_IDLE_TIMEOUT_MS)
                .onlineCloudTimeoutMs(ConfigValues.ONLINE_CLOUD_TIMEOUT_MS)
                .notifyCloudDelayMs(ConfigValues.NOTIFY_CLOUD_DELAY_MS)
                .notifyDefaultDelayMs(ConfigValues.NOTIFY_DEFAULT_DELAY_MS)
                .pushChatPeriodMs(ConfigValues.PUSH_CHAT_PERIOD_MS).pushChatLimit(ConfigValues.PUSH_CHAT_LIMIT)
                .editTimeLimit(ConfigValues.EDIT_TIME_LIMIT).revokeTimeLimit(ConfigValues.REVOKE_TIME_LIMIT)
                .revokePmTimeLimit(ConfigValues.REVOKE_TIME_LIMIT).ratingEDecay(ConfigValues.RATING_E_DECAY)
                .stickersRecentLimit(ConfigValues.STICKERS_RECENT_LIMIT)
                .channelsReadMediaPeriod(ConfigValues.CHANNELS_READ_MEDIA_PERIOD)
                .callReceiveTimeoutMs(ConfigValues.CALL_RECEIVE_TIMEOUT_MS)
                .callRingTimeoutMs(ConfigValues.CALL_RING_TIMEOUT_MS)
                .callConnectTimeoutMs(ConfigValues.CALL_CONNECT_TIMEOUT_MS)
                .callPacketTimeoutMs(ConfigValues.CALL_PACKET_TIMEOUT_MS)
                .meUrlPrefix(ConfigValues.ME_URL_PREFIX)
                .captionLengthMax(ConfigValues.CAPTION_LENGTH_MAX).messageLengthMax(ConfigValues.MESSAGE_LENGTH_MAX)
                .webfileDcId(f.thisDc())
                .build().serialize(w);
    }
}
