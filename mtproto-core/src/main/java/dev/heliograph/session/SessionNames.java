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
    private static final Pattern VALID_LEASE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

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

    /**
     * Returns {@code leaseName} if it is a valid name of a {@link SessionStore#tryLease named lease}:
     * 1 to 64 of letters, digits, {@code _} and {@code -} (no dot, so that a store can tell a lease
     * file of one session from a file of another).
     *
     * @param leaseName the lease name
     * @return the name
     * @throws SessionStoreException of kind {@code INVALID} otherwise
     */
    public static String requireValidLeaseName(String leaseName) {
        if (leaseName == null || !VALID_LEASE.matcher(leaseName).matches()) {
            throw new SessionStoreException(SessionStoreException.Kind.INVALID,
                    "invalid lease name (allowed: 1-64 of [A-Za-z0-9_-]): "
                            + (leaseName == null ? "null" : '"' + leaseName + '"'), null);
        }
        return leaseName;
    }
}
