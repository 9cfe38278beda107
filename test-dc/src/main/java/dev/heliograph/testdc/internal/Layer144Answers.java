package dev.heliograph.testdc.internal;

import dev.heliograph.testdc.tl.layer144.BaseConfig;
import dev.heliograph.testdc.tl.layer144.BaseDcOption;
import dev.heliograph.testdc.tl.layer144.BaseUser;
import dev.heliograph.testdc.tl.layer144.DcOption;
import dev.heliograph.testdc.tl.layer144.Layer144Schema;
import dev.heliograph.testdc.tl.layer144.auth.BaseAuthorization;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlWriter;
import java.util.List;

/** Answers in layer 144 (Telethon 1.25): {@code user#3ff6ecb0}, {@code config#330b4067}. */
final class Layer144Answers extends LayerAnswers<BaseUser> {

    Layer144Answers() {
        super(new Wire(0x38116ee0, 0xa6d57763, 0xc4b1fc3f, 0xa518110d, 0xa83b0426, false));
    }

    @Override
    int layer() {
        return Layer144Schema.LAYER;
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
    void writeConfig(TlWriter w, ConfigFacts f) {
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
                .savedGifsLimit(ConfigValues.SAVED_GIFS_LIMIT)
                .editTimeLimit(ConfigValues.EDIT_TIME_LIMIT).revokeTimeLimit(ConfigValues.REVOKE_TIME_LIMIT)
                .revokePmTimeLimit(ConfigValues.REVOKE_TIME_LIMIT).ratingEDecay(ConfigValues.RATING_E_DECAY)
                .stickersRecentLimit(ConfigValues.STICKERS_RECENT_LIMIT)
                .stickersFavedLimit(ConfigValues.STICKERS_FAVED_LIMIT)
                .channelsReadMediaPeriod(ConfigValues.CHANNELS_READ_MEDIA_PERIOD)
                .pinnedDialogsCountMax(ConfigValues.PINNED_DIALOGS_COUNT_MAX)
                .pinnedInfolderCountMax(ConfigValues.PINNED_INFOLDER_COUNT_MAX)
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
