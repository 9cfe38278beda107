package dev.heliograph.transport.http;

import dev.heliograph.error.TransportException;
import dev.heliograph.transport.TransportListener;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a client connection reports, and whether callbacks ever overlapped. */
final class RecordingListener implements TransportListener {

    final BlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();
    final AtomicInteger longPollsNeeded = new AtomicInteger();
    final CompletableFuture<Optional<TransportException>> closed = new CompletableFuture<>();
    final AtomicInteger closeCalls = new AtomicInteger();
    final AtomicInteger eventsAfterClose = new AtomicInteger();
    final AtomicBoolean overlapped = new AtomicBoolean();
    private final AtomicBoolean inCallback = new AtomicBoolean();

    @Override
    public void onPacket(byte[] packet) {
        enter();
        if (closed.isDone()) {
            eventsAfterClose.incrementAndGet();
        }
        packets.add(packet);
        leave();
    }

    @Override
    public void onLongPollNeeded() {
        enter();
        if (closed.isDone()) {
            eventsAfterClose.incrementAndGet();
        }
        longPollsNeeded.incrementAndGet();
        leave();
    }

    @Override
    public void onClosed(TransportException cause) {
        enter();
        closeCalls.incrementAndGet();
        closed.complete(Optional.ofNullable(cause));
        leave();
    }

    private void enter() {
        if (!inCallback.compareAndSet(false, true)) {
            overlapped.set(true);
        }
    }

    private void leave() {
        inCallback.set(false);
    }

    byte[] nextPacket() throws InterruptedException {
        byte[] p = packets.poll(10, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("no packet within 10 s");
        }
        return p;
    }

    TransportException awaitFailure() throws Exception {
        return closed.get(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("closed without a cause"));
    }
}
