package dev.heliograph.client.internal.updates;

import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.Message;
import dev.heliograph.tl.api.MessageEmpty;
import dev.heliograph.tl.api.MessageService;
import dev.heliograph.tl.api.Peer;
import dev.heliograph.tl.api.PeerChannel;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.UpdateBotBusinessConnect;
import dev.heliograph.tl.api.UpdateBotChatBoost;
import dev.heliograph.tl.api.UpdateBotChatInviteRequester;
import dev.heliograph.tl.api.UpdateBotDeleteBusinessMessage;
import dev.heliograph.tl.api.UpdateBotEditBusinessMessage;
import dev.heliograph.tl.api.UpdateBotGuestChatQuery;
import dev.heliograph.tl.api.UpdateBotMessageReaction;
import dev.heliograph.tl.api.UpdateBotMessageReactions;
import dev.heliograph.tl.api.UpdateBotNewBusinessMessage;
import dev.heliograph.tl.api.UpdateBotPurchasedPaidMedia;
import dev.heliograph.tl.api.UpdateBotStarsSubscription;
import dev.heliograph.tl.api.UpdateBotStopped;
import dev.heliograph.tl.api.UpdateChannelParticipant;
import dev.heliograph.tl.api.UpdateChannelWebPage;
import dev.heliograph.tl.api.UpdateChatParticipant;
import dev.heliograph.tl.api.UpdateDeleteChannelMessages;
import dev.heliograph.tl.api.UpdateDeleteMessages;
import dev.heliograph.tl.api.UpdateEditChannelMessage;
import dev.heliograph.tl.api.UpdateEditMessage;
import dev.heliograph.tl.api.UpdateFolderPeers;
import dev.heliograph.tl.api.UpdateManagedBot;
import dev.heliograph.tl.api.UpdateMessagePollVote;
import dev.heliograph.tl.api.UpdateNewChannelMessage;
import dev.heliograph.tl.api.UpdateNewEncryptedMessage;
import dev.heliograph.tl.api.UpdateNewMessage;
import dev.heliograph.tl.api.UpdatePinnedChannelMessages;
import dev.heliograph.tl.api.UpdatePinnedMessages;
import dev.heliograph.tl.api.UpdateReadChannelInbox;
import dev.heliograph.tl.api.UpdateReadHistoryInbox;
import dev.heliograph.tl.api.UpdateReadHistoryOutbox;
import dev.heliograph.tl.api.UpdateReadMessagesContents;
import dev.heliograph.tl.api.UpdateWebPage;

/**
 * Which sequence an update belongs to and where it puts it: the one table of the schema's
 * pts- and qts-bearing updates ({@code PtsInfoTest} checks it against every constructor of layer
 * 228 that has a {@code pts} or {@code qts} field).
 *
 * @param entry {@link #COMMON}, {@link #SECONDARY}, a channel id, or {@link #NO_CHANNEL}
 * @param pts the pts (qts) after the update
 * @param count how many events it stands for (0: it sets nothing, it only informs)
 */
record PtsInfo(long entry, int pts, int count) {

    /** The common box (private chats and basic groups). */
    static final long COMMON = Long.MIN_VALUE;
    /** The secondary box (qts). */
    static final long SECONDARY = Long.MIN_VALUE + 1;
    /** A channel update that names no channel: malformed. */
    static final long NO_CHANNEL = 0;

    /**
     * Classifies an update.
     *
     * @param u the update
     * @return its sequence and position, or {@code null} for updates outside every sequence
     */
    static PtsInfo of(Update u) {
        if (u instanceof UpdateNewMessage x) {
            return common(x.pts(), x.ptsCount());
        } else if (u instanceof UpdateNewChannelMessage x) {
            return channel(channelOf(x.message()), x.pts(), x.ptsCount());
        } else if (u instanceof UpdateEditMessage x) {
            return common(x.pts(), x.ptsCount());
        } else if (u instanceof UpdateEditChannelMessage x) {
            return channel(channelOf(x.message()), x.pts(), x.ptsCount());
        } else if (u instanceof UpdateDeleteMessages x) {
            return common(x.pts(), x.ptsCount());
        } else if (u instanceof UpdateDeleteChannelMessages x) {
            return new PtsInfo(x.channelId(), x.pts(), x.ptsCount());
        } else if (u instanceof UpdateReadHistoryInbox x) {
            return common(x.pts(), x.ptsCount());
        } else if (u instanceof UpdateReadHistoryOutbox x) {
            return common(x.pts(), x.ptsCount());
        } else if (u instanceof UpdateWebPage x) {
            return common(x.pts(), x.ptsCount());
        } else if (u instanceof UpdateReadMessagesContents x) {
            return common(x.pts(), x.ptsCount());
        } else if (u instanceof UpdateFolderPeers x) {
            return common(x.pts(), x.ptsCount());
        } else if (u instanceof UpdatePinnedMessages x) {
            return common(x.pts(), x.ptsCount());
        } else if (u instanceof UpdateChannelWebPage x) {
            return new PtsInfo(x.channelId(), x.pts(), x.ptsCount());
        } else if (u instanceof UpdatePinnedChannelMessages x) {
            return new PtsInfo(x.channelId(), x.pts(), x.ptsCount());
        } else if (u instanceof UpdateReadChannelInbox x) {
            // pts without pts_count: it tells the channel's pts, it does not advance it
            return new PtsInfo(x.channelId(), x.pts(), 0);
        }
        return qts(u);
    }

    private static PtsInfo qts(Update u) {
        int qts;
        if (u instanceof UpdateNewEncryptedMessage x) {
            qts = x.qts();
        } else if (u instanceof UpdateMessagePollVote x) {
            qts = x.qts();
        } else if (u instanceof UpdateChatParticipant x) {
            qts = x.qts();
        } else if (u instanceof UpdateChannelParticipant x) {
            qts = x.qts();
        } else if (u instanceof UpdateBotStopped x) {
            qts = x.qts();
        } else if (u instanceof UpdateBotChatInviteRequester x) {
            qts = x.qts();
        } else if (u instanceof UpdateBotChatBoost x) {
            qts = x.qts();
        } else if (u instanceof UpdateBotMessageReaction x) {
            qts = x.qts();
        } else if (u instanceof UpdateBotMessageReactions x) {
            qts = x.qts();
        } else if (u instanceof UpdateBotBusinessConnect x) {
            qts = x.qts();
        } else if (u instanceof UpdateBotNewBusinessMessage x) {
            qts = x.qts();
        } else if (u instanceof UpdateBotEditBusinessMessage x) {
            qts = x.qts();
        } else if (u instanceof UpdateBotDeleteBusinessMessage x) {
            qts = x.qts();
        } else if (u instanceof UpdateBotPurchasedPaidMedia x) {
            qts = x.qts();
        } else if (u instanceof UpdateManagedBot x) {
            qts = x.qts();
        } else if (u instanceof UpdateBotGuestChatQuery x) {
            qts = x.qts();
        } else if (u instanceof UpdateBotStarsSubscription x) {
            qts = x.qts();
        } else {
            return null;
        }
        return new PtsInfo(SECONDARY, qts, 1);
    }

    private static PtsInfo common(int pts, int count) {
        return new PtsInfo(COMMON, pts, count);
    }

    /** A channel message without a channel peer is malformed: entry {@link #NO_CHANNEL}. */
    private static PtsInfo channel(long channelId, int pts, int count) {
        return new PtsInfo(channelId, pts, count);
    }

    /**
     * Returns the channel a message belongs to.
     *
     * @param m the message
     * @return the channel id, or 0 if the message is not in a channel
     */
    static long channelOf(Message m) {
        Peer peer = null;
        if (m instanceof BaseMessage b) {
            peer = b.peerId();
        } else if (m instanceof MessageService s) {
            peer = s.peerId();
        } else if (m instanceof MessageEmpty e) {
            peer = e.peerId();
        }
        return peer instanceof PeerChannel c ? c.channelId() : 0;
    }

    /**
     * Tells whether this is a channel's sequence.
     *
     * @return {@code true} for a channel
     */
    boolean isChannel() {
        return entry != COMMON && entry != SECONDARY && entry != NO_CHANNEL;
    }
}
