package dev.heliograph.mtproto.hostile;

import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.error.HeliographException;
import dev.heliograph.transport.tcp.codec.FrameCodec;
import dev.heliograph.transport.tcp.codec.FramingDetector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real DC that resets a connection at a chosen packet boundary. It
 * decodes both directions with transport-tcp's codecs (so it knows where each packet ends, for
 * plaintext key-exchange packets and encrypted ones alike) and re-frames each packet it forwards.
 * {@link #resetAfter} arms it for the next connection: that connection is reset (RST) right after
 * its n-th packet, counting both directions; later connections pass through.
 */
final class ResettingProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger armed = new AtomicInteger();
    /** Packets the latest connection carried so far, both directions. */
    private volatile AtomicInteger latestPackets = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();

    ResettingProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "resetting-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Arms a reset of the next connection after its {@code packets}-th packet; 0 disarms. */
    void resetAfter(int packets) {
        armed.set(packets);
    }

    int resets() {
        return resets.get();
    }

    /** Packets the latest connection carried so far, both directions. */
    int packetsOfLatestConnection() {
        return latestPackets.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                Link link = new Link(client, upstream, armed.getAndSet(0));
                latestPackets = link.packets;
                link.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** One proxied connection. */
    private final class Link {
        final Socket client;
        final Socket upstream;
        final int resetAt;
        final AtomicInteger packets = new AtomicInteger();
        final CountDownLatch framingKnown = new CountDownLatch(1);
        volatile FrameCodec clientFacing;
        volatile FrameCodec upstreamFacing;
        volatile boolean reset;

        Link(Socket client, Socket upstream, int resetAt) {
            this.client = client;
            this.upstream = upstream;
            this.resetAt = resetAt;
        }

        void start() {
            Thread up = new Thread(this::clientToServer, "proxy-up");
            Thread down = new Thread(this::serverToClient, "proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        private void clientToServer() {
            FramingDetector detector = new FramingDetector(CryptoProviders.defaultProvider(), RandomSource.secure(),
                    FrameCodec.DEFAULT_MAX_FRAME_SIZE);
            byte[] buf = new byte[64 << 10];
            try {
                InputStream in = client.getInputStream();
                OutputStream out = upstream.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    List<byte[]> decoded = new ArrayList<>();
                    if (clientFacing == null) {
                        FramingDetector.Detection d = detector.feed(buf, 0, n);
                        if (d == null) {
                            continue;
                        }
                        clientFacing = d.codec();
                        upstreamFacing = FrameCodec.client(d.framing()).build();
                        framingKnown.countDown();
                        clientFacing.decode(d.remaining(), 0, d.remaining().length, (p, q) -> decoded.add(p));
                    } else {
                        clientFacing.decode(buf, 0, n, (p, q) -> decoded.add(p));
                    }
                    for (byte[] p : decoded) {
                        forward(out, upstreamFacing.encode(p));
                    }
                }
            } catch (IOException | HeliographException e) {
                // reset, or closed by the other side
            } finally {
                end();
            }
        }

        private void serverToClient() {
            byte[] buf = new byte[64 << 10];
            try {
                InputStream in = upstream.getInputStream();
                OutputStream out = client.getOutputStream();
                framingKnown.await();
                int n;
                while ((n = in.read(buf)) > 0) {
                    List<byte[]> decoded = new ArrayList<>();
                    upstreamFacing.decode(buf, 0, n, (p, q) -> decoded.add(p));
                    for (byte[] p : decoded) {
                        forward(out, clientFacing.encode(p));
                    }
                }
            } catch (IOException | HeliographException e) {
                // reset, or closed by the other side
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                end();
            }
        }

        private void forward(OutputStream out, byte[] frame) throws IOException {
            synchronized (this) {
                if (reset) {
                    throw new IOException("reset");
                }
                // counted before it is written, so a count read once the client has an answer includes it
                int n = packets.incrementAndGet();
                out.write(frame);
                out.flush();
                if (n == resetAt) {
                    reset = true;
                    resets.incrementAndGet();
                    hardClose(client);
                    hardClose(upstream);
                }
            }
        }

        private synchronized void end() {
            hardClose(client);
            hardClose(upstream);
        }

        private void hardClose(Socket s) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }
}
