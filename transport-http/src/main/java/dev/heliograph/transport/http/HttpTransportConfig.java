package dev.heliograph.transport.http;

import dev.heliograph.error.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * Settings of the {@link HttpTransport}. Immutable; build with {@link #builder()} or derive with
 * {@link #toBuilder()}.
 *
 * <pre>{@code
 * HttpTransportConfig config = HttpTransportConfig.builder()
 *         .client(sharedOkHttpClient)          // optional: your pool, proxy, TLS, interceptors
 *         .maxConcurrentRequests(16)
 *         .readTimeout(Duration.ofSeconds(60))  // must exceed the http_wait max_wait
 *         .build();
 * }</pre>
 *
 * @param client the caller's OkHttp client, or {@code null} to let the transport build and own
 *     one. The transport derives its client with {@link OkHttpClient#newBuilder()}, which shares
 *     the caller's connection pool, dispatcher, proxy, TLS settings and interceptors, and sets
 *     only the three timeouts below and {@code retryOnConnectionFailure(false)} on the derived
 *     client (a silent repeat would deliver the same MTProto packet twice). The transport never shuts the caller's
 *     client down. Requests start on its dispatcher, whose
 *     {@link okhttp3.Dispatcher#getMaxRequestsPerHost()} (OkHttp's default is 5) may delay the
 *     first of a burst; raise it to at least {@code maxConcurrentRequests} for full parallelism.
 * @param https whether to use {@code https://} (default off: Telegram's HTTP transport is plain
 *     HTTP on port 80; the content is encrypted by MTProto)
 * @param path the request path (default {@code /api})
 * @param maxConcurrentRequests how many requests of one connection may be in flight at once;
 *     further packets wait in the connection's queue (default 16). A long poll occupies one.
 * @param connectTimeout the limit for opening a TCP (and TLS) connection (default 10 s)
 * @param readTimeout the limit between two reads of a response (default 60 s); it must exceed
 *     the {@code max_wait} of the engine's {@code http_wait} long polls
 * @param writeTimeout the limit between two writes of a request (default 10 s)
 * @param maxResponseSize the largest response body accepted (default 8 MiB); a larger announced
 *     {@code Content-Length} fails the connection before anything is allocated
 */
public record HttpTransportConfig(
        OkHttpClient client,
        boolean https,
        String path,
        int maxConcurrentRequests,
        Duration connectTimeout,
        Duration readTimeout,
        Duration writeTimeout,
        int maxResponseSize) {

    /** The default largest response body: 8 MiB, the same as the TCP transport's frame limit. */
    public static final int DEFAULT_MAX_RESPONSE_SIZE = 8 << 20;

    /** The default settings: plain HTTP, {@code /api}, 16 parallel requests, own OkHttp client. */
    public static final HttpTransportConfig DEFAULT = builder().build();

    /**
     * Validates the settings.
     *
     * @throws ConfigurationException listing every invalid setting
     */
    public HttpTransportConfig {
        Objects.requireNonNull(path, "path is null");
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        Objects.requireNonNull(readTimeout, "readTimeout is null");
        Objects.requireNonNull(writeTimeout, "writeTimeout is null");
        List<String> problems = new ArrayList<>();
        if (!path.startsWith("/")) {
            problems.add("path must start with '/': " + path);
        }
        if (maxConcurrentRequests <= 0) {
            problems.add("maxConcurrentRequests must be positive: " + maxConcurrentRequests);
        }
        if (maxResponseSize <= 0) {
            problems.add("maxResponseSize must be positive: " + maxResponseSize);
        }
        requirePositive("connectTimeout", connectTimeout, problems);
        requirePositive("readTimeout", readTimeout, problems);
        requirePositive("writeTimeout", writeTimeout, problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid HTTP transport settings: " + String.join("; ", problems));
        }
    }

    private static void requirePositive(String name, Duration value, List<String> problems) {
        if (value.isNegative() || value.isZero()) {
            problems.add(name + " must be positive: " + value);
        }
    }

    /**
     * Returns the caller's OkHttp client.
     *
     * @return the client, empty when the transport builds its own
     */
    public Optional<OkHttpClient> okHttpClient() {
        return Optional.ofNullable(client);
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder with these settings.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.client = client;
        b.https = https;
        b.path = path;
        b.maxConcurrentRequests = maxConcurrentRequests;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.writeTimeout = writeTimeout;
        b.maxResponseSize = maxResponseSize;
        return b;
    }

    /** Builds an {@link HttpTransportConfig}. */
    public static final class Builder {
        private OkHttpClient client;
        private boolean https;
        private String path = "/api";
        private int maxConcurrentRequests = 16;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private Duration writeTimeout = Duration.ofSeconds(10);
        private int maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;

        private Builder() {
        }

        /**
         * Uses the caller's OkHttp client (shared pool, proxy, TLS, interceptors).
         *
         * @param client the client, or {@code null} to let the transport build its own
         * @return this builder
         */
        public Builder client(OkHttpClient client) {
            this.client = client;
            return this;
        }

        /**
         * Chooses {@code https://} or {@code http://}.
         *
         * @param https whether to use TLS
         * @return this builder
         */
        public Builder https(boolean https) {
            this.https = https;
            return this;
        }

        /**
         * Sets the request path.
         *
         * @param path starting with {@code /}
         * @return this builder
         */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /**
         * Sets how many requests of one connection may be in flight.
         *
         * @param maxConcurrentRequests a positive count
         * @return this builder
         */
        public Builder maxConcurrentRequests(int maxConcurrentRequests) {
            this.maxConcurrentRequests = maxConcurrentRequests;
            return this;
        }

        /**
         * Sets the connect timeout.
         *
         * @param connectTimeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Sets the read timeout, which must exceed the long polls' {@code max_wait}.
         *
         * @param readTimeout positive
         * @return this builder
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /**
         * Sets the write timeout.
         *
         * @param writeTimeout positive
         * @return this builder
         */
        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = writeTimeout;
            return this;
        }

        /**
         * Sets the largest response body accepted.
         *
         * @param maxResponseSize bytes
         * @return this builder
         */
        public Builder maxResponseSize(int maxResponseSize) {
            this.maxResponseSize = maxResponseSize;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         * @throws ConfigurationException if they are invalid
         */
        public HttpTransportConfig build() {
            return new HttpTransportConfig(client, https, path, maxConcurrentRequests, connectTimeout, readTimeout,
                    writeTimeout, maxResponseSize);
        }
    }
}
