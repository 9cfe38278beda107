package dev.heliograph.testdc.internal;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.impl.RsaPem;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.Knobs;
import dev.heliograph.transport.DcEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/** One in-memory DC (id 2 of a two-DC cluster) and loopback connections to it, for unit tests. */
final class DcFixture implements AutoCloseable {

    static final RsaPrivateKey RSA = RsaPem.generate(RandomSource.secure());
    static final App APP = App.of(12345, "0123456789abcdef0123456789abcdef");
    static final App PUBLISHED = new App(777, "fedcba9876543210fedcba9876543210", true);
    static final Bot BOT = new Bot(1000001, "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "home_bot", "Home Bot", 2);
    static final Bot AWAY = new Bot(1000002, "AAGsecretOfTheAwayBot", "away_bot", "Away Bot", 1);

    final CryptoProvider provider = CryptoProviders.defaultProvider();
    final RandomSource random = RandomSource.secure();
    final AtomicLong millis = new AtomicLong(System.currentTimeMillis());
    final Knobs knobs = new Knobs();
    final Accounts accounts;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final List<String> log = new ArrayList<>();
    final DcState dc;

    DcFixture() {
        this(2, null);
    }

    /** A DC of the same cluster as {@code other} (sharing its accounts), or of a new one. */
    DcFixture(int dcId, DcFixture other) {
        Accounts shared = other == null ? new Accounts(List.of(APP, PUBLISHED), List.of(BOT, AWAY), millis::get,
                new Messaging.Limits(5, 12)) : other.accounts;
        this.accounts = shared;
        List<DcEndpoint> endpoints = List.of(new DcEndpoint(1, "127.0.0.1", 4001, false, true),
                new DcEndpoint(2, "127.0.0.1", 4002, false, true));
        dc = new DcState(new DcState.Settings(dcId, knobs, millis::get, random, provider, List.of(RSA), accounts,
                () -> endpoints, scheduler, Runnable::run, line -> {
                    synchronized (log) {
                        log.add(line);
                    }
                }, true));
    }

    /** A connection whose answers are collected synchronously. */
    final class Loopback implements DcConnection.Sink {
        final List<byte[]> sent = new ArrayList<>();
        boolean closed;
        final DcConnection conn = new DcConnection(dc, this, false);
        /** The client address the duplicate-key rule sees. */
        String host = "127.0.0.1";

        @Override
        public String remoteHost() {
            return host;
        }

        /** Takes what the DC sent on its own (pushes) once every queued push went out. */
        List<byte[]> pushed() {
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            accounts.messaging().afterPushes(done::countDown);
            try {
                if (!done.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new AssertionError("pushes did not go out");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            synchronized (this) {
                List<byte[]> out = new ArrayList<>(sent);
                sent.clear();
                return out;
            }
        }

        @Override
        public synchronized void send(byte[] packet) {
            sent.add(packet);
        }

        @Override
        public synchronized void close() {
            closed = true;
        }

        synchronized List<byte[]> exchange(byte[] packet) {
            conn.onPacket(packet);
            List<byte[]> out = new ArrayList<>(sent);
            sent.clear();
            return out;
        }

        RawClient client() {
            return new RawClient(provider, random, RSA.publicKey(), millis::get, this::exchange);
        }
    }

    Loopback connect() {
        return new Loopback();
    }

    /** A client on a fresh connection with a fresh auth key. */
    RawClient clientWithKey() {
        return clientWithKey(connect());
    }

    /** A client on the given connection with a fresh auth key. */
    RawClient clientWithKey(Loopback l) {
        RawClient c = l.client();
        RawClient.Options o = new RawClient.Options();
        o.innerDc = dc.dcId();
        if (c.handshake(o) == null) {
            throw new AssertionError("handshake failed");
        }
        return c;
    }

    @Override
    public void close() {
        accounts.messaging().close();
        scheduler.shutdownNow();
    }
}
