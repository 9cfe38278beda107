package dev.heliograph.examples.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.file.FileSessionStore;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopySessionTest {

    @TempDir
    Path directory;

    @Test
    void copiesASessionBetweenTwoFileStoresUnderANewName() {
        byte[] key = new byte[AuthKey.LENGTH];
        ThreadLocalRandom.current().nextBytes(key);
        SessionSnapshot snapshot = SessionSnapshot.builder().homeDc(2)
                .dc(DcAuth.created(2, AuthKey.of(key), 99, 0)).build();
        Path from = directory.resolve("from");
        Path to = directory.resolve("to");
        try (FileSessionStore source = FileSessionStore.open(from)) {
            source.replace("bot", snapshot).toCompletableFuture().join();
        }
        CopySession.main(new String[] {"--from", "file:" + from, "--to", "file:" + to, "--name", "bot",
                "--to-name", "bot-copy"});
        try (FileSessionStore target = FileSessionStore.open(to)) {
            assertEquals(snapshot, target.load("bot-copy").toCompletableFuture().join());
        }
    }
}
