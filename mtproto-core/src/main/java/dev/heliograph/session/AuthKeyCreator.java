package dev.heliograph.session;

import java.util.concurrent.CompletionStage;

/**
 * Creates an auth key, typically by running the MTProto key exchange with the DC. Called by
 * {@link SessionStore#getOrCreateAuthKey} on the one host that won the lease.
 */
@FunctionalInterface
public interface AuthKeyCreator {

    /**
     * Creates the key of {@code lease.dcId()}. Should finish before {@code lease.expiresAt()}:
     * after that another host may start creating a key as well.
     *
     * @param lease the lease held while creating
     * @return the new key and its initial salt, for the lease's DC
     */
    CompletionStage<DcAuth> create(AuthKeyLease lease);
}
