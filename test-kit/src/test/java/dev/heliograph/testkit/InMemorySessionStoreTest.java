package dev.heliograph.testkit;

import dev.heliograph.session.SessionStore;
import dev.heliograph.session.impl.InMemorySessionStore;

/** The contract against the reference store, in the module that ships the contract. */
class InMemorySessionStoreTest extends SessionStoreContract {

    private final InMemorySessionStore store = new InMemorySessionStore();

    @Override
    protected SessionStore openStore() {
        return store;
    }
}
