package dev.heliograph.client.internal;

import dev.heliograph.client.ClientEventListener;
import dev.heliograph.error.SessionStoreException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fans events out to the user's listeners. A listener that throws breaks its contract; the
 * exception is swallowed so that it cannot break the client's state machines.
 */
final class Events implements ClientEventListener {

    private final List<ClientEventListener> listeners;

    Events(List<ClientEventListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void each(Consumer<ClientEventListener> event) {
        for (ClientEventListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException ignored) {
                // A listener must not throw (see ClientEventListener); the client carries on.
            }
        }
    }

    @Override
    public void connecting(int dcId) {
        each(l -> l.connecting(dcId));
    }

    @Override
    public void connected(int dcId) {
        each(l -> l.connected(dcId));
    }

    @Override
    public void authKeyExchangeStarted(int dcId) {
        each(l -> l.authKeyExchangeStarted(dcId));
    }

    @Override
    public void authKeyCreated(int dcId, long authKeyId) {
        each(l -> l.authKeyCreated(dcId, authKeyId));
    }

    @Override
    public void authKeyReused(int dcId, long authKeyId) {
        each(l -> l.authKeyReused(dcId, authKeyId));
    }

    @Override
    public void loginEnded(Duration elapsed, Throwable failure) {
        each(l -> l.loginEnded(elapsed, failure));
    }

    @Override
    public void rpcStart(int dcId, String method) {
        each(l -> l.rpcStart(dcId, method));
    }

    @Override
    public void rpcEnd(int dcId, String method, Duration elapsed, Throwable failure) {
        each(l -> l.rpcEnd(dcId, method, elapsed, failure));
    }

    @Override
    public void floodWait(String method, Duration wait, boolean retrying) {
        each(l -> l.floodWait(method, wait, retrying));
    }

    @Override
    public void migrated(String method, int fromDc, int toDc) {
        each(l -> l.migrated(method, fromDc, toDc));
    }

    @Override
    public void reconnecting(int dcId, int attempt, Duration delay) {
        each(l -> l.reconnecting(dcId, attempt, delay));
    }

    @Override
    public void authKeyLeaseLost(int dcId, long authKeyId, Throwable cause) {
        each(l -> l.authKeyLeaseLost(dcId, authKeyId, cause));
    }

    @Override
    public void storeEntryQuarantined(SessionStoreException error) {
        each(l -> l.storeEntryQuarantined(error));
    }

    @Override
    public void becameUpdateReceiver() {
        each(ClientEventListener::becameUpdateReceiver);
    }

    @Override
    public void lostUpdateReceiver(Throwable cause) {
        each(l -> l.lostUpdateReceiver(cause));
    }

    @Override
    public void updateProblem(dev.heliograph.client.UpdateProblem problem) {
        each(l -> l.updateProblem(problem));
    }

    @Override
    public void updateHandlerFailed(dev.heliograph.tl.api.Update update, Throwable failure) {
        each(l -> l.updateHandlerFailed(update, failure));
    }

    @Override
    public void updateQueueChanged(int change, int depth) {
        each(l -> l.updateQueueChanged(change, depth));
    }

    @Override
    public void updatesDispatched(int count, Duration waited) {
        each(l -> l.updatesDispatched(count, waited));
    }
}
