package dev.heliograph.transport.tcp.internal;

import dev.heliograph.error.TransportException;
import dev.heliograph.transport.tcp.codec.FrameCodec;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The mechanics of one established TCP connection on an {@link EventLoop}, shared by client and
 * server: reads go to {@link Events#onBytes} on the loop thread; frames are encoded by the
 * connection's {@link FrameCodec} under a lock (so the obfuscation stream and the wire order match
 * the order of the calls) and written by the loop with gathering writes.
 *
 * <p>The write queue is bounded: a peer that stops reading while more than the limit is queued gets
 * the connection closed with a {@link TransportException.Kind#IO} error instead of growing memory.
 */
public final class NioConnection implements EventLoop.Handler {

    /** Receives a connection's events on its loop thread. */
    public interface Events {
        /**
         * Bytes arrived. They are valid only during the call.
         *
         * @param buffer the buffer
         * @param offset where they start
         * @param length how many
         * @throws TransportException to close the connection with that cause
         */
        void onBytes(byte[] buffer, int offset, int length);

        /**
         * The connection closed; called once.
         *
         * @param cause why, or {@code null} when closed locally
         */
        void onClosed(TransportException cause);
    }

    private static final int MAX_READS_PER_WAKEUP = 16;
    private static final int MAX_GATHER = 64;

    private final EventLoop loop;
    private final SocketChannel channel;
    private final long maxQueuedBytes;
    private final SocketAddress remoteAddress;
    private final Object lock = new Object();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final ByteBuffer readBuffer;
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    private long queuedBytes;
    private boolean flushScheduled;
    private FrameCodec codec;
    private volatile boolean open = true;
    private SelectionKey key;
    /** Set under {@link #lock} once reading started: senders on other threads may write directly. */
    private boolean started;
    private Events events;
    private boolean closedReported;

    /**
     * Wraps a connected channel.
     *
     * @param loop the loop that serves it
     * @param channel a connected, non-blocking channel
     * @param maxQueuedBytes the write queue limit
     */
    public NioConnection(EventLoop loop, SocketChannel channel, long maxQueuedBytes) {
        this.loop = loop;
        this.channel = channel;
        this.maxQueuedBytes = maxQueuedBytes;
        this.readBuffer = ByteBuffer.wrap(loop.readBuffer());
        SocketAddress remote;
        try {
            remote = channel.getRemoteAddress();
        } catch (IOException e) {
            remote = null;
        }
        this.remoteAddress = remote;
    }

    /**
     * Starts reading. Call on the loop thread.
     *
     * @param existing the channel's key if it is registered already (it is taken over), or
     *     {@code null} to register it
     * @param events what receives bytes and closure
     */
    public void start(SelectionKey existing, Events events) {
        this.events = events;
        try {
            key = existing != null ? existing : loop.register(channel, 0, this);
            key.attach(this);
            key.interestOps(SelectionKey.OP_READ);
            synchronized (lock) {
                started = true;
            }
        } catch (IOException | RuntimeException e) {
            fail(new TransportException(TransportException.Kind.CLOSED, "channel closed before start", e));
        }
    }

    /**
     * Sets the codec that {@link #send} encodes with (before the first send).
     *
     * @param codec the codec
     */
    public void codec(FrameCodec codec) {
        synchronized (lock) {
            this.codec = codec;
        }
    }

    /**
     * Returns the peer's address.
     *
     * @return the address, or {@code null} if the channel was closed before it could be read
     */
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * Tells whether the connection is open.
     *
     * @return {@code false} once closing started
     */
    public boolean isOpen() {
        return open;
    }

    /**
     * Encodes one frame with the codec and queues it. Thread-safe; frames go out in call order.
     * Does nothing once the connection is closed.
     *
     * @param encoder produces the frame bytes from the codec
     * @throws TransportException if encoding fails (the connection stays usable)
     */
    public void send(Function<FrameCodec, byte[]> encoder) {
        boolean overflow = false;
        boolean schedule = false;
        IOException failed = null;
        synchronized (lock) {
            if (!open) {
                return;
            }
            ByteBuffer frame = ByteBuffer.wrap(encoder.apply(codec));
            if (started && queue.isEmpty()) {
                // Nothing is waiting to go out, so this frame may go now, from this thread: a
                // call's packet then leaves without waking the event loop (a thread hand-off and
                // a selector wake-up per call). Only what the socket does not take is queued.
                try {
                    channel.write(frame);
                } catch (IOException e) {
                    failed = e;
                }
            }
            if (failed == null && frame.hasRemaining()) {
                if (queuedBytes + frame.remaining() > maxQueuedBytes) {
                    overflow = true;
                } else {
                    queue.add(frame);
                    queuedBytes += frame.remaining();
                    schedule = !flushScheduled;
                    flushScheduled = true;
                }
            }
        }
        if (failed != null) {
            TransportException cause = new TransportException(TransportException.Kind.CLOSED,
                    "write failed: " + failed.getMessage(), failed);
            open = false;
            if (loop.inLoop()) {
                fail(cause);
            } else {
                loop.execute(() -> fail(cause));
            }
        } else if (overflow) {
            close(new TransportException(TransportException.Kind.IO,
                    "peer is not reading: more than " + maxQueuedBytes + " bytes queued", null));
        } else if (schedule) {
            if (loop.inLoop()) {
                flush();
            } else {
                loop.execute(this::flush);
            }
        }
    }

    /**
     * Closes the connection; thread-safe and idempotent. A local close ({@code cause == null})
     * first writes what the socket accepts without blocking.
     *
     * @param cause the reason reported to {@link Events#onClosed}, or {@code null}
     */
    public void close(TransportException cause) {
        open = false;
        if (loop.inLoop()) {
            closeNow(cause);
        } else {
            loop.execute(() -> closeNow(cause));
        }
    }

    @Override
    public void ready(SelectionKey key) {
        if (key.isWritable()) {
            writeQueued();
        }
        if (key.isValid() && key.isReadable()) {
            read();
        }
    }

    @Override
    public void fail(TransportException cause) {
        open = false;
        closeNow(cause);
    }

    private void flush() {
        synchronized (lock) {
            flushScheduled = false;
        }
        writeQueued();
    }

    private void read() {
        for (int i = 0; i < MAX_READS_PER_WAKEUP && open; i++) {
            readBuffer.clear();
            int n;
            try {
                n = channel.read(readBuffer);
            } catch (IOException e) {
                fail(new TransportException(TransportException.Kind.CLOSED, "read failed: " + e.getMessage(), e));
                return;
            }
            if (n < 0) {
                fail(new TransportException(TransportException.Kind.CLOSED, "connection closed by the peer", null));
                return;
            }
            if (n == 0) {
                return;
            }
            try {
                events.onBytes(readBuffer.array(), 0, n);
            } catch (TransportException e) {
                fail(e);
                return;
            }
            if (n < readBuffer.capacity()) {
                return;
            }
        }
    }

    /** Writes until the queue is empty or the socket is full (then waits for OP_WRITE). */
    private void writeQueued() {
        if (key == null || !key.isValid()) {
            return;
        }
        while (true) {
            int count;
            synchronized (lock) {
                count = 0;
                for (ByteBuffer b : queue) {
                    gather[count++] = b;
                    if (count == MAX_GATHER) {
                        break;
                    }
                }
            }
            if (count == 0) {
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            long written;
            try {
                written = channel.write(gather, 0, count);
            } catch (IOException e) {
                fail(new TransportException(TransportException.Kind.CLOSED, "write failed: " + e.getMessage(), e));
                return;
            }
            boolean blocked = gather[count - 1].hasRemaining();
            synchronized (lock) {
                queuedBytes -= written;
                while (!queue.isEmpty() && !queue.peek().hasRemaining()) {
                    queue.poll();
                }
            }
            Arrays.fill(gather, 0, count, null);
            if (blocked) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
        }
    }

    private void closeNow(TransportException cause) {
        if (closedReported) {
            return;
        }
        closedReported = true;
        if (cause == null && key != null) {
            writeQueued();
        }
        loop.closeChannel(channel);
        synchronized (lock) {
            queue.clear();
            queuedBytes = 0;
        }
        if (events != null) {
            events.onClosed(cause);
        }
    }
}
