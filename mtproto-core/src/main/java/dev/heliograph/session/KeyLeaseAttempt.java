package dev.heliograph.session;

import dev.heliograph.error.SessionStoreException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link SessionStore#leaseAuthKey}: a key of the pool, now leased to the caller,
 * or none free. Either way it lists the pool entries the store set aside because they could not
 * be trusted (a failed checksum, a lease held by a host the pool never saw): the caller reports
 * them; the rest of the pool keeps working.
 */
public sealed interface KeyLeaseAttempt {

    /**
     * Returns the entries quarantined by this attempt.
     *
     * @return one {@link SessionStoreException} of kind {@code CORRUPT} per entry, usually none
     */
    List<SessionStoreException> quarantined();

    /**
     * The caller holds a key.
     *
     * @param lease the lease
     * @param auth the key and its salts
     * @param quarantined entries set aside
     */
    record Leased(KeyLease lease, DcAuth auth, List<SessionStoreException> quarantined) implements KeyLeaseAttempt {
        /** Checks and copies the values. */
        public Leased {
            Objects.requireNonNull(lease, "lease is null");
            Objects.requireNonNull(auth, "auth is null");
            quarantined = List.copyOf(quarantined);
        }
    }

    /**
     * Every key of the pool is leased or resting.
     *
     * @param nextFree when the first resting key becomes free, or empty if every key is leased:
     *     waiting for it is cheaper than creating a key and logging in once more
     * @param quarantined entries set aside
     */
    record NoFreeKey(Optional<Instant> nextFree, List<SessionStoreException> quarantined) implements KeyLeaseAttempt {
        /** Checks and copies the values. */
        public NoFreeKey {
            Objects.requireNonNull(nextFree, "nextFree is null");
            quarantined = List.copyOf(quarantined);
        }
    }
}
