package dev.heliograph.session;

import dev.heliograph.error.SessionStoreException;
import java.util.regex.Pattern;

/**
 * The rule every store applies to session names: 1 to 128 characters out of letters, digits,
 * {@code .}, {@code _} and {@code -}, not starting with {@code .}. Such a name is safe as a file
 * name and inside a Redis hash tag.
 */
public final class SessionNames {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private SessionNames() {
    }

    /**
     * Returns {@code name} if it is valid.
     *
     * @param name the session name
     * @return the name
     * @throws SessionStoreException of kind {@code INVALID} otherwise
     */
    public static String requireValid(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new SessionStoreException(SessionStoreException.Kind.INVALID,
                    "invalid session name (allowed: 1-128 of [A-Za-z0-9._-], not starting with '.'): "
                            + (name == null ? "null" : '"' + name + '"'), null);
        }
        return name;
    }
}
