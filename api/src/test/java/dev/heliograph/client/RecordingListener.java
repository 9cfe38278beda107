package dev.heliograph.client;

import dev.heliograph.tl.api.Update;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The api tests' one recording listener: every event as a short line, for assertions, and the
 * update loop's problems and handler failures as they came.
 */
public final class RecordingListener implements ClientEventListener {

    /** Every event, one short line each, in order. */
    public final List<String> events = new CopyOnWriteArrayList<>();
    /** Every update problem reported. */
    public final List<UpdateProblem> problems = new CopyOnWriteArrayList<>();
    /** Every failure of an update handler. */
    public final List<Throwable> handlerFailures = new CopyOnWriteArrayList<>();
    /** How long each dispatched batch of updates waited in the queue. */
    public final List<Duration> queueWaits = new CopyOnWriteArrayList<>();

    @Override
    public void connecting(int dcId) {
        events.add("connecting " + dcId);
    }

    @Override
    public void connected(int dcId) {
        events.add("connected " + dcId);
    }

    @Override
    public void authKeyExchangeStarted(int dcId) {
        events.add("keyExchange " + dcId);
    }

    @Override
    public void authKeyCreated(int dcId, long authKeyId) {
        events.add("keyCreated " + dcId);
    }

    @Override
    public void authKeyReused(int dcId, long authKeyId) {
        events.add("keyReused " + dcId);
    }

    @Override
    public void rpcStart(int dcId, String method) {
        events.add("rpcStart " + dcId + " " + method);
    }

    @Override
    public void rpcEnd(int dcId, String method, Duration elapsed, Throwable failure) {
        events.add("rpcEnd " + dcId + " " + method + (failure == null ? "" : " " + failure.getClass().getSimpleName()));
    }

    @Override
    public void floodWait(String method, Duration wait, boolean retrying) {
        events.add("floodWait " + method + " " + wait.toSeconds() + " " + retrying);
    }

    @Override
    public void migrated(String method, int fromDc, int toDc) {
        events.add("migrated " + fromDc + " " + toDc);
    }

    @Override
    public void reconnecting(int dcId, int attempt, Duration delay) {
        events.add("reconnecting " + dcId);
    }

    @Override
    public void updateProblem(UpdateProblem problem) {
        problems.add(problem);
        events.add("updateProblem " + problem.kind());
    }

    @Override
    public void updateHandlerFailed(Update update, Throwable failure) {
        handlerFailures.add(failure);
        events.add("updateHandlerFailed " + failure.getClass().getSimpleName());
    }

    @Override
    public void updateQueueChanged(int change, int depth) {
        events.add("updateQueue " + (change > 0 ? "+" : "") + change + " " + depth);
    }

    @Override
    public void updatesDispatched(int count, Duration waited) {
        queueWaits.add(waited);
        events.add("updatesDispatched " + count);
    }

    /**
     * Counts the events that start with a prefix.
     *
     * @param prefix the start of the lines
     * @return how many
     */
    public long count(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).count();
    }
}
