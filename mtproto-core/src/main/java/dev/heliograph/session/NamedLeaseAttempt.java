package dev.heliograph.session;

import dev.heliograph.error.SessionStoreException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link SessionStore#tryLease}: the caller holds the lease now, or another host does.
 * Either way it lists what the store found wrong with the stored lease (a damaged record, a lease
 * held by a host id the lease never granted): the caller reports these; such a record does not
 * count as held, so the fleet carries on.
 *
 * @since 0.3
 */
public sealed interface NamedLeaseAttempt {

    /**
     * Returns what was wrong with the stored lease.
     *
     * @return one {@link SessionStoreException} of kind {@code CORRUPT} per problem, usually none
     */
    List<SessionStoreException> problems();

    /**
     * The caller holds the lease.
     *
     * @param lease the lease
     * @param problems what was wrong with the record it replaced
     */
    record Acquired(NamedLease lease, List<SessionStoreException> problems) implements NamedLeaseAttempt {
        /** Checks and copies the values. */
        public Acquired {
            Objects.requireNonNull(lease, "lease is null");
            problems = List.copyOf(problems);
        }
    }

    /**
     * Another host holds the lease.
     *
     * @param holder its host id
     * @param expiresAt when its lease lapses unless it renews it
     */
    record Busy(String holder, Instant expiresAt) implements NamedLeaseAttempt {
        /** Checks the values. */
        public Busy {
            Objects.requireNonNull(holder, "holder is null");
            Objects.requireNonNull(expiresAt, "expiresAt is null");
        }

        /** A busy lease is a sound one. */
        @Override
        public List<SessionStoreException> problems() {
            return List.of();
        }
    }
}
