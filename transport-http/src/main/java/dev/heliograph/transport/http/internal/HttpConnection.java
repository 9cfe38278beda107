package dev.heliograph.transport.http.internal;

import dev.heliograph.error.TransportException;
import dev.heliograph.transport.TransportConnection;
import dev.heliograph.transport.TransportListener;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * One MTProto "connection" over HTTP: each packet is one {@code POST}, and each non-empty response
 * body is one packet for the listener. At most {@code maxConcurrent} requests are in flight; the
 * rest wait in a queue. Any failed request (I/O error, bad status, oversized or malformed body,
 * transport error code) closes the whole connection, because the engine above must then resend
 * what the lost response carried, as it does after a TCP disconnect.
 */
public final class HttpConnection implements TransportConnection, Callback {

    /** What tdesktop and Telethon send; the body is raw bytes either way. */
    private static final MediaType CONTENT_TYPE = MediaType.get("application/x-www-form-urlencoded");

    /** An unencrypted message has at least auth_key_id (8 bytes); anything shorter is a code or garbage. */
    private static final int MIN_PACKET = 8;

    private final OkHttpClient client;
    private final HttpUrl url;
    private final int maxConcurrent;
    private final int maxResponseSize;
    private final TransportListener listener;
    private final Executor closeExecutor;
    private final Consumer<HttpConnection> onClosed;
    private final ListenerQueue events = new ListenerQueue();

    private final Object lock = new Object();
    private final Queue<byte[]> waiting = new ArrayDeque<>();
    private final Set<Call> inFlight = new HashSet<>();
    private boolean closed;

    /**
     * Creates an open connection; nothing is sent until {@link #send}.
     *
     * @param client the OkHttp client to post with
     * @param url the DC's {@code /api} URL
     * @param maxConcurrent the most requests in flight at once
     * @param maxResponseSize the largest response body accepted
     * @param listener receives packets, long-poll hints and closure
     * @param closeExecutor runs the listener's {@code onClosed} after a local {@link #close()}, so
     *     the caller of {@code close()} is never called back on its own stack
     * @param onClosed told once when the connection closes, for the transport's bookkeeping
     */
    public HttpConnection(OkHttpClient client, HttpUrl url, int maxConcurrent, int maxResponseSize,
            TransportListener listener, Executor closeExecutor, Consumer<HttpConnection> onClosed) {
        this.client = client;
        this.url = url;
        this.maxConcurrent = maxConcurrent;
        this.maxResponseSize = maxResponseSize;
        this.listener = listener;
        this.closeExecutor = closeExecutor;
        this.onClosed = onClosed;
    }

    @Override
    public void send(byte[] packet) {
        Objects.requireNonNull(packet, "packet is null");
        Call call;
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (inFlight.size() >= maxConcurrent) {
                waiting.add(packet);
                return;
            }
            call = newCall(packet);
        }
        call.enqueue(this);
    }

    @Override
    public boolean requiresLongPoll() {
        return true;
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return !closed;
        }
    }

    /** Cancels every request in flight, drops queued packets; the listener sees {@code onClosed(null)}. */
    @Override
    public void close() {
        if (shutDown(null)) {
            try {
                closeExecutor.execute(events::drain);
            } catch (RejectedExecutionException e) {
                events.drain();
            }
        }
    }

    /**
     * Returns how many requests are in flight.
     *
     * @return the count
     */
    public int inFlight() {
        synchronized (lock) {
            return inFlight.size();
        }
    }

    // Called with the lock held.
    private Call newCall(byte[] packet) {
        Request request = new Request.Builder().url(url).post(RequestBody.create(packet, CONTENT_TYPE)).build();
        Call call = client.newCall(request);
        inFlight.add(call);
        return call;
    }

    @Override
    public void onResponse(Call call, Response response) {
        Call next = handle(call, response);
        // While packets wait, this dispatcher thread runs them itself, one after another, rather
        // than handing each to another thread: one thread switch less per request under load.
        while (next != null) {
            Call current = next;
            try {
                next = handle(current, current.execute());
            } catch (IOException e) {
                fail(translate(e));
                return;
            }
        }
    }

    @Override
    public void onFailure(Call call, IOException e) {
        fail(translate(e));
    }

    /** Delivers a response; returns the next call this thread should run, if a packet waits. */
    private Call handle(Call call, Response response) {
        byte[] packet;
        try (response) {
            packet = readPacket(response);
        } catch (TransportException e) {
            fail(e);
            return null;
        } catch (IOException e) {
            fail(translate(e));
            return null;
        }
        return completed(call, packet);
    }

    private Call completed(Call call, byte[] packet) {
        Call next = null;
        synchronized (lock) {
            if (closed) {
                return null;
            }
            inFlight.remove(call);
            if (packet != null) {
                events.enqueue(() -> listener.onPacket(packet));
            }
            byte[] queued = waiting.poll();
            if (queued != null) {
                next = newCall(queued);
            } else if (inFlight.isEmpty()) {
                events.enqueue(listener::onLongPollNeeded);
            }
        }
        events.drain();
        return next;
    }

    private void fail(TransportException cause) {
        if (shutDown(cause)) {
            events.drain();
        }
    }

    private boolean shutDown(TransportException cause) {
        List<Call> cancel;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            cancel = new ArrayList<>(inFlight);
            inFlight.clear();
            waiting.clear();
            events.enqueue(() -> listener.onClosed(cause));
        }
        for (Call call : cancel) {
            call.cancel();
        }
        onClosed.accept(this);
        return true;
    }

    private byte[] readPacket(Response response) throws IOException {
        ResponseBody body = response.body();
        long length = body.contentLength();
        int status = response.code();
        if (status < 200 || status > 299) {
            // A transport error: the body may carry the code itself; otherwise HTTP status N
            // stands for code -N, as in tdesktop (404 is an unknown auth key).
            if (length == 4) {
                int code = littleEndianInt(readExactly(body, 4));
                if (code < 0) {
                    throw TransportException.serverCode(code);
                }
            }
            if (status == 404) {
                // Any proxy on the way can answer 404; only the DC's own 4-byte -404 may make the
                // client drop its auth key, so a bare 404 is an ordinary failed request.
                throw new TransportException(TransportException.Kind.IO,
                        "HTTP 404 without a transport error code (a proxy, not the DC?)", null);
            }
            throw TransportException.serverCode(-status);
        }
        if (length > maxResponseSize) {
            throw new TransportException(TransportException.Kind.FRAME_TOO_LARGE,
                    "response of " + length + " bytes exceeds the limit of " + maxResponseSize, null);
        }
        byte[] data = length >= 0 ? readExactly(body, (int) length) : readBounded(body.source());
        if (data.length == 0) {
            return null;
        }
        if (data.length == 4 && littleEndianInt(data) < 0) {
            throw TransportException.serverCode(littleEndianInt(data));
        }
        if (data.length < MIN_PACKET || data.length % 4 != 0) {
            throw new TransportException(TransportException.Kind.FRAMING,
                    "malformed response: " + data.length + " bytes is not an MTProto packet", null);
        }
        return data;
    }

    private static byte[] readExactly(ResponseBody body, int length) throws IOException {
        byte[] data = new byte[length];
        body.source().readFully(data);
        return data;
    }

    private byte[] readBounded(BufferedSource source) throws IOException {
        Buffer buffer = new Buffer();
        while (source.read(buffer, 8192) != -1) {
            if (buffer.size() > maxResponseSize) {
                throw new TransportException(TransportException.Kind.FRAME_TOO_LARGE,
                        "response exceeds the limit of " + maxResponseSize + " bytes", null);
            }
        }
        return buffer.readByteArray();
    }

    private static int littleEndianInt(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    private static TransportException translate(IOException e) {
        if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
            return new TransportException(TransportException.Kind.CONNECT, "cannot connect: " + e.getMessage(), e);
        }
        if (e instanceof InterruptedIOException) {
            return new TransportException(TransportException.Kind.IO, "HTTP request timed out", e);
        }
        // OkHttp reports a response cut short as an IOException caused by an EOFException.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException || t instanceof java.net.ProtocolException || t instanceof java.net.SocketException) {
                return new TransportException(TransportException.Kind.CLOSED, "the server closed the connection: " + e.getMessage(), e);
            }
        }
        return new TransportException(TransportException.Kind.IO, "HTTP request failed: " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "HttpConnection[" + url + "]";
    }
}
