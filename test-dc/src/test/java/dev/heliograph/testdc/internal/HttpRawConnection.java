package dev.heliograph.testdc.internal;

import dev.heliograph.error.TransportException;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.TransportConnection;
import dev.heliograph.transport.TransportListener;
import dev.heliograph.transport.http.HttpTransport;
import dev.heliograph.transport.http.HttpTransportConfig;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The raw test client's HTTP connection: the project's {@link HttpTransport}, one request at a
 * time, each answer (a packet, or nothing for an empty response) returned to the caller.
 */
final class HttpRawConnection implements AutoCloseable, TransportListener {

    /** What the transport reported: a packet, an empty-handed end of the requests, or closure. */
    record Event(byte[] packet, TransportException failure) {
    }

    private static final Event IDLE = new Event(null, null);

    private final HttpTransport transport = new HttpTransport(HttpTransportConfig.DEFAULT);
    private final TransportConnection connection;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    HttpRawConnection(DcEndpoint endpoint) {
        connection = transport.connect(endpoint, this).join();
    }

    /** Posts one packet and returns the response's packet, or none for an empty response. */
    List<byte[]> exchange(byte[] packet) {
        connection.send(packet);
        Event e = next();
        if (e.packet() == null) {
            return List.of();
        }
        // Each response with a packet is followed by the long-poll hint, since nothing else is in flight.
        next();
        return List.of(e.packet());
    }

    /** Posts without waiting; {@link #next()} then reports the response. */
    void post(byte[] packet) {
        connection.send(packet);
    }

    /** The next event, within 10 s; a closure is thrown. */
    Event next() {
        Event e;
        try {
            e = events.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        if (e == null) {
            throw new AssertionError("no HTTP response within 10 s");
        }
        if (e.failure() != null) {
            throw e.failure();
        }
        return e;
    }

    @Override
    public void onPacket(byte[] packet) {
        events.add(new Event(packet, null));
    }

    @Override
    public void onLongPollNeeded() {
        events.add(IDLE);
    }

    @Override
    public void onClosed(TransportException cause) {
        if (cause != null) {
            events.add(new Event(null, cause));
        }
    }

    @Override
    public void close() {
        transport.close();
    }
}
