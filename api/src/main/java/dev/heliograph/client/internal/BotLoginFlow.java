package dev.heliograph.client.internal;

import dev.heliograph.client.BotIdentity;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.error.Failures;
import dev.heliograph.error.HeliographException;
import dev.heliograph.error.ProtocolException;
import dev.heliograph.error.RpcException;
import dev.heliograph.error.TransportException;
import dev.heliograph.session.SelfUser;
import dev.heliograph.session.SessionChange;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.InputUserSelf;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.auth.Authorization;
import dev.heliograph.tl.api.auth.BaseAuthorization;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.users.GetUsers;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A bot's login: reuses a stored authorization when the server still accepts it, else imports the
 * bot token on the home DC (following migrations), records the home DC and self user, and then
 * lets the caller start what follows a login.
 */
final class BotLoginFlow {

    /** What runs once the bot is logged in, before the login completes. */
    interface AfterLogin {
        /**
         * The bot is logged in.
         *
         * @param selfId the bot's user id
         * @return completes when the login may complete; must not fail it
         */
        CompletableFuture<Void> loggedIn(long selfId);
    }

    private final ClientConfig config;
    private final LiveSession session;
    private final CallChain calls;
    private final DcLinks links;
    private final AfterLogin after;
    /** The token of the last login, to log in on keys created later; never shown. */
    private volatile String botToken;

    BotLoginFlow(ClientConfig config, LiveSession session, CallChain calls, DcLinks links, AfterLogin after) {
        this.config = config;
        this.session = session;
        this.calls = calls;
        this.links = links;
        this.after = after;
    }

    /**
     * Logs the bot in.
     *
     * @param botToken the token
     * @return the bot
     */
    CompletableFuture<BotIdentity> login(String botToken) {
        long botId;
        try {
            botId = BotTokens.botId(botToken);
        } catch (HeliographException e) {
            return CompletableFuture.failedFuture(e);
        }
        this.botToken = botToken;
        return session.load().thenCompose(snapshot -> {
            SelfUser self = snapshot.selfUser().orElse(null);
            int home = snapshot.homeDc().orElse(0);
            links.open(home != 0 ? home : config.dcMap().initialDc());
            if (self != null && self.id() == botId && home != 0) {
                return checkAuthorized(home).handle((identity, t) -> {
                    Throwable e = Failures.unwrap(t);
                    if (e == null && identity != null) {
                        return after.loggedIn(identity.id()).thenApply(x -> identity);
                    }
                    if (e == null || notAuthorized(e)) {
                        return importBot(botToken, home);
                    }
                    return CompletableFuture.<BotIdentity>failedFuture(e);
                }).thenCompose(f -> f);
            }
            return importBot(botToken, home != 0 ? home : config.dcMap().initialDc());
        });
    }

    /**
     * Repeats a call that failed because its key is not logged in: a key created after the login
     * (the link's lease was lost and no key was free) is logged in once, then the call is repeated.
     *
     * @param failure why the call failed
     * @param repeat makes the call again
     * @param <R> the result type
     * @return the repeated call's result, or the failure if it is not of that kind
     */
    <R> CompletableFuture<R> afterUnregisteredKey(Throwable failure, Supplier<CompletableFuture<R>> repeat) {
        String token = botToken;
        if (token != null && failure instanceof RpcException rpc && rpc.code() == 401
                && rpc.name().equals("AUTH_KEY_UNREGISTERED")) {
            return importBot(token, session.home()).thenCompose(me -> repeat.get());
        }
        return CompletableFuture.failedFuture(failure);
    }

    /**
     * Whether the server no longer accepts the stored authorization, or no longer knows the key.
     *
     * @param e a call's failure
     * @return true if a login would be needed
     */
    static boolean notAuthorized(Throwable e) {
        return e instanceof RpcException rpc && rpc.code() == 401
                || e instanceof TransportException t && t.authKeyNotFound();
    }

    private CompletableFuture<BotIdentity> checkAuthorized(int dc) {
        return calls.toHome(new GetUsers(List.of(new InputUserSelf()))).thenApply(users -> {
            for (User u : users) {
                if (u instanceof BaseUser user && user.firstName() != null) {
                    return new BotIdentity(user.id(), user.username(), user.firstName(), dc);
                }
            }
            return null;
        });
    }

    private CompletableFuture<BotIdentity> importBot(String botToken, int startDc) {
        session.aimHome(startDc);
        ImportBotAuthorization request = new ImportBotAuthorization(0, config.apiId(), config.apiHash(), botToken);
        return calls.toHome(request).thenCompose(this::loggedIn);
    }

    private CompletableFuture<BotIdentity> loggedIn(Authorization authorization) {
        if (!(authorization instanceof BaseAuthorization auth) || !(auth.user() instanceof BaseUser user)
                || user.firstName() == null) {
            return CompletableFuture.failedFuture(new ProtocolException(0,
                    "auth.importBotAuthorization did not return a user: " + authorization.getClass().getSimpleName()));
        }
        int home = session.home();
        SelfUser self = new SelfUser(user.id(), user.username(), user.firstName(), user.bot());
        // Held until the update state is known (the update loop saves it), so that the login is one
        // durable write (one pair of fsyncs with the file store) instead of two.
        session.stage(new SessionChange.HomeDcChanged(home), new SessionChange.SelfUserChanged(self));
        return after.loggedIn(user.id()).thenCompose(x -> session.change())
                .thenApply(x -> new BotIdentity(user.id(), user.username(), user.firstName(), home));
    }
}
