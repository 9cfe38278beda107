package dev.heliograph.testdc.internal;

import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster-wide registry of applications and bots, and the one-time tokens of
 * {@code auth.exportAuthorization}. Shared by every DC of a cluster; thread-safe.
 */
public final class Accounts {

    private final Map<Integer, App> apps = new ConcurrentHashMap<>();
    private final Map<Long, Bot> bots = new ConcurrentHashMap<>();
    private final Set<Long> revoked = ConcurrentHashMap.newKeySet();
    private final Map<Long, Export> exports = new ConcurrentHashMap<>();

    /** An exported authorization waiting to be imported on {@code dcId}. */
    private record Export(long userId, int dcId, byte[] bytes) {
    }

    /**
     * Creates a registry.
     *
     * @param apps the applications
     * @param bots the bots
     */
    public Accounts(Collection<App> apps, Collection<Bot> bots) {
        apps.forEach(this::addApp);
        bots.forEach(this::addBot);
    }

    /**
     * Adds or replaces an application.
     *
     * @param app the application
     */
    public void addApp(App app) {
        apps.put(app.apiId(), app);
    }

    /**
     * Adds or replaces a bot (and clears a revocation of its token).
     *
     * @param bot the bot
     */
    public void addBot(Bot bot) {
        bots.put(bot.id(), bot);
        revoked.remove(bot.id());
    }

    /**
     * Returns a bot by id.
     *
     * @param id the bot's user id
     * @return the bot, or null
     */
    public Bot bot(long id) {
        return bots.get(id);
    }

    /**
     * Returns every bot.
     *
     * @return a snapshot
     */
    public List<Bot> bots() {
        return List.copyOf(bots.values());
    }

    /**
     * Returns every application.
     *
     * @return a snapshot
     */
    public List<App> apps() {
        return List.copyOf(apps.values());
    }

    /**
     * Moves a bot to another home DC.
     *
     * @param botId the bot
     * @param dc the new home DC
     * @throws IllegalArgumentException if the bot is unknown
     */
    public void moveBot(long botId, int dc) {
        Bot bot = bots.get(botId);
        if (bot == null) {
            throw new IllegalArgumentException("unknown bot " + botId);
        }
        bots.put(botId, bot.withHomeDc(dc));
    }

    /**
     * Revokes a bot's token: logins answer {@code ACCESS_TOKEN_EXPIRED}.
     *
     * @param botId the bot
     */
    public void revokeToken(long botId) {
        revoked.add(botId);
    }

    /**
     * Checks an application's credentials.
     *
     * @param apiId the id
     * @param apiHash the hash
     * @return null if valid, else the error message
     */
    String checkApp(int apiId, String apiHash) {
        App app = apps.get(apiId);
        if (app == null || !constantTimeEquals(app.apiHash(), apiHash)) {
            return "API_ID_INVALID";
        }
        return app.published() ? "API_ID_PUBLISHED_FLOOD" : null;
    }

    /**
     * Resolves a bot token.
     *
     * @param token {@code <id>:<secret>}
     * @return the bot, or null if the token is malformed or unknown
     */
    Bot resolveToken(String token) {
        int colon = token.indexOf(':');
        if (colon <= 0 || colon == token.length() - 1) {
            return null;
        }
        long id;
        try {
            id = Long.parseLong(token.substring(0, colon));
        } catch (NumberFormatException e) {
            return null;
        }
        Bot bot = bots.get(id);
        if (bot == null || !constantTimeEquals(bot.secret(), token.substring(colon + 1))) {
            return null;
        }
        return bot;
    }

    /**
     * Tells whether a bot's token has been revoked.
     *
     * @param botId the bot
     * @return true if revoked
     */
    boolean isRevoked(long botId) {
        return revoked.contains(botId);
    }

    /**
     * Records an export of a user's authorization to another DC.
     *
     * @param userId the user
     * @param dcId the DC it may be imported on
     * @param bytes the random authorization bytes
     */
    void export(long userId, int dcId, byte[] bytes) {
        exports.put(userId, new Export(userId, dcId, bytes.clone()));
    }

    /**
     * Consumes an export.
     *
     * @param userId the user id the client presents
     * @param dcId the DC importing it
     * @param bytes the bytes the client presents
     * @return true if they match an export for this DC (which is then used up)
     */
    boolean takeExport(long userId, int dcId, byte[] bytes) {
        Export e = exports.get(userId);
        if (e == null || e.dcId() != dcId || !MessageDigest.isEqual(e.bytes(), bytes)) {
            return false;
        }
        return exports.remove(userId, e);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
