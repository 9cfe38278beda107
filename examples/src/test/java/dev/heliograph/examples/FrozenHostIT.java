package dev.heliograph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.testdc.Execution;
import dev.heliograph.testdc.TestDc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

    /** A host's output, line by line, as it comes. */
    private static BlockingQueue<String> lines(Process p, List<String> all) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    all.add(line);
                    queue.add(line);
                }
            } catch (IOException e) {
                queue.add("reader failed " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return queue;
    }

    private static String await(BlockingQueue<String> lines, String prefix, List<String> all) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in " + all);
    }

    private static void signal(Process p, String signal) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
    }

    @Test
    void aHostFrozenPastItsLeaseSendsNothingOnTheKeyOnceResumed() throws Exception {
        try (SharedBotHosts.Fleet fleet = new SharedBotHosts.Fleet(null, dir)) {
            TestDc home = fleet.cluster.dc(SharedBotHosts.BOT.homeDc());
            home.knobs().duplicateKeyWindow(Duration.ofSeconds(2));
            List<String> stay = new ArrayList<>(SharedBotHosts.FAST_LEASES);
            stay.addAll(List.of("--stay-ms", "60000", "--call-every-ms", "300"));
            List<String> frozenOut = new ArrayList<>();
            Process frozen = fleet.start(0, stay);
            Process taker = null;
            try {
                BlockingQueue<String> frozenLines = lines(frozen, frozenOut);
                await(frozenLines, "logged in", frozenOut);
                await(frozenLines, "call ok", frozenOut);
                String keyLine = frozenOut.stream().filter(l -> l.startsWith("key ") && l.contains(" 4 "))
                        .findFirst().orElseThrow();
                long key = Long.parseUnsignedLong(keyLine.substring(keyLine.lastIndexOf(' ') + 1), 16);
                Set<Long> frozenSessions = home.executions().stream().filter(e -> e.authKeyId() == key)
                        .map(Execution::sessionId).collect(Collectors.toSet());

                signal(frozen, "STOP");
                // Past the 3 s lease the key rests (expiry grace) and the next host waits for it; a
                // host that came while the lease still ran would rightly create a key of its own.
                Thread.sleep(3500);
                List<String> takerOut = new ArrayList<>();
                taker = fleet.start(1, stay);
                BlockingQueue<String> takerLines = lines(taker, takerOut);
                await(takerLines, "logged in", takerOut);
                await(takerLines, "call ok", takerOut);
                assertTrue(takerOut.contains("key reused 4 " + Long.toHexString(key)), takerOut::toString);
                assertTrue(takerOut.stream().noneMatch(l -> l.startsWith("login")), takerOut::toString);

                int executionsAtResume = home.executions().size();
                signal(frozen, "CONT");
                await(frozenLines, "lease lost 4 " + Long.toHexString(key), frozenOut);
                Thread.sleep(3000);
                await(takerLines, "call ok", takerOut);

                List<Execution> after = home.executions();
                assertTrue(after.subList(executionsAtResume, after.size()).stream()
                        .noneMatch(e -> e.authKeyId() == key && frozenSessions.contains(e.sessionId())),
                        "the frozen host executed a call on the lost key after resuming");
                assertEquals(0, fleet.duplicated(), fleet.rpcLog::toString);
                assertTrue(home.authKeyIds().contains(key), "the key was revoked");
            } finally {
                frozen.destroyForcibly();
                if (taker != null) {
                    taker.destroyForcibly();
                }
            }
        }
    }
}
