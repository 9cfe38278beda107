package dev.heliograph.transport.http;

import com.google.inject.Inject;
import dev.heliograph.error.TransportException;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.Transport;
import dev.heliograph.transport.TransportConnection;
import dev.heliograph.transport.TransportListener;
import dev.heliograph.transport.http.internal.HttpConnection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The MTProto HTTP transport (plugin id {@code "http"}) on OkHttp: every packet is one
 * {@code POST http://<dc>/api}, every non-empty response body is one packet from the server.
 *
 * <h2>Long polls</h2>
 * The server can only talk in responses, so its own messages (late results, updates) wait for
 * a request to answer. Connections of this transport report
 * {@link TransportConnection#requiresLongPoll()} {@code true} and call
 * {@link TransportListener#onLongPollNeeded()} whenever no request is in flight; the engine then
 * sends an {@code http_wait} message, which the server holds open until it has something to send
 * or the wait ends. See {@code TransportConnection#requiresLongPoll()} for the whole contract.
 *
 * <h2>Parallel requests</h2>
 * Up to {@link HttpTransportConfig#maxConcurrentRequests()} requests of one connection are in
 * flight at once, each on its own pooled keep-alive HTTP connection; later packets wait their
 * turn. The server may therefore receive packets out of order, which MTProto allows.
 *
 * <h2>Errors</h2>
 * Connecting does no I/O, so {@link #connect} succeeds for any valid endpoint; a request that
 * fails closes the connection and reports to {@link TransportListener#onClosed}: {@code CONNECT}
 * (refused, unresolvable host), {@code CLOSED} (the server dropped the connection, also
 * mid-response), {@code IO} (timeouts), {@code FRAME_TOO_LARGE} (a response above
 * {@link HttpTransportConfig#maxResponseSize()}, refused from its {@code Content-Length} before
 * anything is allocated), {@code FRAMING} (a body that cannot be an MTProto packet) or
 * {@code SERVER_CODE} (a 4-byte negative body such as -404, or an HTTP error status N reported as
 * -N), or {@code null} after a local {@link TransportConnection#close()}, which cancels every
 * request in flight.
 *
 * <h2>Threading</h2>
 * Requests run on the OkHttp client's dispatcher threads and listener callbacks run on them, one
 * at a time per connection; they must not block.
 */
public final class HttpTransport implements Transport {

    private final HttpTransportConfig config;
    private final OkHttpClient client;
    private final boolean ownsClient;
    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Creates the transport. Without a client in the settings it builds one of its own (closed
     * with the transport); with one it derives a client sharing the caller's pool and dispatcher.
     *
     * @param config the settings
     */
    @Inject
    public HttpTransport(HttpTransportConfig config) {
        this.config = Objects.requireNonNull(config, "config is null");
        OkHttpClient.Builder builder;
        if (config.client() != null) {
            builder = config.client().newBuilder();
            ownsClient = false;
        } else {
            // Parallelism per DC is bounded by maxConcurrentRequests, so the dispatcher must not
            // cap it lower; idle keep-alive connections are kept for every parallel slot.
            Dispatcher dispatcher = new Dispatcher();
            dispatcher.setMaxRequests(Math.max(64, 4 * config.maxConcurrentRequests()));
            dispatcher.setMaxRequestsPerHost(Math.max(5, config.maxConcurrentRequests()));
            builder = new OkHttpClient.Builder()
                    .dispatcher(dispatcher)
                    .connectionPool(new ConnectionPool(Math.max(5, 2 * config.maxConcurrentRequests()), 5, TimeUnit.MINUTES))
                    .followRedirects(false);
            ownsClient = true;
        }
        // OkHttp would silently post a request again after a connection failure: the server would
        // get the same MTProto packet twice and reject the repeated container (bad_msg_notification
        // 19). The engine resends with fresh ids instead, after the failure closes the connection.
        this.client = builder
                .retryOnConnectionFailure(false)
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.writeTimeout())
                .build();
    }

    /**
     * Returns {@code "http"}.
     *
     * @return the plugin id
     */
    @Override
    public String id() {
        return "http";
    }

    /**
     * Returns the settings.
     *
     * @return the settings
     */
    public HttpTransportConfig config() {
        return config;
    }

    /**
     * Returns the URL packets to this endpoint are posted to.
     *
     * @param endpoint the DC
     * @return {@code http://host:port/api} (or as configured)
     * @throws IllegalArgumentException if the host or port cannot form a URL
     */
    public HttpUrl url(DcEndpoint endpoint) {
        return new HttpUrl.Builder()
                .scheme(config.https() ? "https" : "http")
                .host(endpoint.host())
                .port(endpoint.port())
                .encodedPath(config.path())
                .build();
    }

    /**
     * Opens a connection: no I/O happens until the first {@link TransportConnection#send}.
     *
     * @param endpoint where to post
     * @param listener receives packets, long-poll hints and closure
     * @return the open connection, or fails with {@code CLOSED} after {@link #close()} and with
     *     {@code CONNECT} when the endpoint cannot form a URL
     */
    @Override
    public CompletableFuture<TransportConnection> connect(DcEndpoint endpoint, TransportListener listener) {
        Objects.requireNonNull(endpoint, "endpoint is null");
        Objects.requireNonNull(listener, "listener is null");
        if (closed) {
            return CompletableFuture.failedFuture(
                    new TransportException(TransportException.Kind.CLOSED, "transport is closed", null));
        }
        HttpUrl url;
        try {
            url = url(endpoint);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new TransportException(TransportException.Kind.CONNECT,
                    "invalid HTTP endpoint " + endpoint.host() + ":" + endpoint.port(), e));
        }
        HttpConnection connection = new HttpConnection(client, url, config.maxConcurrentRequests(),
                config.maxResponseSize(), listener, client.dispatcher().executorService(), connections::remove);
        connections.add(connection);
        if (closed) {
            connection.close();
        }
        return CompletableFuture.completedFuture(connection);
    }

    /**
     * Closes every open connection (their listeners see {@code onClosed(null)}); releases the
     * OkHttp client's threads and pooled connections if the transport built that client itself.
     */
    @Override
    public void close() {
        closed = true;
        for (HttpConnection connection : connections) {
            connection.close();
        }
        if (ownsClient) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return "HttpTransport[" + (config.https() ? "https" : "http") + ", " + config.path() + "]";
    }
}
