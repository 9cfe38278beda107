package dev.heliograph.client.internal;

import dev.heliograph.client.DcMap;
import dev.heliograph.client.RpcInterceptor;
import dev.heliograph.error.Failures;
import dev.heliograph.error.MigrateException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code 303 *_MIGRATE_X}: repeats the call on DC X (whose endpoint comes from the configured DC
 * map; the client gets or creates the key there). {@code USER_}, {@code PHONE_} and
 * {@code NETWORK_MIGRATE} also move the session's home DC, which is persisted.
 */
final class DcMigrationInterceptor implements RpcInterceptor {

    /** A server that keeps redirecting is broken; stop instead of looping. */
    private static final int MAX_HOPS = 3;

    private final LiveSession session;
    private final DcMap dcMap;
    private final Events events;

    DcMigrationInterceptor(LiveSession session, DcMap dcMap, Events events) {
        this.session = session;
        this.dcMap = dcMap;
        this.events = events;
    }

    @Override
    public <R> CompletionStage<R> intercept(Chain<R> chain) {
        return attempt(chain, chain.dcId() == Chain.HOME_DC ? session.home() : chain.dcId(), 0);
    }

    private <R> CompletionStage<R> attempt(Chain<R> chain, int dc, int hops) {
        return chain.proceedOn(dc, chain.request()).exceptionallyCompose(t -> {
            Throwable e = Failures.unwrap(t);
            if (!(e instanceof MigrateException migrate) || migrate.dcId() == dc || hops >= MAX_HOPS) {
                return CompletableFuture.failedStage(e);
            }
            int to = migrate.dcId();
            dcMap.endpoint(to);
            events.migrated(Methods.name(chain.request()), dc, to);
            if (migrate.is("USER_MIGRATE") || migrate.is("PHONE_MIGRATE") || migrate.is("NETWORK_MIGRATE")) {
                session.homeDcMoved(to);
            }
            return attempt(chain, to, hops + 1);
        });
    }
}
