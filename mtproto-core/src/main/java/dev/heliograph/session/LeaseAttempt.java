package dev.heliograph.session;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer of {@link SessionStore#tryAcquireAuthKeyLease}: the key exists already, the caller
 * now holds the lease to create it, or someone else holds that lease.
 */
public sealed interface LeaseAttempt {

    /**
     * The DC has a key: adopt it.
     *
     * @param auth the DC's key and salts
     */
    record Existing(DcAuth auth) implements LeaseAttempt {
        /** Checks the value. */
        public Existing {
            Objects.requireNonNull(auth, "auth is null");
        }
    }

    /**
     * The caller holds the lease: create the key, then {@link SessionStore#commitAuthKey commit}
     * it or {@link SessionStore#releaseAuthKeyLease release} the lease.
     *
     * @param lease the lease
     */
    record Acquired(AuthKeyLease lease) implements LeaseAttempt {
        /** Checks the value. */
        public Acquired {
            Objects.requireNonNull(lease, "lease is null");
        }
    }

    /**
     * Another holder is creating the key: wait and ask again.
     *
     * @param leaseExpiresAt when the other holder's lease lapses at the latest
     */
    record Busy(Instant leaseExpiresAt) implements LeaseAttempt {
        /** Checks the value. */
        public Busy {
            Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt is null");
        }
    }
}
