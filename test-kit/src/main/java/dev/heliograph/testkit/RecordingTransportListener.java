package dev.heliograph.testkit;

import dev.heliograph.error.TransportException;
import dev.heliograph.transport.TransportListener;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one transport listener the transports' tests record with: what a client connection
 * reports, whether anything arrived after it closed, and whether two callbacks ever overlapped
 * (the {@link TransportListener} contract forbids both).
 */
public final class RecordingTransportListener implements TransportListener {

    /** The packets received, in order. */
    public final BlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();
    /** The quick-ack tokens received, in order. */
    public final BlockingQueue<Integer> quickAcks = new LinkedBlockingQueue<>();
    /** How often the transport asked for a long poll. */
    public final AtomicInteger longPollsNeeded = new AtomicInteger();
    /** Completes with the cause (empty for a local close) when the connection closes. */
    public final CompletableFuture<Optional<TransportException>> closed = new CompletableFuture<>();
    /** How often {@link #onClosed} was called (once is the contract). */
    public final AtomicInteger closeCalls = new AtomicInteger();
    /** Events that arrived after the close (none is the contract). */
    public final AtomicInteger eventsAfterClose = new AtomicInteger();
    /** Whether two callbacks ever ran at once (never is the contract). */
    public final AtomicBoolean overlapped = new AtomicBoolean();

    private final AtomicBoolean inCallback = new AtomicBoolean();

    /** Creates an empty recording. */
    public RecordingTransportListener() {
    }

    @Override
    public void onPacket(byte[] packet) {
        enter();
        afterClose();
        packets.add(packet);
        leave();
    }

    @Override
    public void onQuickAck(int token) {
        enter();
        afterClose();
        quickAcks.add(token);
        leave();
    }

    @Override
    public void onLongPollNeeded() {
        enter();
        afterClose();
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

    /**
     * Waits up to 10 s for the next packet.
     *
     * @return the packet
     * @throws InterruptedException if interrupted
     */
    public byte[] nextPacket() throws InterruptedException {
        byte[] p = packets.poll(10, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("no packet within 10 s");
        }
        return p;
    }

    /**
     * Waits up to 10 s for the close.
     *
     * @return its cause, empty for a local close
     * @throws Exception if it did not close in time
     */
    public Optional<TransportException> awaitClosed() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    /**
     * Waits up to 10 s for a close with a cause.
     *
     * @return the cause
     * @throws Exception if it did not close in time
     */
    public TransportException awaitFailure() throws Exception {
        return awaitClosed().orElseThrow(() -> new AssertionError("closed without a cause"));
    }

    private void afterClose() {
        if (closed.isDone()) {
            eventsAfterClose.incrementAndGet();
        }
    }

    private void enter() {
        if (!inCallback.compareAndSet(false, true)) {
            overlapped.set(true);
        }
    }

    private void leave() {
        inCallback.set(false);
    }
}
