package dev.heliograph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen hosts (separate JVMs, each from its own loopback address) share one bot through one
 * Redis against the test DC with its duplicate-key rule on: no key is ever used from two addresses
 * (0 AUTH_KEY_DUPLICATED), at most 16 bot logins, all log in, each with its own session_id; a 17th
 * host started after they stopped reuses a freed key after its grace, with no key exchange and no
 * login. Heavy (17 JVMs): run it on its own, {@code -Dit.test=SharedBotHostsIT}.
 */
class SharedBotHostsIT {

    @TempDir
    Path dir;

    /**
     * Four hosts answer 10,000 messages ({@code -Dheliograph.fanout.messages=N} for another count)
     * from 8 users through the Redis Streams fan-out while a consumer host is killed with SIGKILL
     * after a third and the update receiver after two thirds, and an entry that does not decode is
     * put into a stream: every message is answered,
     * each exactly once (what the users received), and the bad entry alone is quarantined and
     * reported to a host's listener.
     */
    @Test
    void everyMessageIsAnsweredExactlyOnceWhileAHostIsKilledMidStream() throws Exception {
        int messages = Integer.getInteger("heliograph.fanout.messages", 10_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SharedBotHosts.Answers answers = SharedBotHosts.answer(4, messages, 0, true, true, false, null, dir,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertEquals(2, answers.killed().size(), "a consumer and the receiver: " + text);
        assertEquals(messages, answers.handled(), text);
        assertEquals(messages, answers.answered(), text);
        assertEquals(0, answers.repeated(), text);
        assertEquals(1, answers.quarantined(), "the entry that does not decode, and only it: " + text);
    }

    /**
     * Three hosts answer 2,000 messages while Redis (append-only file, fsync on every write) is
     * killed with SIGKILL and started again a second later: the hosts report the outage as a typed
     * problem ({@code FANOUT_UNAVAILABLE}), recover, and every message is handled, none twice.
     */
    @Test
    void aRedisRestartMidRunLosesNoMessageAndRepeatsNone() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SharedBotHosts.Answers answers = SharedBotHosts.answer(3, 2000, 0, false, false, true, null, dir,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        // Handled, not answered: a reply may fail while Redis is away (the host's auth key lease is
        // renewed through Redis too); the handler then reports its failure, as on a single host.
        assertEquals(2000, answers.handled(), text);
        assertEquals(0, answers.repeated(), text);
        assertTrue(answers.unavailable() > 0, "the outage reached the listeners: " + text);
        assertEquals(0, answers.handlerReruns(), "acknowledgements are retried, not handlers: " + text);
    }

    @Test
    void sixteenHostsEachLeaseAKeyOfTheirOwnAndALateHostReusesAFreedOneWithoutLoggingIn() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<SharedBotHosts.Phase> phases = SharedBotHosts.run(16, null, dir,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        SharedBotHosts.Phase together = phases.get(0);
        assertEquals(16, together.loggedIn(), text);
        assertEquals(0, together.duplicated(), text);
        assertTrue(together.botLogins() >= 1 && together.botLogins() <= 16, text);
        // One session per lease: a host starved past its lease on a loaded machine takes a key again
        // and starts a new session on it, which is correct; two hosts on one key at once is not.
        assertTrue(together.sessionIds() >= 16 && together.sessionIds() <= together.homeLeases(), text);
        SharedBotHosts.Phase later = phases.get(1);
        assertEquals(1, later.loggedIn(), text);
        assertEquals(0, later.totalKeyExchanges(), text);
        assertEquals(0, later.botLogins(), text);
        assertEquals(0, later.duplicated(), text);
    }
}
