package dev.heliograph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.testdc.Execution;
import dev.heliograph.testdc.TestDc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fencing: a host frozen with SIGSTOP past its lease, while another host (another address) takes
 * its key over after the expiry grace, sends nothing on the key when it resumes: the DC executes
 * nothing more from the frozen host's session on that key and never sees the key from two
 * addresses at once (no AUTH_KEY_DUPLICATED, the key stays valid). The frozen host reports the
 * lost lease. The DC forgets a silent connection after 2 s, less than the hosts' 4 s expiry grace,
 * as the grace must be longer than the server's memory of a silent connection.
 */
class FrozenHostIT {

    @TempDir
    Path dir;

    @Test
    void aHostFrozenPastItsLeaseSendsNothingOnTheKeyOnceResumed() throws Exception {
        try (SharedBotHosts.Fleet fleet = new SharedBotHosts.Fleet(null, dir)) {
            TestDc home = fleet.cluster.dc(SharedBotHosts.BOT.homeDc());
            home.knobs().duplicateKeyWindow(Duration.ofSeconds(2));
            List<String> stay = new ArrayList<>(SharedBotHosts.FAST_LEASES);
            stay.addAll(List.of("--stay-ms", "60000", "--call-every-ms", "300"));
            HostLines frozen = new HostLines(fleet.start(0, stay));
            HostLines taker = null;
            try {
                frozen.await("logged in");
                frozen.await("call ok");
                String keyLine = frozen.all.stream().filter(l -> l.startsWith("key ") && l.contains(" 4 "))
                        .findFirst().orElseThrow();
                long key = Long.parseUnsignedLong(keyLine.substring(keyLine.lastIndexOf(' ') + 1), 16);
                Set<Long> frozenSessions = home.executions().stream().filter(e -> e.authKeyId() == key)
                        .map(Execution::sessionId).collect(Collectors.toSet());

                frozen.signal("STOP");
                // Past the 3 s lease the key rests (expiry grace) and the next host waits for it; a
                // host that came while the lease still ran would rightly create a key of its own.
                Thread.sleep(3500);
                taker = new HostLines(fleet.start(1, stay));
                taker.await("logged in");
                taker.await("call ok");
                assertTrue(taker.all.contains("key reused 4 " + Long.toHexString(key)), taker.all::toString);
                assertTrue(taker.all.stream().noneMatch(l -> l.startsWith("login")), taker.all::toString);

                int executionsAtResume = home.executions().size();
                frozen.signal("CONT");
                frozen.await("lease lost 4 " + Long.toHexString(key));
                Thread.sleep(3000);
                taker.await("call ok");

                List<Execution> after = home.executions();
                assertTrue(after.subList(executionsAtResume, after.size()).stream()
                        .noneMatch(e -> e.authKeyId() == key && frozenSessions.contains(e.sessionId())),
                        "the frozen host executed a call on the lost key after resuming");
                assertEquals(0, fleet.duplicated(), fleet.rpcLog::toString);
                assertTrue(home.authKeyIds().contains(key), "the key was revoked");
            } finally {
                frozen.process.destroyForcibly();
                if (taker != null) {
                    taker.process.destroyForcibly();
                }
            }
        }
    }
}
