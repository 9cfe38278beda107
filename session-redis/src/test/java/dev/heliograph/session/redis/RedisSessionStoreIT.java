package dev.heliograph.session.redis;

import dev.heliograph.session.SessionStore;
import dev.heliograph.testkit.RedisServer;
import dev.heliograph.testkit.SessionStoreContract;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The store contract against a standalone Redis. */
class RedisSessionStoreIT extends SessionStoreContract {

    @Override
    protected SessionStore openStore() {
        try {
            return RedisSessionStore.builder().uri(RedisServer.sharedUri()).keyPrefix("contract:").build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
