package dev.heliograph.client.internal;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.tlapi.TlApi;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds the shared TL registry (about 2,500 constructors; tens of milliseconds of class loading in
 * a fresh JVM) and loads the crypto provider's AES and SHA machinery (the JDK's provider lookup
 * loads several security providers on first use) on a short-lived background thread as soon as
 * the first client exists, so that the first login finds them ready instead of paying for them
 * between loading the session and finishing the key exchange.
 */
final class Warmup {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private Warmup() {
    }

    /**
     * Starts the warm-up once per JVM; later calls do nothing.
     *
     * @param crypto the first client's crypto provider
     */
    static void start(CryptoProvider crypto) {
        if (STARTED.compareAndSet(false, true)) {
            Thread thread = new Thread(() -> {
                byte[] block = new byte[32];
                crypto.aesIgeEncrypt(block, block, block, 0, 16, new byte[16], 0);
                crypto.sha1().update(block, 0, block.length);
                crypto.sha256().update(block, 0, block.length);
                TlApi.registry();
            }, "heliograph-warmup");
            thread.setDaemon(true);
            thread.start();
        }
    }
}
