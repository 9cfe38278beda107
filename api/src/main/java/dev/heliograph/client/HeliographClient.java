package dev.heliograph.client;

import com.google.inject.Module;
import dev.heliograph.client.internal.ClientAssembly;
import dev.heliograph.error.Failures;
import dev.heliograph.mtproto.RequestOptions;
import dev.heliograph.tl.TlMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A Telegram client: logs a bot in, then calls any API method. One client holds one session
 * (named in {@link ClientConfig#sessionName()}), its connections to the DCs it has used, and the
 * session store it persists to.
 *
 * <h2>Building one</h2>
 * There is one wiring path, Guice modules: {@link HeliographModule} plus one module per plugin (a
 * transport, optionally a session store and a crypto provider). Either install them yourself:
 * <pre>{@code
 * HeliographClient client = Guice.createInjector(Stage.PRODUCTION,
 *         new HeliographModule(config), new TcpTransportModule(), new FileSessionModule(dir))
 *     .getInstance(HeliographClient.class);
 * }</pre>
 * or let {@link #builder()} assemble them, naming plugins by id; plugins are found with
 * {@link java.util.ServiceLoader}, so a dependency on the plugin's artifact is enough:
 * <pre>{@code
 * HeliographClient client = HeliographClient.builder().config(config)
 *     .transport("tcp").sessionStore("file").build();
 * }</pre>
 * Missing, unknown or conflicting plugins are reported together, in one
 * {@link dev.heliograph.error.ConfigurationException}, when the client is built.
 *
 * <h2>Every call goes down one chain</h2>
 * <pre>
 *   botLogin / invoke
 *        │
 *        ▼
 *  ┌──────────────────────────┐  user interceptors, in the order given
 *  │ RpcInterceptor ...       │
 *  ├──────────────────────────┤
 *  │ flood-wait retry         │  420 FLOOD_WAIT_X: sleep and repeat under the RetryPolicy
 *  ├──────────────────────────┤
 *  │ DC migration             │  303 *_MIGRATE_X: repeat on DC X (key there, home DC saved)
 *  ├──────────────────────────┤
 *  │ layer wrapper            │  first call on a connection: invokeWithLayer(initConnection(..))
 *  ├──────────────────────────┤
 *  │ sender                   │  one DcSender per DC: encrypted session, acks, reconnects
 *  └──────────────────────────┘
 *        │ Transport (tcp, http)
 *        ▼
 *       DC
 * </pre>
 *
 * <h2>Threads and errors</h2>
 * The {@code *Async} methods never block and return a {@link CompletionStage}, the project's one
 * asynchronous type in public signatures (see {@link Failures}): each call returns a stage of its
 * own, which nothing inside the client depends on, so {@code toCompletableFuture()} is safe to
 * complete or cancel; {@link Failures#join} waits and throws the typed error. Stages complete on the client's internal threads, so dependent work should be
 * quick or use an {@code *Async} continuation with your own executor.
 * The other methods block and throw the typed {@link dev.heliograph.error.HeliographException}
 * directly (not wrapped). Secrets (bot tokens, api_hash, auth keys) never appear in exception
 * messages, {@code toString} or logs.
 *
 * <p>Thread-safe. Create one client per session and share it; {@link #close()} releases
 * everything it opened (no thread of the client remains).
 *
 * @since 0.1
 */
public interface HeliographClient extends AutoCloseable {

    /**
     * Starts a builder that assembles the Guice modules for you.
     *
     * @return the builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Logs a bot in, asynchronously. The token's shape is checked before any network call. A
     * stored session that is still authorized is reused with one cheap call and no key exchange;
     * otherwise the session's key is reused or created (once across all hosts sharing the store)
     * and {@code auth.importBotAuthorization} is sent, following {@code USER_MIGRATE_X} to the
     * bot's home DC. On success the bot and its home DC are persisted before the stage completes.
     *
     * @param botToken the token from @BotFather, {@code <id>:<secret>}
     * @return the bot's identity; fails with
     *     {@link dev.heliograph.error.AccessTokenInvalidException} (also for a malformed token),
     *     {@link dev.heliograph.error.AccessTokenExpiredException},
     *     {@link dev.heliograph.error.ApiIdInvalidException},
     *     {@link dev.heliograph.error.ApiIdPublishedFloodException},
     *     {@link dev.heliograph.error.FloodWaitException} (the wait exceeded the retry policy),
     *     or another {@link dev.heliograph.error.HeliographException}
     */
    CompletionStage<BotIdentity> botLoginAsync(String botToken);

    /**
     * Logs a bot in and waits; see {@link #botLoginAsync}.
     *
     * @param botToken the token from @BotFather
     * @return the bot's identity
     * @throws dev.heliograph.error.HeliographException the typed failure
     */
    default BotIdentity botLogin(String botToken) {
        return Failures.join(botLoginAsync(botToken));
    }

    /**
     * Calls any API method on the session's home DC, through the whole chain (flood-wait retry,
     * migration, layer wrapper).
     *
     * @param method the generated method, such as {@code new GetConfig()}
     * @param <R> the result type
     * @return the result, or a failed stage with a {@link dev.heliograph.error.HeliographException}
     */
    default <R> CompletionStage<R> invokeAsync(TlMethod<R> method) {
        return invokeAsync(method, RequestOptions.DEFAULT);
    }

    /**
     * Calls any API method on the session's home DC with per-call options, such as a timeout of
     * its own instead of {@link ClientConfig#requestTimeout()}:
     * {@code client.invokeAsync(new GetConfig(), RequestOptions.timeout(Duration.ofSeconds(5)))}.
     * The timeout applies to each attempt (a flood-wait retry or a migration starts a new one).
     *
     * @param method the generated method
     * @param options the call's options
     * @param <R> the result type
     * @return the result, or a failed stage with a {@link dev.heliograph.error.HeliographException}
     *     ({@link dev.heliograph.error.RequestTimeoutException} when an attempt timed out)
     */
    <R> CompletionStage<R> invokeAsync(TlMethod<R> method, RequestOptions options);

    /**
     * Calls any API method and waits; see {@link #invokeAsync}.
     *
     * @param method the generated method
     * @param <R> the result type
     * @return the result
     * @throws dev.heliograph.error.HeliographException the typed failure
     */
    default <R> R invoke(TlMethod<R> method) {
        return Failures.join(invokeAsync(method));
    }

    /**
     * Calls any API method with per-call options and waits; see {@link #invokeAsync(TlMethod, RequestOptions)}.
     *
     * @param method the generated method
     * @param options the call's options
     * @param <R> the result type
     * @return the result
     * @throws dev.heliograph.error.HeliographException the typed failure
     */
    default <R> R invoke(TlMethod<R> method, RequestOptions options) {
        return Failures.join(invokeAsync(method, options));
    }

    /**
     * Logs out: {@code auth.logOut} on the home DC, then the session's keys, home DC and account
     * are forgotten in the store (its DC addresses stay).
     *
     * @return completes once the store has forgotten the session
     */
    CompletionStage<Void> logOutAsync();

    /**
     * Logs out and waits; see {@link #logOutAsync}.
     *
     * @throws dev.heliograph.error.HeliographException the typed failure
     */
    default void logOut() {
        Failures.join(logOutAsync());
    }

    /**
     * Registers a handler for every update, raw ({@link dev.heliograph.tl.api.Update}), in the
     * order of Telegram's sequences. Register handlers before {@link #botLogin}: updates flow
     * once the account is logged in and at least one handler (or subscriber) exists; until then
     * they stay on the server.
     *
     * <h2>Guarantees</h2>
     * Gaps are filled with {@code updates.getDifference}; duplicates are dropped; each update is
     * handed to handlers once, in order, on the executor of {@link UpdateSettings#executor()}
     * (never a network thread), one update at a time. The state is saved in the session store
     * after the handlers finished ({@link UpdateSettings.Delivery#AT_LEAST_ONCE}, the default) so
     * a restarted client resumes where it stopped: see {@link UpdateSettings} for the trade-off.
     * A handler that throws is reported to {@link ClientEventListener#updateHandlerFailed}.
     *
     * @param handler the handler
     * @return its registration
     */
    HandlerRegistration onUpdate(UpdateHandler handler);

    /**
     * Registers a handler for new incoming messages (private chats, groups, channels), the common
     * case of a bot:
     * <pre>{@code
     * client.onMessage(msg -> msg.reply(msg.text()));
     * }</pre>
     * Outgoing messages (the account's own) are not delivered here. Same guarantees as
     * {@link #onUpdate}.
     *
     * @param handler the handler
     * @return its registration
     */
    HandlerRegistration onMessage(MessageHandler handler);

    /**
     * Returns every update as a {@link Flow.Publisher}, for reactive libraries. Subscribing starts
     * delivery like a handler does. A subscriber that requests slowly applies backpressure: the
     * handler queue fills, and pushed updates are fetched later with the difference. Subscribers'
     * {@code onNext} runs on {@link java.util.concurrent.ForkJoinPool#commonPool()}.
     *
     * @return the publisher
     */
    Flow.Publisher<dev.heliograph.tl.api.Update> updates();

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    ClientConfig config();

    /**
     * Closes every connection, waits (briefly) for pending session writes, and closes the session
     * store and the transport the client was built with. Calls still running fail with
     * {@link dev.heliograph.error.RequestCancelledException}. Idempotent.
     */
    @Override
    void close();

    /**
     * Assembles a client from plugin ids and modules: sugar over {@link HeliographModule}; the
     * result is the same as installing the modules in Guice yourself. Not thread-safe.
     *
     * <p>Plugins named by id are found with {@link java.util.ServiceLoader}. Without a named
     * transport and without extra modules, the only transport on the class path is used. Without a
     * named session store, sessions live in memory.
     *
     * @since 0.1
     */
    final class Builder {
        private ClientConfig config;
        private final List<String> transports = new ArrayList<>();
        private final List<String> stores = new ArrayList<>();
        private final List<String> cryptos = new ArrayList<>();
        private final List<Module> modules = new ArrayList<>();
        private final List<RpcInterceptor> interceptors = new ArrayList<>();
        private final List<ClientEventListener> listeners = new ArrayList<>();
        private ClientResources resources = ClientResources.shared();

        private Builder() {
        }

        /**
         * Sets the configuration (required).
         *
         * @param value the configuration
         * @return this builder
         */
        public Builder config(ClientConfig value) {
            this.config = value;
            return this;
        }

        /**
         * Names the transport plugin ({@code "tcp"}, {@code "http"}).
         *
         * @param id the plugin id
         * @return this builder
         */
        public Builder transport(String id) {
            transports.add(Objects.requireNonNull(id, "id is null"));
            return this;
        }

        /**
         * Names the session store plugin ({@code "file"}, {@code "redis"}); without one, sessions
         * live in memory.
         *
         * @param id the plugin id
         * @return this builder
         */
        public Builder sessionStore(String id) {
            stores.add(Objects.requireNonNull(id, "id is null"));
            return this;
        }

        /**
         * Names the crypto provider plugin: {@code "jdk"} or {@code "bouncycastle"} (both in
         * heliograph-mtproto-core); without one, the faster built-in provider (the JDK's) is used.
         *
         * @param id the plugin id
         * @return this builder
         */
        public Builder crypto(String id) {
            cryptos.add(Objects.requireNonNull(id, "id is null"));
            return this;
        }

        /**
         * Adds a Guice module, such as a plugin's module with non-default settings
         * ({@code new FileSessionModule(dir)}).
         *
         * @param module the module
         * @return this builder
         */
        public Builder module(Module module) {
            modules.add(Objects.requireNonNull(module, "module is null"));
            return this;
        }

        /**
         * Appends a user interceptor; they run in the order added, before the client's own.
         *
         * @param interceptor the interceptor
         * @return this builder
         */
        public Builder interceptor(RpcInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor is null"));
            return this;
        }

        /**
         * Adds an event listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(ClientEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener is null"));
            return this;
        }

        /**
         * Sets the threads, clocks and randomness the client uses (default
         * {@link ClientResources#shared()}); closing the client does not shut them down.
         *
         * @param value the resources
         * @return this builder
         */
        public Builder resources(ClientResources value) {
            this.resources = Objects.requireNonNull(value, "resources is null");
            return this;
        }

        /**
         * Resolves the plugins and builds the client.
         *
         * @return the client
         * @throws dev.heliograph.error.ConfigurationException listing every missing, unknown or
         *     conflicting plugin and every binding problem
         */
        public HeliographClient build() {
            return ClientAssembly.build(config, transports, stores, cryptos, modules, interceptors, listeners,
                    resources);
        }
    }
}
