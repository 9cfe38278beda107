package dev.heliograph.examples;

import dev.heliograph.client.ClientEventListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Prints each step of the demo with the time since the program started; a slow step (starting
 * the cluster, a key exchange) shows a dot every 100 ms until it ends.
 */
final class Progress implements ClientEventListener, AutoCloseable {

    private static final long DOT_MILLIS = 100;

    private final PrintStream out;
    private final long startNanos;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-progress");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> dots;
    private long stepStart;

    Progress(PrintStream out, long startNanos) {
        this.out = out;
        this.startNanos = startNanos;
    }

    /** Prints one finished step. */
    synchronized void step(String text) {
        endLine();
        out.printf("[%5d ms] %s%n", elapsedMillis(), text);
    }

    /** Starts a slow step: its line stays open, with dots, until {@link #done}. */
    synchronized void begin(String text) {
        endLine();
        out.printf("[%5d ms] %s ", elapsedMillis(), text);
        out.flush();
        stepStart = System.nanoTime();
        dots = ticker.scheduleAtFixedRate(this::dot, DOT_MILLIS, DOT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Ends the slow step. */
    synchronized void done(String result) {
        if (dots == null) {
            step(result);
            return;
        }
        dots.cancel(false);
        dots = null;
        out.printf(" %s (%d ms)%n", result, (System.nanoTime() - stepStart) / 1_000_000);
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private synchronized void dot() {
        if (dots != null) {
            out.print('.');
            out.flush();
        }
    }

    private void endLine() {
        if (dots != null) {
            dots.cancel(false);
            dots = null;
            out.println();
        }
    }

    @Override
    public void connecting(int dcId) {
        step("opening a connection to DC " + dcId);
    }

    @Override
    public void connected(int dcId) {
        step("connected to DC " + dcId + ", encrypted session ready");
    }

    @Override
    public void authKeyExchangeStarted(int dcId) {
        begin("key exchange with DC " + dcId + " (RSA + 2048-bit Diffie-Hellman)");
    }

    @Override
    public void authKeyCreated(int dcId, long authKeyId) {
        done("done, auth key " + Long.toHexString(authKeyId) + " stored");
    }

    @Override
    public void authKeyReused(int dcId, long authKeyId) {
        step("auth key " + Long.toHexString(authKeyId) + " for DC " + dcId + " reused from the session (no key exchange)");
    }

    @Override
    public void rpcStart(int dcId, String method) {
        step("-> " + method + " on DC " + dcId);
    }

    @Override
    public void rpcEnd(int dcId, String method, Duration elapsed, Throwable failure) {
        step("<- " + method + ": " + (failure == null ? "ok" : failure.getMessage()) + " (" + elapsed.toMillis() + " ms)");
    }

    @Override
    public void floodWait(String method, Duration wait, boolean retrying) {
        step("flood wait of " + wait.toSeconds() + " s on " + method + (retrying ? ", waiting it out" : ", giving up"));
    }

    @Override
    public void migrated(String method, int fromDc, int toDc) {
        step("the bot lives on DC " + toDc + ": migrating from DC " + fromDc);
    }

    @Override
    public void reconnecting(int dcId, int attempt, Duration delay) {
        step("connection to DC " + dcId + " lost, reconnecting in " + delay.toMillis() + " ms");
    }

    @Override
    public synchronized void close() {
        endLine();
        ticker.shutdownNow();
    }
}
