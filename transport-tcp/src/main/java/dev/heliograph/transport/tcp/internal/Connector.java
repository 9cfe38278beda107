package dev.heliograph.transport.tcp.internal;

import dev.heliograph.error.TransportException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * Opens a client connection on a loop: the non-blocking TCP connect, then (optionally) a SOCKS5
 * handshake, all under one timeout. Reports exactly once, on the loop thread.
 */
public final class Connector implements EventLoop.Handler {

    /** Receives the outcome on the loop thread. */
    public interface Callback {
        /**
         * The tunnel is ready.
         *
         * @param channel the connected channel
         * @param key its key on the loop, to be taken over
         * @param leftover bytes already read past the proxy handshake (usually none)
         */
        void connected(SocketChannel channel, SelectionKey key, byte[] leftover);

        /**
         * Connecting failed.
         *
         * @param cause a {@code CONNECT} failure
         */
        void failed(TransportException cause);
    }

    private final EventLoop loop;
    private final SocketChannel channel;
    private final Socks5Handshake socks;
    private final Callback callback;
    private final String target;
    private SelectionKey key;
    private EventLoop.Timer timer;
    private ByteBuffer pendingWrite;
    private boolean finished;

    private Connector(EventLoop loop, SocketChannel channel, Socks5Handshake socks, Callback callback, String target) {
        this.loop = loop;
        this.channel = channel;
        this.socks = socks;
        this.callback = callback;
        this.target = target;
    }

    /**
     * Starts connecting; returns at once.
     *
     * @param loop the loop that will serve the connection
     * @param address where to connect (the proxy, with SOCKS5), resolved
     * @param localAddress the local address to bind before connecting, or {@code null}
     * @param socks the proxy handshake, or {@code null} for a direct connection
     * @param timeoutMillis the limit for the whole connect
     * @param tcpNoDelay whether to disable Nagle's algorithm
     * @param callback receives the outcome
     */
    public static void connect(EventLoop loop, InetSocketAddress address, InetAddress localAddress,
            Socks5Handshake socks, long timeoutMillis, boolean tcpNoDelay, Callback callback) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, tcpNoDelay);
        } catch (IOException e) {
            callback.failed(new TransportException(TransportException.Kind.CONNECT, "cannot open a socket", e));
            return;
        }
        if (localAddress != null) {
            try {
                channel.bind(new InetSocketAddress(localAddress, 0));
            } catch (IOException e) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the bind failure is what the caller needs to hear about
                }
                callback.failed(new TransportException(TransportException.Kind.CONNECT,
                        "cannot bind the local address " + localAddress.getHostAddress(), e));
                return;
            }
        }
        Connector connector = new Connector(loop, channel, socks, callback, address.toString());
        loop.execute(() -> connector.start(address, timeoutMillis));
    }

    private void start(InetSocketAddress address, long timeoutMillis) {
        timer = loop.schedule(timeoutMillis, () -> fail(new TransportException(TransportException.Kind.CONNECT,
                "connect to " + target + " timed out after " + timeoutMillis + " ms", null)));
        try {
            key = loop.register(channel, SelectionKey.OP_CONNECT, this);
            if (channel.connect(address)) {
                tcpConnected();
            }
        } catch (IOException | RuntimeException e) {
            fail(connectFailure(e));
        }
    }

    @Override
    public void ready(SelectionKey key) {
        try {
            if (key.isConnectable()) {
                if (channel.finishConnect()) {
                    tcpConnected();
                }
                return;
            }
            if (key.isWritable()) {
                writePending();
            }
            if (key.isValid() && key.isReadable()) {
                readProxy();
            }
        } catch (TransportException e) {
            fail(e);
        } catch (IOException e) {
            fail(connectFailure(e));
        }
    }

    @Override
    public void fail(TransportException cause) {
        if (finished) {
            return;
        }
        finished = true;
        if (timer != null) {
            timer.cancel();
        }
        loop.closeChannel(channel);
        callback.failed(cause);
    }

    private void tcpConnected() throws IOException {
        if (socks == null) {
            succeed(new byte[0]);
            return;
        }
        key.interestOps(SelectionKey.OP_READ);
        pendingWrite = ByteBuffer.wrap(socks.greeting());
        writePending();
    }

    private void readProxy() throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(loop.readBuffer());
        int n = channel.read(buffer);
        if (n < 0) {
            throw new TransportException(TransportException.Kind.CONNECT, "SOCKS5 proxy closed the connection", null);
        }
        byte[] reply = socks.onBytes(buffer.array(), 0, n);
        if (socks.done()) {
            succeed(socks.leftover());
        } else if (reply.length > 0) {
            pendingWrite = ByteBuffer.wrap(reply);
            writePending();
        }
    }

    private void writePending() throws IOException {
        channel.write(pendingWrite);
        key.interestOps(pendingWrite.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void succeed(byte[] leftover) {
        if (finished) {
            return;
        }
        finished = true;
        timer.cancel();
        key.interestOps(0);
        callback.connected(channel, key, leftover);
    }

    private TransportException connectFailure(Exception e) {
        return new TransportException(TransportException.Kind.CONNECT,
                "connect to " + target + " failed: " + e.getMessage(), e);
    }
}
