package dev.heliograph.client.internal.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.tl.api.Peer;
import dev.heliograph.tl.api.PeerChannel;
import dev.heliograph.tl.api.PeerUser;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.UpdateChannelTooLong;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The table of sequenced updates against every {@code Update} constructor of the schema. */
class PtsInfoTest {

    private static final long CHANNEL = 77;
    private static final int PTS = 50;
    private static final int COUNT = 3;
    private static final int QTS = 9;

    @TestFactory
    List<DynamicTest> everyUpdateConstructorWithAPtsOrQtsFieldIsClassifiedByTheSchema() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<?> type : Update.class.getPermittedSubclasses()) {
            tests.add(DynamicTest.dynamicTest(type.getSimpleName(), () -> check(type)));
        }
        return tests;
    }

    @Test
    void theSchemaHasThirtyTwoSequencedConstructorsBesidesChannelTooLong() {
        int sequenced = 0;
        for (Class<?> type : Update.class.getPermittedSubclasses()) {
            if (type != UpdateChannelTooLong.class && (has(type, "pts") || has(type, "qts"))) {
                sequenced++;
            }
        }
        assertEquals(32, sequenced);
    }

    private static void check(Class<?> type) {
        Map<String, Object> values = new HashMap<>();
        boolean channelish = type.getSimpleName().contains("Channel");
        Peer peer = channelish ? new PeerChannel(CHANNEL) : new PeerUser(5);
        for (RecordComponent c : type.getRecordComponents()) {
            switch (c.getName()) {
                case "pts" -> values.put("pts", PTS);
                case "ptsCount" -> values.put("ptsCount", COUNT);
                case "qts" -> values.put("qts", QTS);
                case "channelId" -> values.put("channelId", CHANNEL);
                case "message" -> {
                    if (c.getType() == dev.heliograph.tl.api.Message.class) {
                        values.put("message", Tl.message(1, 5, peer, "x"));
                    }
                }
                default -> { }
            }
        }
        Update update = (Update) Tl.record(type, values);
        PtsInfo info = PtsInfo.of(update);
        if (type == UpdateChannelTooLong.class) {
            assertNull(info, "updateChannelTooLong asks for a channel difference, it is not in a sequence");
        } else if (has(type, "pts")) {
            assertNotNull(info, type.getSimpleName() + " has pts but is not classified");
            assertEquals(PTS, info.pts());
            assertEquals(has(type, "ptsCount") ? COUNT : 0, info.count());
            assertEquals(channelish, info.isChannel(), "channel or common box");
            if (channelish) {
                assertEquals(CHANNEL, info.entry());
            } else {
                assertEquals(PtsInfo.COMMON, info.entry());
            }
        } else if (has(type, "qts")) {
            assertNotNull(info, type.getSimpleName() + " has qts but is not classified");
            assertEquals(new PtsInfo(PtsInfo.SECONDARY, QTS, 1), info);
        } else {
            assertNull(info, type.getSimpleName() + " has no pts or qts");
        }
    }

    @Test
    void aChannelMessageThatNamesNoChannelHasNoChannelEntry() {
        PtsInfo info = PtsInfo.of(new dev.heliograph.tl.api.UpdateNewChannelMessage(
                Tl.message(1, 5, new PeerUser(5), "x"), 4, 1));
        assertEquals(PtsInfo.NO_CHANNEL, info.entry());
        assertTrue(!info.isChannel());
    }

    private static boolean has(Class<?> type, String name) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
