package dev.heliograph.error;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server answered a call with {@code rpc_error}. The message is parsed once into a code, a
 * name and an optional number: {@code FLOOD_WAIT_31} has name {@code FLOOD_WAIT} and value 31.
 *
 * <p>Errors the login path must tell apart have their own subclasses, chosen by {@link #of};
 * every other error is a plain {@code RpcException} that keeps the server's raw text.
 */
public sealed class RpcException extends HeliographException
        permits FloodWaitException, MigrateException, AccessTokenInvalidException,
                AccessTokenExpiredException, ApiIdInvalidException, ApiIdPublishedFloodException,
                AuthKeyInvalidException, TempAuthKeyException {

    private static final long serialVersionUID = 1L;
    private static final Pattern NUMBERED = Pattern.compile("^(.*?)_(\\d+)$");

    private final int code;
    private final String rawMessage;
    private final String name;
    private final Integer value;

    /**
     * Creates an RPC error from the server's code and message.
     *
     * @param code the error code (303, 400, 401, 420, 500...)
     * @param rawMessage the error message as the server sent it
     */
    public RpcException(int code, String rawMessage) {
        super(code + " " + rawMessage, null);
        this.code = code;
        this.rawMessage = rawMessage;
        Matcher m = NUMBERED.matcher(rawMessage);
        Integer parsed = null;
        String base = rawMessage;
        if (m.matches() && m.group(2).length() <= 9) {
            base = m.group(1);
            parsed = Integer.valueOf(m.group(2));
        }
        this.name = base;
        this.value = parsed;
    }

    /**
     * Parses an {@code rpc_error} into the most specific exception type.
     *
     * @param code the error code
     * @param message the error message
     * @return the typed exception
     */
    public static RpcException of(int code, String message) {
        RpcException plain = new RpcException(code, message);
        String n = plain.name();
        if (plain.value != null) {
            if (code == 420 && (n.equals("FLOOD_WAIT") || n.equals("FLOOD_PREMIUM_WAIT"))) {
                return new FloodWaitException(code, message);
            }
            if (code == 303 && n.endsWith("_MIGRATE")) {
                return new MigrateException(code, message);
            }
        }
        return switch (message) {
            case "ACCESS_TOKEN_INVALID" -> new AccessTokenInvalidException(code, message);
            case "ACCESS_TOKEN_EXPIRED" -> new AccessTokenExpiredException(code, message);
            case "API_ID_INVALID" -> new ApiIdInvalidException(code, message);
            case "API_ID_PUBLISHED_FLOOD" -> new ApiIdPublishedFloodException(code, message);
            case "AUTH_KEY_INVALID" -> new AuthKeyInvalidException(code, message);
            case "ENCRYPTED_MESSAGE_INVALID", "TEMP_AUTH_KEY_EMPTY", "TEMP_AUTH_KEY_ALREADY_BOUND",
                    "AUTH_KEY_PERM_EMPTY" -> new TempAuthKeyException(code, message);
            default -> plain;
        };
    }

    /**
     * Returns the error code.
     *
     * @return the code, such as 400
     */
    public int code() {
        return code;
    }

    /**
     * Returns the error name without its number: {@code FLOOD_WAIT} for {@code FLOOD_WAIT_31}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the number at the end of the error message, if any.
     *
     * @return 31 for {@code FLOOD_WAIT_31}, empty for {@code ACCESS_TOKEN_INVALID}
     */
    public OptionalInt value() {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /**
     * Returns the error message exactly as the server sent it.
     *
     * @return the raw message
     */
    public String rawMessage() {
        return rawMessage;
    }

    /**
     * Tells whether the name matches a pattern, where a trailing {@code *} matches any suffix.
     *
     * @param pattern such as {@code "AUTH_KEY_*"} or {@code "FLOOD_WAIT"}
     * @return whether it matches
     */
    public boolean is(String pattern) {
        return pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                : name.equals(pattern);
    }
}
