package dev.heliograph.client.internal;

import dev.heliograph.client.RpcInterceptor;
import dev.heliograph.client.internal.updates.ReceiverElection;
import dev.heliograph.tl.api.functions.InvokeWithoutUpdates;
import java.util.concurrent.CompletionStage;

/**
 * Wraps every call of a host that is not the session's update receiver in
 * {@code invokeWithoutUpdates}, so that the server never makes its connection the one it pushes
 * updates to (MTPROTO-NOTES 12.1). Sits inside the migration step (each attempt is wrapped) and
 * outside the layer step (the wrapper goes inside {@code initConnection}).
 */
final class WithoutUpdatesInterceptor implements RpcInterceptor {

    private final ReceiverElection election;

    WithoutUpdatesInterceptor(ReceiverElection election) {
        this.election = election;
    }

    @Override
    public <R> CompletionStage<R> intercept(Chain<R> chain) {
        if (election.receiving()) {
            return chain.proceed(chain.request());
        }
        return chain.proceed(new InvokeWithoutUpdates<>(chain.request()));
    }
}
