package dev.heliograph.session.file;

import static dev.heliograph.error.Failures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.session.ChildProcesses;
import dev.heliograph.session.SessionSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM (SIGKILL) at random moments while it rewrites a session file, 200 times, and
 * checks after each kill that the file holds one of the two complete sessions.
 */
class FileCrashSafetyIT {

    private static final int KILLS = 200;

    @TempDir
    Path directory;

    @Test
    void aProcessKilledWhileWritingLeavesTheOldOrTheNewSession() throws Exception {
        List<SessionSnapshot> valid = List.of(CrashWriter.snapshot(0), CrashWriter.snapshot(1));
        int[] seen = new int[2];
        try (FileSessionStore reader = FileSessionStore.open(directory.resolve("sessions"))) {
            join(reader.replace("crash", valid.get(1)));
            for (int kill = 0; kill < KILLS; kill++) {
                try (ChildProcesses children = new ChildProcesses(directory.resolve("child-stderr.log"))) {
                    ChildProcesses.Child writer = children.start(CrashWriter.class,
                            directory.resolve("sessions").toString(), "crash");
                    assertEquals("WRITING", writer.nextLine(60_000), "writer did not start (kill " + kill + ")");
                    Thread.sleep(ThreadLocalRandom.current().nextInt(51));
                    writer.process().destroyForcibly();
                    assertTrue(writer.process().waitFor(30, TimeUnit.SECONDS));
                    assertEquals(137, writer.process().exitValue(), "the writer must die by SIGKILL");
                }
                SessionSnapshot found = join(reader.load("crash"));
                int which = valid.indexOf(found);
                assertTrue(which >= 0, "after kill " + kill + " the file holds neither session: " + found);
                seen[which]++;
            }
        }
        assertTrue(seen[0] > 0 && seen[1] > 0, "kills should land on both sides: " + seen[0] + "/" + seen[1]);
    }
}
