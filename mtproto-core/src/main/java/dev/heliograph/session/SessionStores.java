package dev.heliograph.session;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Operations across stores. */
public final class SessionStores {

    private SessionStores() {
    }

    /**
     * Copies a session from one store to another (file to Redis, Redis to file, ...), replacing
     * whatever the target held under {@code targetName}. Leases are not copied; of each DC's auth
     * key pool the first key goes along as the session's key of that DC, which the target adopts
     * as the first entry of its pool, so the copy needs no key exchange and no new login.
     *
     * @param source the store to read
     * @param sourceName the session to read
     * @param target the store to write
     * @param targetName the name to write it under
     * @return the copied snapshot, once written
     */
    public static CompletionStage<SessionSnapshot> copy(SessionStore source, String sourceName,
            SessionStore target, String targetName) {
        return source.load(sourceName).thenCombine(source.pooledAuthKeys(sourceName), (snapshot, pooled) -> {
            SessionSnapshot.Builder copy = snapshot.toBuilder();
            Set<Integer> carried = new HashSet<>(snapshot.dcs().keySet());
            for (DcAuth key : pooled) {
                if (carried.add(key.dcId())) {
                    copy.dc(key);
                }
            }
            return copy.build();
        }).thenCompose(snapshot -> target.replace(targetName, snapshot).thenApply(done -> snapshot));
    }

}
