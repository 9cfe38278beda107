package dev.heliograph.client.internal.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heliograph.error.TlDecodeException;
import dev.heliograph.session.QueuedUpdate;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.api.BaseUpdates;
import dev.heliograph.tl.api.Chat;
import dev.heliograph.tl.api.PeerChannel;
import dev.heliograph.tl.api.PeerUser;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.UpdateBotStopped;
import dev.heliograph.tl.api.UpdateNewChannelMessage;
import dev.heliograph.tl.api.UpdateNewMessage;
import dev.heliograph.tl.api.UpdateUserStatus;
import dev.heliograph.tl.api.UserStatusEmpty;
import dev.heliograph.tl.api.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How updates become update queue entries and back; replies that repeat carry the same random_id. */
class FanOutTest {

    @Test
    void aMessageTravelsAsOneContainerWithOnlyThePeersItNamesKeyedByItsChatAndPts() {
        UpdateNewMessage update = new UpdateNewMessage(Tl.message(5, 7, new PeerUser(7), "hi"), 11, 1);
        List<User> users = List.of(Tl.user(7, 70), Tl.user(8, 80));
        QueuedUpdate entry = FanOut.entry(update, users, List.of(Tl.channel(9, 90)));
        assertEquals("u7", entry.chatKey());
        assertEquals("p11", entry.dedupId());
        BaseUpdates back = FanOut.decode(entry.payload());
        assertEquals(List.of(update), back.updates());
        assertEquals(List.of(users.get(0)), back.users(), "only the sender: a difference batch names hundreds");
        assertEquals(List.<Chat>of(), back.chats());
    }

    @Test
    void channelQtsAndUnsequencedUpdatesGetTheirOwnKeys() {
        Chat channel = Tl.channel(9, 90);
        QueuedUpdate inChannel = FanOut.entry(new UpdateNewChannelMessage(Tl.message(3, 7, new PeerChannel(9), "x"), 40,
                1), List.of(Tl.user(7, 70)), List.of(channel, Tl.channel(10, 100)));
        assertEquals("c9", inChannel.chatKey());
        assertEquals("c9:40", inChannel.dedupId());
        assertEquals(List.of(channel), FanOut.decode(inChannel.payload()).chats());

        QueuedUpdate stopped = FanOut.entry(new UpdateBotStopped(7, 1, true, 12), List.of(), List.of());
        assertEquals("-", stopped.chatKey());
        assertEquals("q12", stopped.dedupId());

        QueuedUpdate status = FanOut.entry(new UpdateUserStatus(7, new UserStatusEmpty()), List.of(), List.of());
        assertNull(status.dedupId(), "no sequence: only redeliveries of its entry are recognised");
    }

    @Test
    void bytesThatAreNotAContainerOfOneUpdateAreRefusedWithATypedError() {
        assertThrows(TlDecodeException.class, () -> FanOut.decode(new byte[] {1, 2, 3}));
        assertThrows(TlDecodeException.class, () -> FanOut.decode(new byte[0]));
        Update one = new UpdateUserStatus(7, new UserStatusEmpty());
        TlWriter two = new TlWriter(64);
        new BaseUpdates(List.of(one, one), List.of(), List.of(), 0, 0).serialize(two);
        assertThrows(TlDecodeException.class, () -> FanOut.decode(two.toByteArray()));
        TlWriter trailing = new TlWriter(64);
        new BaseUpdates(List.of(one), List.of(), List.of(), 0, 0).serialize(trailing);
        trailing.writeInt(0);
        assertThrows(TlDecodeException.class, () -> FanOut.decode(trailing.toByteArray()));
    }

    @Test
    void aRepeatedReplyCarriesTheSameRandomIdOnEveryHostAndOtherRepliesDoNot() {
        long first = RealIncomingMessage.replyRandomId(new PeerUser(7), 5, 1);
        assertEquals(first, RealIncomingMessage.replyRandomId(new PeerUser(7), 5, 1));
        assertNotEquals(first, RealIncomingMessage.replyRandomId(new PeerUser(7), 5, 2));
        assertNotEquals(first, RealIncomingMessage.replyRandomId(new PeerUser(7), 6, 1));
        assertNotEquals(first, RealIncomingMessage.replyRandomId(new PeerUser(8), 5, 1));
        assertNotEquals(first, RealIncomingMessage.replyRandomId(new PeerChannel(7), 5, 1));
    }
}
