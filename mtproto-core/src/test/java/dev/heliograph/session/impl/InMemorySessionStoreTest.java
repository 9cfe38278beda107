package dev.heliograph.session.impl;

import dev.heliograph.session.SessionStore;
import dev.heliograph.session.SessionStoreContract;


class InMemorySessionStoreTest extends SessionStoreContract {

    private final InMemorySessionStore store = new InMemorySessionStore();

    @Override
    protected SessionStore openStore() {
        return store;
    }
}
