package dev.heliograph.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostClaimTest {

    @TempDir
    Path dir;

    @Test
    void aHostThatRestartsGetsItsIdBackAndHostsSideBySideGetDifferentIds() {
        String first;
        try (HostClaim a = HostClaim.claim("bot", dir, "box1");
             HostClaim b = HostClaim.claim("bot", dir, "box1")) {
            first = a.id();
            assertEquals("box1/bot/0", a.id());
            assertEquals("box1/bot/1", b.id());
            try (HostClaim other = HostClaim.claim("other", dir, "box1")) {
                assertEquals("box1/other/0", other.id(), "slots are per session");
            }
        }
        try (HostClaim restarted = HostClaim.claim("bot", dir, "box1")) {
            assertEquals(first, restarted.id());
        }
    }

    @Test
    void aSlotFreedInTheMiddleIsTheNextOneClaimed() {
        try (HostClaim a = HostClaim.claim("bot", dir, "box1")) {
            HostClaim b = HostClaim.claim("bot", dir, "box1");
            try (HostClaim c = HostClaim.claim("bot", dir, "box1")) {
                b.close();
                try (HostClaim d = HostClaim.claim("bot", dir, "box1")) {
                    assertEquals("box1/bot/1", d.id());
                    assertNotEquals(a.id(), c.id());
                }
            }
        }
    }

    @Test
    void withoutAMachineNameOrAUsableDirectoryTheIdIsRandom() throws java.io.IOException {
        Path notADirectory = java.nio.file.Files.writeString(dir.resolve("file"), "x");
        try (HostClaim a = HostClaim.claim("bot", dir, null);
             HostClaim b = HostClaim.claim("bot", notADirectory, "box1")) {
            assertEquals(a.id(), UUID.fromString(a.id()).toString());
            assertNotEquals(a.id(), HostClaim.claim("bot", dir, null).id());
            assertEquals(b.id(), UUID.fromString(b.id()).toString());
        }
    }

    @Test
    void thousandsOfSessionsInOneJvmShareOneLockFileAndOneDescriptor() throws java.io.IOException {
        Path fds = Path.of("/proc/self/fd");
        java.util.List<HostClaim> claims = new java.util.ArrayList<>();
        try {
            claims.add(HostClaim.claim("session-0", dir, "box1"));
            long before = java.nio.file.Files.exists(fds) ? countFiles(fds) : -1;
            for (int i = 1; i < 2000; i++) {
                HostClaim claim = HostClaim.claim("session-" + i, dir, "box1");
                assertEquals("box1/session-" + i + "/0", claim.id());
                claims.add(claim);
            }
            if (before >= 0) {
                assertEquals(before, countFiles(fds), "no descriptor per claim");
            }
            assertEquals(1, countFiles(dir), "no file per session");
        } finally {
            claims.forEach(HostClaim::close);
        }
    }

    private static long countFiles(Path directory) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(directory)) {
            return files.count();
        }
    }
}
