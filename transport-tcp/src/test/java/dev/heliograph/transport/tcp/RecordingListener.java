package dev.heliograph.transport.tcp;

import dev.heliograph.error.TransportException;
import dev.heliograph.transport.TransportListener;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a client connection reports. */
final class RecordingListener implements TransportListener {

    final BlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> quickAcks = new LinkedBlockingQueue<>();
    final CompletableFuture<Optional<TransportException>> closed = new CompletableFuture<>();
    final AtomicInteger closeCalls = new AtomicInteger();

    @Override
    public void onPacket(byte[] packet) {
        packets.add(packet);
    }

    @Override
    public void onQuickAck(int token) {
        quickAcks.add(token);
    }

    @Override
    public void onClosed(TransportException cause) {
        closeCalls.incrementAndGet();
        closed.complete(Optional.ofNullable(cause));
    }

    byte[] nextPacket() throws InterruptedException {
        byte[] p = packets.poll(10, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("no packet within 10 s");
        }
        return p;
    }

    Optional<TransportException> awaitClosed() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }
}
