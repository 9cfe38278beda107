package dev.heliograph.client.internal;

import dev.heliograph.tlapi.TlApi;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds the shared TL registry (about 2,500 constructors; tens of milliseconds of class loading in
 * a fresh JVM) on a short-lived background thread as soon as the first client exists, so that the
 * first login finds it ready instead of building it between loading the session and connecting.
 */
final class Warmup {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private Warmup() {
    }

    /** Starts the warm-up once per JVM; later calls do nothing. */
    static void start() {
        if (STARTED.compareAndSet(false, true)) {
            Thread thread = new Thread(TlApi::registry, "heliograph-warmup");
            thread.setDaemon(true);
            thread.start();
        }
    }
}
