package dev.heliograph.mtproto;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Decides where a sender's auth key comes from when it starts without one. The sender passes a
 * {@code create} action that runs the key exchange on its own connection; a coordinator may run
 * it, or instead return a key obtained elsewhere (the client leases one from the session's key
 * pool, so that hosts sharing a session store never use one key at once).
 *
 * <p>The default, {@link #createAlways()}, simply runs {@code create}.
 */
@FunctionalInterface
public interface AuthKeyCoordinator {

    /**
     * Returns the auth state the sender should use for a DC.
     *
     * @param dcId the DC
     * @param create runs the key exchange on the sender's connection
     * @return the key to use (created here or elsewhere)
     */
    CompletionStage<DcAuthState> authKeyFor(int dcId, Supplier<CompletionStage<DcAuthState>> create);

    /**
     * Returns the coordinator that always creates the key itself.
     *
     * @return the coordinator
     */
    static AuthKeyCoordinator createAlways() {
        return (dcId, create) -> create.get();
    }
}
