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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The cluster-wide registry of applications, bots and users, the one-time tokens of
 * {@code auth.exportAuthorization}, the login codes sent to phones, and the accounts' messages
 * ({@link Messaging}). Shared by every DC of a cluster; thread-safe.
 */
public final class Accounts {

    /** Telegram's test numbers: 99966, the DC id, four digits. */
    private static final Pattern TEST_PHONE = Pattern.compile("99966[1-9][0-9]{4}");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{3,31}");
    /** User ids are handed out from here up (bot ids come from their tokens). */
    private static final long FIRST_USER_ID = 7_000_000_001L;

    private final Map<Long, Account> users = new ConcurrentHashMap<>();
    private final Map<String, Long> phones = new ConcurrentHashMap<>();
    private final Map<String, String> codeHashes = new ConcurrentHashMap<>();
    private final AtomicLong nextUserId = new AtomicLong(FIRST_USER_ID);
    private final Messaging messaging;

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
        this(apps, bots, System::currentTimeMillis, Messaging.Limits.DEFAULT);
    }

    /**
     * Creates a registry with its messages.
     *
     * @param apps the applications
     * @param bots the bots
     * @param millis the cluster's wall clock (message dates)
     * @param limits the update store's limits
     */
    public Accounts(Collection<App> apps, Collection<Bot> bots, LongSupplier millis, Messaging.Limits limits) {
        this.messaging = new Messaging(this::account, millis, limits);
        apps.forEach(this::addApp);
        bots.forEach(this::addBot);
    }

    /**
     * Returns the accounts' messages and update sequences.
     *
     * @return the messaging state
     */
    public Messaging messaging() {
        return messaging;
    }

    /**
     * Registers a user with a test phone number ({@code 99966XYYYY}, X = its home DC).
     *
     * @param phone the number, digits only (a leading {@code +} is ignored)
     * @param firstName the display name
     * @param username the username without {@code @}, or null
     * @return the user's account (an existing one if the phone is registered)
     * @throws IllegalArgumentException if the phone is not a test number, the name is empty, or
     *     the username is malformed or taken
     */
    public Account addUser(String phone, String firstName, String username) {
        String digits = normalizePhone(phone);
        if (!TEST_PHONE.matcher(digits).matches()) {
            throw new IllegalArgumentException("a test user's phone is 99966XYYYY (X = its DC id): " + phone);
        }
        if (firstName == null || firstName.isBlank()) {
            throw new IllegalArgumentException("a user needs a first name");
        }
        if (username != null && (!USERNAME.matcher(username).matches() || resolveUsername(username) != null)) {
            throw new IllegalArgumentException("username malformed or taken: " + username);
        }
        synchronized (phones) {
            Long known = phones.get(digits);
            if (known != null) {
                return users.get(known);
            }
            Account a = new Account(nextUserId.getAndIncrement(), false, firstName, username, digits,
                    digits.charAt(5) - '0');
            users.put(a.id(), a);
            phones.put(digits, a.id());
            return a;
        }
    }

    /**
     * Returns a user or bot by id.
     *
     * @param id the user id
     * @return the account, or null
     */
    public Account account(long id) {
        Account u = users.get(id);
        if (u != null) {
            return u;
        }
        Bot b = bots.get(id);
        return b == null ? null : Account.of(b);
    }

    /**
     * Returns every user, oldest first.
     *
     * @return a snapshot
     */
    public List<Account> users() {
        return users.values().stream().sorted(java.util.Comparator.comparingLong(Account::id)).toList();
    }

    /**
     * Returns a user by phone number.
     *
     * @param phone the number
     * @return the account, or null
     */
    public Account userByPhone(String phone) {
        Long id = phones.get(normalizePhone(phone));
        return id == null ? null : users.get(id);
    }

    /**
     * Returns the user or bot with a username (case-insensitive).
     *
     * @param username with or without {@code @}
     * @return the account, or null
     */
    public Account resolveUsername(String username) {
        String name = username.startsWith("@") ? username.substring(1) : username;
        for (Account u : users.values()) {
            if (u.username() != null && u.username().equalsIgnoreCase(name)) {
                return u;
            }
        }
        for (Bot b : bots.values()) {
            if (b.username().equalsIgnoreCase(name)) {
                return Account.of(b);
            }
        }
        return null;
    }

    static boolean isUsername(String name) {
        return USERNAME.matcher(name).matches();
    }

    /** Strips what people write around a number: {@code +}, spaces, dashes, parentheses. */
    static String normalizePhone(String phone) {
        StringBuilder b = new StringBuilder(phone.length());
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c >= '0' && c <= '9') {
                b.append(c);
            } else if ("+ -()".indexOf(c) < 0) {
                return "";
            }
        }
        return b.toString();
    }

    /** Returns the home DC a test number names, or 0 if it is not a test number. */
    static int testPhoneDc(String digits) {
        return TEST_PHONE.matcher(digits).matches() ? digits.charAt(5) - '0' : 0;
    }

    /** Remembers the phone_code_hash of a code sent to a phone (the code is the DC id five times). */
    void codeSent(String digits, String hash) {
        codeHashes.put(digits, hash);
    }

    /** Tells whether a phone_code_hash is the one last sent to a phone. */
    boolean codeHashMatches(String digits, String hash) {
        String h = codeHashes.get(digits);
        return h != null && constantTimeEquals(h, hash);
    }

    /** Uses up the code sent to a phone. */
    void codeUsed(String digits) {
        codeHashes.remove(digits);
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
