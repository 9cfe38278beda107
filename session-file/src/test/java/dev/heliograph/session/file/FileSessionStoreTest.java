package dev.heliograph.session.file;

import dev.heliograph.session.SessionStore;
import dev.heliograph.testkit.SessionStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileSessionStoreTest extends SessionStoreContract {

    @TempDir
    Path directory;

    @Override
    protected SessionStore openStore() {
        return FileSessionStore.open(directory);
    }
}
