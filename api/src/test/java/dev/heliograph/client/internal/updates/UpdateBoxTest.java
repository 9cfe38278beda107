package dev.heliograph.client.internal.updates;

import static dev.heliograph.client.internal.updates.BoxFixture.ALICE;
import static dev.heliograph.client.internal.updates.BoxFixture.BOB;
import static dev.heliograph.client.internal.updates.BoxFixture.GAP;
import static dev.heliograph.client.internal.updates.BoxFixture.IDLE;
import static dev.heliograph.client.internal.updates.BoxFixture.RETRY;
import static dev.heliograph.client.internal.updates.BoxFixture.SELF;
import static dev.heliograph.client.internal.updates.BoxFixture.channelMessage;
import static dev.heliograph.client.internal.updates.BoxFixture.messages;
import static dev.heliograph.client.internal.updates.BoxFixture.newMessage;
import static dev.heliograph.client.internal.updates.BoxFixture.state;
import static dev.heliograph.client.internal.updates.BoxFixture.updates;
import static dev.heliograph.client.internal.updates.BoxFixture.updatesSeq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.client.UpdateProblem;
import dev.heliograph.error.RequestTimeoutException;
import dev.heliograph.error.RpcException;
import dev.heliograph.session.UpdateState;
import dev.heliograph.tl.api.BaseEncryptedMessage;
import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.BaseUpdates;
import dev.heliograph.tl.api.Chat;
import dev.heliograph.tl.api.EncryptedMessage;
import dev.heliograph.tl.api.Message;
import dev.heliograph.tl.api.PeerChannel;
import dev.heliograph.tl.api.PeerChat;
import dev.heliograph.tl.api.PeerUser;
import dev.heliograph.tl.api.Update;
import dev.heliograph.tl.api.UpdateBotStopped;
import dev.heliograph.tl.api.UpdateChannelTooLong;
import dev.heliograph.tl.api.UpdateConfig;
import dev.heliograph.tl.api.UpdateDeleteMessages;
import dev.heliograph.tl.api.UpdateNewChannelMessage;
import dev.heliograph.tl.api.UpdateNewEncryptedMessage;
import dev.heliograph.tl.api.UpdateNewMessage;
import dev.heliograph.tl.api.UpdatePtsChanged;
import dev.heliograph.tl.api.UpdateReadChannelInbox;
import dev.heliograph.tl.api.UpdateShort;
import dev.heliograph.tl.api.UpdateShortChatMessage;
import dev.heliograph.tl.api.UpdateShortMessage;
import dev.heliograph.tl.api.UpdateShortSentMessage;
import dev.heliograph.tl.api.UpdatesCombined;
import dev.heliograph.tl.api.UpdatesTooLong;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.updates.BaseChannelDifference;
import dev.heliograph.tl.api.updates.BaseDifference;
import dev.heliograph.tl.api.updates.ChannelDifferenceEmpty;
import dev.heliograph.tl.api.updates.ChannelDifferenceTooLong;
import dev.heliograph.tl.api.updates.DifferenceEmpty;
import dev.heliograph.tl.api.updates.DifferenceSlice;
import dev.heliograph.tl.api.updates.DifferenceTooLong;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class UpdateBoxTest {

    private static BaseDifference difference(List<Message> messages, List<Update> other, int pts, int qts, int seq) {
        return new BaseDifference(messages, List.of(), other, List.<Chat>of(), List.<User>of(Tl.user(ALICE, 11)),
                state(pts, qts, 3000, seq));
    }

    private static DifferenceSlice slice(List<Message> messages, int pts, int qts) {
        return new DifferenceSlice(messages, List.of(), List.of(), List.<Chat>of(), List.<User>of(Tl.user(ALICE, 11)),
                state(pts, qts, 3000, 20));
    }

    private static UpdateShortMessage shortMessage(boolean out, long user, int id, int pts) {
        return new UpdateShortMessage(out, false, false, false, id, user, "s" + id, pts, 1, 2000, null, null, null, null,
                null);
    }

    @Nested
    class InOrder {
        final BoxFixture f = new BoxFixture().ready();

        @Test
        void aMessageInOrderIsDeliveredAtOnce() {
            f.push(updates(newMessage(11)));
            assertEquals(List.of(11), f.messageIds());
            assertEquals(11, f.state().pts());
        }

        @Test
        void consecutiveMessagesAreDeliveredInOrder() {
            for (int pts = 11; pts <= 110; pts++) {
                f.push(updates(newMessage(pts)));
            }
            assertEquals(IntStream.rangeClosed(11, 110).boxed().toList(), f.messageIds());
            assertEquals(110, f.state().pts());
        }

        @Test
        void severalUpdatesInOneContainerApplyInTheirOrder() {
            f.push(updates(newMessage(11), newMessage(12), newMessage(13)));
            assertEquals(List.of(11, 12, 13), f.messageIds());
        }

        @Test
        void eachPushEndsWithTheStateToSaveAfterItsHandlers() {
            f.push(updates(newMessage(11)));
            f.push(updates(newMessage(12)));
            assertEquals(List.of(11, 12), f.states.stream().map(UpdateState::pts).toList());
        }

        @Test
        void aPtsCountAboveOneAppliesAsOneStep() {
            f.push(updates(new UpdateDeleteMessages(List.of(1, 2, 3), 13, 3)));
            assertEquals(1, f.delivered.size());
            assertEquals(13, f.state().pts());
        }

        @Test
        void qtsUpdatesInOrderAreDelivered() {
            f.push(updates(new UpdateBotStopped(ALICE, 0, true, 6)));
            f.push(updates(new UpdateBotStopped(ALICE, 0, false, 7)));
            assertEquals(2, f.delivered.size());
            assertEquals(7, f.state().qts());
            assertEquals(10, f.state().pts(), "qts does not move pts");
        }

        @Test
        void aSeqContainerInOrderIsAppliedAndStoresSeqAndDate() {
            f.push(updatesSeq(21, new UpdateConfig()));
            assertEquals(1, f.delivered.size());
            assertEquals(21, f.state().seq());
            assertEquals(2021, f.state().date());
        }

        @Test
        void aContainerWithSeqZeroIsAppliedWhateverTheSeq() {
            f.push(updates(new UpdateConfig()));
            f.push(updates(new UpdateConfig()));
            assertEquals(2, f.delivered.size());
            assertEquals(20, f.state().seq());
        }

        @Test
        void updatesCombinedIsJudgedBySeqStartAndStoresSeq() {
            f.push(new UpdatesCombined(List.of(new UpdateConfig(), new UpdateConfig()), List.of(), List.of(), 2500, 21,
                    22));
            assertEquals(2, f.delivered.size());
            assertEquals(22, f.state().seq());
            assertEquals(2500, f.state().date());
        }

        @Test
        void aShortMessageBecomesANewMessageFromItsSender() {
            f.push(shortMessage(false, ALICE, 7, 11));
            UpdateNewMessage m = assertInstanceOf(UpdateNewMessage.class, f.delivered.get(0));
            BaseMessage b = (BaseMessage) m.message();
            assertEquals(new PeerUser(ALICE), b.fromId());
            assertEquals(new PeerUser(ALICE), b.peerId());
            assertEquals("s7", b.message());
            assertEquals(7, b.id());
            assertEquals(11, m.pts());
        }

        @Test
        void anOutgoingShortMessageIsFromSelf() {
            f.push(shortMessage(true, ALICE, 7, 11));
            BaseMessage b = (BaseMessage) ((UpdateNewMessage) f.delivered.get(0)).message();
            assertTrue(b.out());
            assertEquals(new PeerUser(SELF), b.fromId());
            assertEquals(new PeerUser(ALICE), b.peerId());
        }

        @Test
        void aShortChatMessageBecomesAMessageInTheChat() {
            f.push(new UpdateShortChatMessage(false, false, false, false, 8, ALICE, 555, "hi", 11, 1, 2000, null, null,
                    null, null, null));
            BaseMessage b = (BaseMessage) ((UpdateNewMessage) f.delivered.get(0)).message();
            assertEquals(new PeerChat(555), b.peerId());
            assertEquals(new PeerUser(ALICE), b.fromId());
        }

        @Test
        void aShortSentMessageMovesPtsWithoutDeliveringAnything() {
            f.push(new UpdateShortSentMessage(true, 9, 11, 1, 2000, null, null, null));
            assertTrue(f.delivered.isEmpty());
            assertEquals(11, f.state().pts());
            f.push(updates(newMessage(12)));
            assertEquals(List.of(12), f.messageIds(), "no gap after our own send");
        }

        @Test
        void updateShortIsDelivered() {
            f.push(new UpdateShort(new UpdateConfig(), 2100));
            assertInstanceOf(UpdateConfig.class, f.delivered.get(0));
            assertEquals(2100, f.state().date());
        }

        @Test
        void anUpdateShortWithAPtsUpdateFollowsThePtsRule() {
            f.push(new UpdateShort(newMessage(12), 2100));
            assertTrue(f.delivered.isEmpty(), "pts 12 after 10 is a gap");
        }

        @Test
        void informativeUpdatesWithoutPtsCountAreDeliveredWithoutMovingPts() {
            f.push(updates(new UpdateReadChannelInbox(null, 42, 5, 0, 99)));
            assertEquals(1, f.delivered.size());
            assertFalse(f.state().channelPts().containsKey(42L));
        }

        @Test
        void usersComeWithTheirBatchOnce() {
            f.push(updates(newMessage(11), newMessage(12)));
            assertEquals(1, f.users.size());
        }

        @Test
        void updatesOutsideEverySequenceAreDeliveredInASeqZeroContainer() {
            f.push(updates(new UpdateConfig(), newMessage(11)));
            assertEquals(2, f.delivered.size());
        }

        @Test
        void ptsUpdatesOfAContainerComeBeforeItsUnsequencedOnes() {
            f.push(updates(new UpdateConfig(), newMessage(11)));
            assertInstanceOf(UpdateNewMessage.class, f.delivered.get(0));
            assertInstanceOf(UpdateConfig.class, f.delivered.get(1));
        }

        @Test
        void nothingIsFetchedWhileEverythingIsInOrder() {
            f.push(updates(newMessage(11)));
            assertNull(f.fetch());
            assertTrue(f.problems.isEmpty());
        }

        @Test
        void aMessageFromSelfNeedsNoUserVector() {
            f.push(new BaseUpdates(List.of(new UpdateNewMessage(Tl.message(1, SELF, new PeerUser(ALICE), "x"), 11, 1)),
                    List.of(), List.of(), 0, 0));
            assertEquals(List.of(1), f.messageIds());
        }
    }

    @Nested
    class Duplicates {
        final BoxFixture f = new BoxFixture().ready();

        @Test
        void aDuplicatedMessageIsDeliveredOnce() {
            f.push(updates(newMessage(11)));
            f.push(updates(newMessage(11)));
            assertEquals(List.of(11), f.messageIds());
        }

        @Test
        void anOldUpdateIsIgnored() {
            f.push(updates(newMessage(5)));
            assertTrue(f.delivered.isEmpty());
            assertEquals(10, f.state().pts());
        }

        @Test
        void anUpdateAtTheLocalPtsIsAlreadyApplied() {
            f.push(updates(newMessage(10)));
            assertTrue(f.delivered.isEmpty());
        }

        @Test
        void aDuplicatedSeqContainerIsIgnored() {
            f.push(updatesSeq(21, new UpdateConfig()));
            f.push(updatesSeq(21, new UpdateConfig()));
            assertEquals(1, f.delivered.size());
        }

        @Test
        void anOldSeqContainerIsIgnored() {
            f.push(updatesSeq(15, new UpdateConfig()));
            assertTrue(f.delivered.isEmpty());
        }

        @Test
        void aDuplicatedQtsUpdateIsIgnored() {
            f.push(updates(new UpdateBotStopped(ALICE, 0, true, 6)));
            f.push(updates(new UpdateBotStopped(ALICE, 0, true, 6)));
            assertEquals(1, f.delivered.size());
        }

        @Test
        void aDuplicatedShortMessageIsDeliveredOnce() {
            f.push(shortMessage(false, ALICE, 1, 11));
            f.push(shortMessage(false, ALICE, 1, 11));
            assertEquals(1, f.delivered.size());
        }

        @Test
        void aDuplicateOfAHeldUpdateIsDeliveredOnceWhenTheGapCloses() {
            f.push(updates(newMessage(12)));
            f.push(updates(newMessage(12)));
            f.push(updates(newMessage(11)));
            assertEquals(List.of(11, 12), f.messageIds());
        }

        @Test
        void aDuplicateInsideOneContainerIsDeliveredOnce() {
            f.push(updates(newMessage(11), newMessage(11)));
            assertEquals(List.of(11), f.messageIds());
        }

        @Test
        void aPartlyOverlappingUpdateIsAlreadyApplied() {
            f.push(updates(newMessage(12, 2, 1)));
            f.push(updates(newMessage(12, 1, 2)));
            assertEquals(List.of(1), f.messageIds());
        }

        @Test
        void aDuplicatedChannelMessageIsDeliveredOnce() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(channelMessage(42, 5, 1)));
            assertEquals(List.of(1), f.messageIds());
        }

        @Test
        void duplicatesDoNotMoveTheState() {
            f.push(updates(newMessage(11)));
            UpdateState before = f.state();
            f.push(updates(newMessage(11)));
            assertEquals(before, f.state());
        }
    }

    @Nested
    class OutOfOrder {
        final BoxFixture f = new BoxFixture().ready();

        @Test
        void aGapHoldsTheUpdateUntilTheMissingOneArrives() {
            f.push(updates(newMessage(12)));
            assertTrue(f.delivered.isEmpty());
            f.push(updates(newMessage(11)));
            assertEquals(List.of(11, 12), f.messageIds());
        }

        @Test
        void arrivalsInReverseWithinTheWaitAreDeliveredInOrder() {
            for (int pts = 20; pts >= 11; pts--) {
                f.push(updates(newMessage(pts)));
            }
            assertEquals(IntStream.rangeClosed(11, 20).boxed().toList(), f.messageIds());
            assertNull(f.fetch());
        }

        @Test
        void theGapDeadlineIsTheWaitAfterTheFirstHeldUpdate() {
            long start = f.now;
            f.push(updates(newMessage(12)));
            assertEquals(start + GAP, f.box.nextDeadline());
            f.advance(GAP / 2);
            f.push(updates(newMessage(13)));
            assertEquals(start + GAP, f.box.nextDeadline(), "a second held update does not extend the wait");
        }

        @Test
        void noFetchIsAskedWhileTheGapIsYoung() {
            f.push(updates(newMessage(12)));
            f.advance(GAP - 1);
            assertNull(f.box.nextFetch(f.now));
        }

        @Test
        void aGapThatDoesNotCloseInTimeAsksForTheDifference() {
            f.push(updates(newMessage(12)));
            f.advance(GAP);
            assertEquals(new UpdateBox.GetDifference(10, 1000, 5, BoxFixture.LIMIT), f.box.nextFetch(f.now));
        }

        @Test
        void aGapClosingInTimeClearsTheDeadline() {
            f.push(updates(newMessage(12)));
            f.push(updates(newMessage(11)));
            assertTrue(f.box.nextDeadline() > f.now + GAP, "only the idle deadline remains");
            f.advance(GAP);
            assertNull(f.box.nextFetch(f.now));
        }

        @Test
        void aZeroWaitFetchesAtTheFirstTick() {
            BoxFixture g = new BoxFixture(0).ready();
            g.push(updates(newMessage(12)));
            assertInstanceOf(UpdateBox.GetDifference.class, g.fetch());
        }

        @Test
        void aSeqGapHoldsTheContainerUntilTheMissingOneArrives() {
            f.push(updatesSeq(22, new UpdateConfig()));
            assertTrue(f.delivered.isEmpty());
            f.push(updatesSeq(21, new UpdateUserTypingHolder().typing()));
            assertEquals(2, f.delivered.size());
            assertEquals(22, f.state().seq());
        }

        @Test
        void aSeqGapThatDoesNotCloseAsksForTheDifference() {
            f.push(updatesSeq(25, new UpdateConfig()));
            f.advance(GAP);
            assertInstanceOf(UpdateBox.GetDifference.class, f.box.nextFetch(f.now));
        }

        @Test
        void aQtsGapIsHeldAndFilledByTheCommonDifference() {
            f.push(updates(new UpdateBotStopped(ALICE, 0, true, 8)));
            assertTrue(f.delivered.isEmpty());
            f.advance(GAP);
            UpdateBox.Fetch fetch = f.box.nextFetch(f.now);
            assertEquals(new UpdateBox.GetDifference(10, 1000, 5, BoxFixture.LIMIT), fetch);
            f.box.differenceFetched(difference(List.of(), List.of(new UpdateBotStopped(ALICE, 0, true, 6),
                    new UpdateBotStopped(ALICE, 0, true, 7), new UpdateBotStopped(ALICE, 0, true, 8)), 10, 8, 20), f.now);
            f.drain();
            assertEquals(3, f.delivered.size());
            assertEquals(8, f.state().qts());
        }

        @Test
        void aHeldChannelUpdateWaitsForItsOwnGap() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(channelMessage(42, 7, 3)));
            f.push(updates(channelMessage(42, 6, 2)));
            assertEquals(List.of(1, 2, 3), f.messageIds());
        }

        @Test
        void aCommonGapDoesNotHoldChannelUpdates() {
            f.push(updates(newMessage(12)));
            f.push(updates(channelMessage(42, 5, 1)));
            assertEquals(List.of(1), f.messageIds());
        }

        @Test
        void twoGapsInARowCloseInOrder() {
            f.push(updates(newMessage(14)));
            f.push(updates(newMessage(12)));
            f.push(updates(newMessage(13)));
            f.push(updates(newMessage(11)));
            assertEquals(List.of(11, 12, 13, 14), f.messageIds());
        }

        @Test
        void aHeldUpdateSurvivesUntilTheDifferenceAndIsNotDeliveredTwice() {
            f.push(updates(newMessage(12)));
            f.advance(GAP);
            f.box.nextFetch(f.now);
            f.box.differenceFetched(difference(messages(11, 12), List.of(), 12, 5, 20), f.now);
            f.drain();
            assertEquals(List.of(11, 12), f.messageIds());
        }

        @Test
        void aHeldUpdateBeyondTheDifferenceIsAppliedAfterIt() {
            f.push(updates(newMessage(13)));
            f.advance(GAP);
            f.box.nextFetch(f.now);
            f.box.differenceFetched(difference(messages(11, 12), List.of(), 12, 5, 20), f.now);
            f.drain();
            assertEquals(List.of(11, 12, 13), f.messageIds());
            assertEquals(13, f.state().pts());
        }
    }

    /** A small holder to make an unsequenced update with fields. */
    static final class UpdateUserTypingHolder {
        Update typing() {
            return new dev.heliograph.tl.api.UpdateUserTyping(ALICE, null, new dev.heliograph.tl.api.SendMessageTypingAction());
        }
    }

    @Nested
    class Differences {
        final BoxFixture f = new BoxFixture().ready();

        private UpdateBox.Fetch gap() {
            f.push(updates(newMessage(15)));
            f.advance(GAP);
            return f.box.nextFetch(f.now);
        }

        @Test
        void theDifferenceDeliversNewMessagesAndOtherUpdatesAndTakesItsState() {
            gap();
            f.box.differenceFetched(difference(messages(11, 15), List.of(new UpdateConfig()), 15, 6, 21), f.now);
            f.drain();
            assertEquals(List.of(11, 12, 13, 14, 15), f.messageIds());
            assertInstanceOf(UpdateConfig.class, f.delivered.get(5));
            assertEquals(new UpdateState(15, 6, 3000, 21, Map.of()), f.state());
            assertNull(f.fetch());
        }

        @Test
        void differenceEmptySetsDateAndSeqAndEndsTheFetch() {
            gap();
            f.box.differenceFetched(new DifferenceEmpty(4000, 30), f.now);
            f.drain();
            assertEquals(4000, f.state().date());
            assertEquals(30, f.state().seq());
            assertEquals(10, f.state().pts());
        }

        @Test
        void aSliceIsDeliveredAndTheNextSliceIsAskedFromItsIntermediateState() {
            gap();
            f.box.differenceFetched(slice(messages(11, 12), 12, 5), f.now);
            f.drain();
            assertEquals(List.of(11, 12), f.messageIds());
            assertEquals(new UpdateBox.GetDifference(12, 3000, 5, BoxFixture.LIMIT), f.box.nextFetch(f.now));
        }

        @Test
        void slicesUntilTheFinalDifferenceDeliverEachMessageOnce() {
            gap();
            f.box.differenceFetched(slice(messages(11, 12), 12, 5), f.now);
            f.box.nextFetch(f.now);
            f.box.differenceFetched(slice(messages(13, 14), 14, 5), f.now);
            f.box.nextFetch(f.now);
            f.box.differenceFetched(difference(messages(15, 15), List.of(), 15, 5, 20), f.now);
            f.drain();
            assertEquals(List.of(11, 12, 13, 14, 15), f.messageIds());
            assertNull(f.fetch());
        }

        @Test
        void differenceTooLongJumpsPtsReportsAndFetchesAgain() {
            gap();
            f.box.differenceFetched(new DifferenceTooLong(500), f.now);
            f.drain();
            assertEquals(List.of(UpdateProblem.Kind.DIFFERENCE_TOO_LONG), f.problemKinds());
            assertEquals(new UpdateBox.GetDifference(500, 1000, 5, BoxFixture.LIMIT), f.box.nextFetch(f.now));
        }

        @Test
        void pushesDuringAFetchArePostponedAndAppliedAfterIt() {
            gap();
            f.push(updates(newMessage(16)));
            assertTrue(f.delivered.isEmpty());
            f.box.differenceFetched(difference(messages(11, 15), List.of(), 15, 5, 20), f.now);
            f.drain();
            assertEquals(List.of(11, 12, 13, 14, 15, 16), f.messageIds());
        }

        @Test
        void pushesDuringAFetchThatTheDifferenceContainsAreNotDeliveredTwice() {
            gap();
            f.push(updates(newMessage(11)));
            f.push(updates(newMessage(12)));
            f.box.differenceFetched(difference(messages(11, 15), List.of(), 15, 5, 20), f.now);
            f.drain();
            assertEquals(List.of(11, 12, 13, 14, 15), f.messageIds());
        }

        @Test
        void neverTwoFetchesOfTheCommonSequenceAtOnce() {
            assertInstanceOf(UpdateBox.GetDifference.class, gap());
            f.push(new UpdatesTooLong());
            f.advance(GAP * 10);
            assertNull(f.box.nextFetch(f.now));
        }

        @Test
        void aGapDuringAFetchIsJudgedAfterIt() {
            gap();
            f.push(updates(newMessage(30)));
            f.box.differenceFetched(difference(messages(11, 15), List.of(), 15, 5, 20), f.now);
            f.drain();
            assertNull(f.box.nextFetch(f.now), "the new gap waits first");
            f.advance(GAP);
            assertEquals(new UpdateBox.GetDifference(15, 3000, 5, BoxFixture.LIMIT), f.box.nextFetch(f.now));
        }

        @Test
        void updatesTooLongAsksForTheDifferenceAtOnce() {
            f.push(new UpdatesTooLong());
            assertEquals(new UpdateBox.GetDifference(10, 1000, 5, BoxFixture.LIMIT), f.box.nextFetch(f.now));
        }

        @Test
        void aNewSessionAsksForTheDifference() {
            f.box.newSession(f.now);
            assertInstanceOf(UpdateBox.GetDifference.class, f.box.nextFetch(f.now));
        }

        @Test
        void aQuarterHourWithoutUpdatesAsksForTheDifference() {
            f.advance(IDLE - 1);
            assertNull(f.box.nextFetch(f.now));
            f.advance(1);
            assertInstanceOf(UpdateBox.GetDifference.class, f.box.nextFetch(f.now));
        }

        @Test
        void anUpdateRestartsTheIdleClock() {
            f.advance(IDLE - 1);
            f.push(updates(newMessage(11)));
            f.advance(IDLE - 1);
            assertNull(f.box.nextFetch(f.now));
        }

        @Test
        void theIdleDeadlineIsReported() {
            assertEquals(f.now + IDLE, f.box.nextDeadline());
        }

        @Test
        void newEncryptedMessagesOfTheDifferenceAreDelivered() {
            gap();
            EncryptedMessage secret = Tl.record(BaseEncryptedMessage.class, Map.of("randomId", 5L, "chatId", 3));
            f.box.differenceFetched(new BaseDifference(List.of(), List.of(secret), List.of(), List.of(), List.of(),
                    state(15, 5, 3000, 20)), f.now);
            f.drain();
            assertEquals(secret, ((UpdateNewEncryptedMessage) f.delivered.get(0)).message());
        }

        @Test
        void aChannelMessageInTheDifferenceIsAChannelUpdate() {
            gap();
            f.box.differenceFetched(difference(List.of(Tl.message(1, ALICE, new PeerChannel(42), "c")), List.of(), 15,
                    5, 20), f.now);
            f.drain();
            assertInstanceOf(UpdateNewChannelMessage.class, f.delivered.get(0));
        }

        @Test
        void channelTooLongInTheDifferenceAsksForTheChannelDifference() {
            gap();
            f.box.differenceFetched(difference(List.of(), List.of(new UpdateChannelTooLong(42, 7)), 15, 5, 20), f.now);
            f.drain();
            assertEquals(new UpdateBox.GetChannelDifference(42, 7, BoxFixture.CHANNEL_LIMIT), f.box.nextFetch(f.now));
            assertTrue(f.delivered.isEmpty(), "channelTooLong is the box's business");
        }

        @Test
        void aChannelUpdateInTheDifferenceMovesTheChannel() {
            f.push(updates(channelMessage(42, 5, 1)));
            gap();
            f.box.differenceFetched(difference(List.of(), List.of(channelMessage(42, 9, 2)), 15, 5, 20), f.now);
            f.drain();
            assertEquals(9, f.state().channelPts().get(42L));
        }

        @Test
        void updatePtsChangedResetsWithGetState() {
            f.push(updates(new UpdatePtsChanged()));
            assertEquals(new UpdateBox.GetState(), f.box.nextFetch(f.now));
            f.box.stateFetched(state(3, 1, 5000, 2), f.now);
            f.drain();
            assertEquals(UpdateState.of(3, 1, 5000, 2), f.state());
        }

        @Test
        void theDifferenceLearnsItsUsers() {
            f.known.remove(ALICE);
            gap();
            f.box.differenceFetched(difference(messages(11, 15), List.of(), 15, 5, 20), f.now);
            f.drain();
            assertEquals(1, f.users.size());
        }
    }

    @Nested
    class Start {
        final BoxFixture f = new BoxFixture();

        @Test
        void withoutAStoredStateTheBoxAsksForGetState() {
            f.box.start(null, f.now);
            assertEquals(new UpdateBox.GetState(), f.box.nextFetch(f.now));
            assertNull(f.box.nextFetch(f.now), "one at a time");
            assertNull(f.state());
        }

        @Test
        void getStateIsTheStartingPointAndNeedsNoDifference() {
            f.box.start(null, f.now);
            f.box.nextFetch(f.now);
            f.box.stateFetched(state(100, 3, 9000, 7), f.now);
            f.drain();
            assertEquals(UpdateState.of(100, 3, 9000, 7), f.state());
            assertEquals(List.of(UpdateState.of(100, 3, 9000, 7)), f.states, "the state to save");
            assertNull(f.box.nextFetch(f.now));
        }

        @Test
        void aStoredStateStartsWithADifferenceFromIt() {
            f.box.start(new UpdateState(40, 2, 800, 9, Map.of(42L, 3)), f.now);
            assertEquals(new UpdateBox.GetDifference(40, 800, 2, BoxFixture.LIMIT), f.box.nextFetch(f.now));
            assertEquals(Map.of(42L, 3), f.state().channelPts());
        }

        @Test
        void pushesBeforeTheFirstStateAreHeldAndJudgedAgainstIt() {
            f.box.start(null, f.now);
            f.box.nextFetch(f.now);
            f.push(updates(newMessage(100)));
            f.push(updates(newMessage(101)));
            f.box.stateFetched(state(100, 3, 9000, 7), f.now);
            f.drain();
            assertEquals(List.of(101), f.messageIds());
        }

        @Test
        void aNewSessionBeforeTheFirstStateChangesNothing() {
            f.box.start(null, f.now);
            f.box.newSession(f.now);
            assertEquals(new UpdateBox.GetState(), f.box.nextFetch(f.now));
        }

        @Test
        void aFailedGetStateIsRetriedWithBackOff() {
            f.box.start(null, f.now);
            UpdateBox.Fetch fetch = f.box.nextFetch(f.now);
            f.box.fetchFailed(fetch, new RequestTimeoutException("slow"), f.now);
            assertNull(f.box.nextFetch(f.now));
            assertEquals(f.now + RETRY, f.box.nextDeadline());
            f.advance(RETRY);
            assertEquals(new UpdateBox.GetState(), f.box.nextFetch(f.now));
        }

        @Test
        void getStateFailuresKeepRetryingAndAreReportedOnce() {
            f.box.start(null, f.now);
            for (int i = 0; i < 6; i++) {
                UpdateBox.Fetch fetch = f.fetch();
                assertEquals(new UpdateBox.GetState(), fetch, "attempt " + i);
                f.box.fetchFailed(fetch, RpcException.of(500, "INTERNAL"), f.now);
                f.advance(RETRY * 64);
            }
            f.drain();
            assertEquals(List.of(UpdateProblem.Kind.GAP_UNFILLABLE), f.problemKinds());
        }

        @Test
        void settingsAreChecked() {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new UpdateBox.Settings(-1, 1, 1, 1, 1, 1, 1, 1, 1));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new UpdateBox.Settings(0, 1, 1, 0, 1, 1, 1, 1, 1));
        }
    }

    @Nested
    class Channels {
        final BoxFixture f = new BoxFixture().ready();

        @Test
        void theFirstUpdateOfAnUnknownChannelStartsItsSequence() {
            f.push(updates(channelMessage(42, 77, 1)));
            assertEquals(List.of(1), f.messageIds());
            assertEquals(77, f.state().channelPts().get(42L));
        }

        @Test
        void channelUpdatesInOrderAreDelivered() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(channelMessage(42, 6, 2)));
            f.push(updates(channelMessage(42, 7, 3)));
            assertEquals(List.of(1, 2, 3), f.messageIds());
        }

        @Test
        void aChannelGapIsFetchedWithGetChannelDifference() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(channelMessage(42, 9, 5)));
            f.advance(GAP);
            assertEquals(new UpdateBox.GetChannelDifference(42, 5, BoxFixture.CHANNEL_LIMIT), f.box.nextFetch(f.now));
        }

        @Test
        void aChannelDifferenceUntilFinalDeliversEachMessageOnce() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(channelMessage(42, 9, 5)));
            f.advance(GAP);
            f.box.nextFetch(f.now);
            f.box.channelDifferenceFetched(42, new BaseChannelDifference(false, 7, null,
                    List.of(Tl.message(2, ALICE, new PeerChannel(42), "a"), Tl.message(3, ALICE, new PeerChannel(42), "b")),
                    List.of(), List.of(), List.of()), f.now);
            assertEquals(new UpdateBox.GetChannelDifference(42, 7, BoxFixture.CHANNEL_LIMIT), f.box.nextFetch(f.now));
            f.box.channelDifferenceFetched(42, new BaseChannelDifference(true, 9, null,
                    List.of(Tl.message(4, ALICE, new PeerChannel(42), "c"), Tl.message(5, ALICE, new PeerChannel(42), "d")),
                    List.of(), List.of(), List.of()), f.now);
            f.drain();
            assertEquals(List.of(1, 2, 3, 4, 5), f.messageIds());
            assertNull(f.fetch());
        }

        @Test
        void aFinalEmptyChannelDifferenceEndsTheFetch() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(new UpdateChannelTooLong(42, null)));
            f.box.nextFetch(f.now);
            f.box.channelDifferenceFetched(42, new ChannelDifferenceEmpty(true, 6, null), f.now);
            f.drain();
            assertEquals(6, f.state().channelPts().get(42L));
            assertNull(f.fetch());
        }

        @Test
        void channelDifferenceTooLongJumpsToTheDialogsPtsAndReports() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(new UpdateChannelTooLong(42, null)));
            f.box.nextFetch(f.now);
            f.box.channelDifferenceFetched(42, new ChannelDifferenceTooLong(true, null,
                    Tl.dialog(new PeerChannel(42), 900), List.of(), List.of(), List.of()), f.now);
            f.drain();
            assertEquals(900, f.state().channelPts().get(42L));
            assertEquals(List.of(UpdateProblem.Kind.CHANNEL_DIFFERENCE_TOO_LONG), f.problemKinds());
        }

        @Test
        void aChannelGapDoesNotBlockTheCommonSequence() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(channelMessage(42, 9, 5)));
            f.push(updates(newMessage(11, 1, 100)));
            assertEquals(List.of(1, 100), f.messageIds());
        }

        @Test
        void channelAndCommonFetchesMayRunTogether() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(new UpdateChannelTooLong(42, null)));
            f.push(new UpdatesTooLong());
            List<UpdateBox.Fetch> fetches = new ArrayList<>();
            for (UpdateBox.Fetch x = f.box.nextFetch(f.now); x != null; x = f.box.nextFetch(f.now)) {
                fetches.add(x);
            }
            assertEquals(2, fetches.size());
        }

        @Test
        void channelTooLongForAnUnknownChannelWithoutPtsIsIgnored() {
            f.push(updates(new UpdateChannelTooLong(43, null)));
            assertNull(f.fetch());
        }

        @Test
        void channelTooLongWithPtsStartsTheChannelThere() {
            f.push(updates(new UpdateChannelTooLong(43, 12)));
            assertEquals(new UpdateBox.GetChannelDifference(43, 12, BoxFixture.CHANNEL_LIMIT), f.fetch());
        }

        @Test
        void aChannelWithoutAnAccessHashIsForgottenWithAProblem() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(new UpdateChannelTooLong(42, null)));
            f.box.nextFetch(f.now);
            f.box.channelUnreachable(42, f.now);
            f.drain();
            assertFalse(f.state().channelPts().containsKey(42L));
            assertEquals(List.of(UpdateProblem.Kind.CHANNEL_UNREACHABLE), f.problemKinds());
            f.push(updates(channelMessage(42, 20, 9)));
            assertEquals(List.of(1, 9), f.messageIds(), "the sequence restarts with its next update");
        }

        @Test
        void aTransientChannelErrorIsRetriedThenTheChannelIsForgotten() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(new UpdateChannelTooLong(42, null)));
            for (int i = 0; i < BoxFixture.MAX_FAILURES; i++) {
                UpdateBox.Fetch fetch = f.fetch();
                assertInstanceOf(UpdateBox.GetChannelDifference.class, fetch, "attempt " + i);
                f.box.fetchFailed(fetch, new RequestTimeoutException("slow"), f.now);
                f.advance(RETRY * 64);
            }
            f.drain();
            assertEquals(List.of(UpdateProblem.Kind.CHANNEL_UNREACHABLE), f.problemKinds());
            assertNull(f.fetch());
        }

        @Test
        void aPermanentChannelErrorForgetsTheChannelAtOnce() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(new UpdateChannelTooLong(42, null)));
            UpdateBox.Fetch fetch = f.fetch();
            f.box.fetchFailed(fetch, RpcException.of(400, "CHANNEL_PRIVATE"), f.now);
            f.drain();
            assertEquals(List.of(UpdateProblem.Kind.CHANNEL_UNREACHABLE), f.problemKinds());
        }

        @Test
        void aChannelDifferenceThatNeverEndsIsAbandoned() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(new UpdateChannelTooLong(42, null)));
            for (int i = 0; i < 10 && f.problems.isEmpty(); i++) {
                f.box.nextFetch(f.now);
                f.box.channelDifferenceFetched(42, new ChannelDifferenceEmpty(false, 5, null), f.now);
                f.drain();
            }
            assertEquals(List.of(UpdateProblem.Kind.DIFFERENCE_STALLED), f.problemKinds());
            assertNull(f.fetch());
        }

        @Test
        void aChannelDifferenceForAForgottenChannelIsIgnored() {
            f.box.channelDifferenceFetched(99, new ChannelDifferenceEmpty(true, 5, null), f.now);
            f.drain();
            assertTrue(f.delivered.isEmpty());
        }

        @Test
        void pushesDuringAChannelFetchArePostponed() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(updates(new UpdateChannelTooLong(42, null)));
            f.box.nextFetch(f.now);
            f.push(updates(channelMessage(42, 8, 4)));
            assertEquals(List.of(1), f.messageIds());
            f.box.channelDifferenceFetched(42, new BaseChannelDifference(true, 7, null,
                    List.of(Tl.message(2, ALICE, new PeerChannel(42), "a"), Tl.message(3, ALICE, new PeerChannel(42), "b")),
                    List.of(), List.of(), List.of()), f.now);
            f.drain();
            assertEquals(List.of(1, 2, 3, 4), f.messageIds());
        }
    }

    @Nested
    class BadInput {
        final BoxFixture f = new BoxFixture().ready();

        @Test
        void anUpdateWhosePtsGoesBackwardsIsDroppedWithAProblemAndAFetch() {
            f.push(updates(newMessage(2, 5, 1)));
            assertTrue(f.delivered.isEmpty());
            assertEquals(List.of(UpdateProblem.Kind.INVALID_UPDATE), f.problemKinds());
            assertInstanceOf(UpdateBox.GetDifference.class, f.box.nextFetch(f.now));
        }

        @Test
        void aNegativePtsCountIsInvalid() {
            f.push(updates(newMessage(11, -1, 1)));
            assertEquals(List.of(UpdateProblem.Kind.INVALID_UPDATE), f.problemKinds());
            assertEquals(10, f.state().pts());
        }

        @Test
        void aChannelMessageThatNamesNoChannelIsInvalid() {
            f.push(updates(new UpdateNewChannelMessage(Tl.message(1, ALICE, new PeerUser(ALICE), "x"), 11, 1)));
            assertEquals(List.of(UpdateProblem.Kind.INVALID_UPDATE), f.problemKinds());
            assertEquals(10, f.state().pts(), "the common box is not touched");
        }

        @Test
        void deliveryContinuesAfterAnInvalidUpdate() {
            f.push(updates(newMessage(2, 5, 1)));
            f.push(updates(newMessage(11)));
            assertEquals(List.of(11), f.messageIds());
        }

        @Test
        void aDifferenceErrorIsRetriedWithBackOff() {
            f.push(new UpdatesTooLong());
            UpdateBox.Fetch fetch = f.fetch();
            f.box.fetchFailed(fetch, new RequestTimeoutException("slow"), f.now);
            assertNull(f.box.nextFetch(f.now));
            assertEquals(f.now + RETRY, f.box.nextDeadline());
            f.advance(RETRY);
            assertEquals(fetch, f.box.nextFetch(f.now));
            f.box.fetchFailed(fetch, new RequestTimeoutException("slow"), f.now);
            assertEquals(f.now + 2 * RETRY, f.box.nextDeadline(), "the back-off doubles");
        }

        @Test
        void repeatedDifferenceErrorsResetToTheServersState() {
            f.push(updates(newMessage(15)));
            f.advance(GAP);
            for (int i = 0; i < BoxFixture.MAX_FAILURES; i++) {
                UpdateBox.Fetch fetch = f.fetch();
                assertInstanceOf(UpdateBox.GetDifference.class, fetch, "attempt " + i);
                f.box.fetchFailed(fetch, new RequestTimeoutException("slow"), f.now);
                f.advance(RETRY * 64);
            }
            f.drain();
            assertEquals(List.of(UpdateProblem.Kind.GAP_UNFILLABLE), f.problemKinds());
            assertEquals(new UpdateBox.GetState(), f.fetch());
            f.box.stateFetched(state(40, 5, 7000, 20), f.now);
            f.drain();
            assertEquals(40, f.state().pts());
            f.push(updates(newMessage(41)));
            assertEquals(List.of(41), f.messageIds(), "delivery goes on from the server's state");
        }

        @Test
        void aPermanentDifferenceErrorResetsAtOnce() {
            f.push(new UpdatesTooLong());
            UpdateBox.Fetch fetch = f.fetch();
            f.box.fetchFailed(fetch, RpcException.of(400, "PERSISTENT_TIMESTAMP_INVALID"), f.now);
            f.drain();
            assertEquals(List.of(UpdateProblem.Kind.GAP_UNFILLABLE), f.problemKinds());
            assertEquals(new UpdateBox.GetState(), f.fetch());
            assertSame(RpcException.class, f.problems.get(0).failure().orElseThrow().getClass());
        }

        @Test
        void aSliceThatNeverAdvancesIsAbandonedForTheServersState() {
            f.push(new UpdatesTooLong());
            for (int i = 0; i < 10 && f.problems.isEmpty(); i++) {
                assertInstanceOf(UpdateBox.GetDifference.class, f.fetch());
                f.box.differenceFetched(slice(messages(11, 12), 10, 5), f.now);
                f.drain();
            }
            assertEquals(List.of(UpdateProblem.Kind.DIFFERENCE_STALLED), f.problemKinds());
            assertTrue(f.delivered.isEmpty(), "a slice that moves nothing repeats nothing");
            assertEquals(new UpdateBox.GetState(), f.fetch());
        }

        @Test
        void aSliceThatNeverEndsIsAbandonedAfterTheMaximumSlices() {
            f.push(new UpdatesTooLong());
            int pts = 10;
            for (int i = 0; i < 100 && f.problems.isEmpty(); i++) {
                f.fetch();
                f.box.differenceFetched(slice(messages(pts + 1, pts + 1), pts + 1, 5), f.now);
                pts++;
                f.drain();
            }
            assertEquals(List.of(UpdateProblem.Kind.DIFFERENCE_STALLED), f.problemKinds());
            assertEquals(BoxFixture.MAX_SLICES, f.messageIds().size(), "each slice's messages once");
            assertEquals(new UpdateBox.GetState(), f.fetch());
        }

        @Test
        void updatesWithAUserMissingFromTheirVectorAreFetchedInsteadWithAProblem() {
            f.push(new BaseUpdates(List.of(new UpdateNewMessage(Tl.message(1, BOB, new PeerUser(BOB), "x"), 11, 1)),
                    List.of(), List.of(), 0, 0));
            assertTrue(f.delivered.isEmpty());
            assertEquals(List.of(UpdateProblem.Kind.MISSING_PEERS), f.problemKinds());
            assertInstanceOf(UpdateBox.GetDifference.class, f.box.nextFetch(f.now));
            f.box.differenceFetched(new BaseDifference(List.of(Tl.message(1, BOB, new PeerUser(BOB), "x")), List.of(),
                    List.of(), List.of(), List.of(Tl.user(BOB, 3)), state(11, 5, 3000, 20)), f.now);
            f.drain();
            assertEquals(List.of(1), f.messageIds());
            assertTrue(f.known.contains(BOB));
        }

        @Test
        void aShortMessageFromAnUnknownUserIsFetchedWithoutAProblem() {
            f.push(shortMessage(false, BOB, 1, 11));
            assertTrue(f.delivered.isEmpty());
            assertTrue(f.problems.isEmpty(), "short forms never carry users: fetching is the normal path");
            assertInstanceOf(UpdateBox.GetDifference.class, f.box.nextFetch(f.now));
        }

        @Test
        void aUserKnownFromThePeerCacheNeedsNoVector() {
            f.push(shortMessage(false, ALICE, 1, 11));
            assertEquals(List.of(1), f.messageIds());
        }

        @Test
        void aMissingChannelMessageUserAsksForTheChannelDifference() {
            f.push(updates(channelMessage(42, 5, 1)));
            f.push(new BaseUpdates(List.of(new UpdateNewChannelMessage(Tl.message(2, BOB, new PeerChannel(42), "x"), 6,
                    1)), List.of(), List.of(), 0, 0));
            assertEquals(new UpdateBox.GetChannelDifference(42, 5, BoxFixture.CHANNEL_LIMIT), f.box.nextFetch(f.now));
        }

        @Test
        void theServerStateGoingBackwardsIsTakenWithAProblem() {
            f.push(new UpdatesTooLong());
            f.fetch();
            f.box.differenceFetched(difference(List.of(), List.of(), 3, 5, 20), f.now);
            f.drain();
            assertEquals(List.of(UpdateProblem.Kind.STATE_WENT_BACKWARDS), f.problemKinds());
            assertEquals(3, f.state().pts());
            f.push(updates(newMessage(4)));
            assertEquals(List.of(4), f.messageIds());
        }

        @Test
        void aProblemNeverStopsDelivery() {
            f.push(updates(newMessage(2, 5, 1)));
            f.fetch();
            f.box.differenceFetched(difference(messages(11, 11), List.of(), 11, 5, 20), f.now);
            f.push(updates(newMessage(12)));
            f.drain();
            assertEquals(List.of(11, 12), f.messageIds());
        }
    }
}
