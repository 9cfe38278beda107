package dev.heliograph.session;

import java.util.concurrent.CompletionStage;

/** Operations across stores. */
public final class SessionStores {

    private SessionStores() {
    }

    /**
     * Copies a session from one store to another (file to Redis, Redis to file, ...), replacing
     * whatever the target held under {@code targetName}. Leases are not copied.
     *
     * @param source the store to read
     * @param sourceName the session to read
     * @param target the store to write
     * @param targetName the name to write it under
     * @return the copied snapshot, once written
     */
    public static CompletionStage<SessionSnapshot> copy(SessionStore source, String sourceName,
            SessionStore target, String targetName) {
        return source.load(sourceName)
                .thenCompose(snapshot -> target.replace(targetName, snapshot).thenApply(done -> snapshot));
    }
}
