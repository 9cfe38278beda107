package dev.heliograph.session.impl;

import static dev.heliograph.error.Failures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.heliograph.session.KeyLeaseAttempt;
import dev.heliograph.session.KeyPoolPolicy;
import dev.heliograph.session.LegacySessionFixture;
import dev.heliograph.session.SessionSnapshot;
import org.junit.jupiter.api.Test;

class LegacySessionMigrationTest {

    @Test
    void aSessionWrittenByTheFirstFormatHasItsKeyLeasedAsTheFirstPoolEntry() {
        SessionSnapshot legacy = SnapshotCodec.plain().decode(LegacySessionFixture.bytes(), "fixture");
        try (InMemorySessionStore store = new InMemorySessionStore()) {
            join(store.replace("legacy", legacy));
            KeyLeaseAttempt.Leased got = assertInstanceOf(KeyLeaseAttempt.Leased.class,
                    join(store.leaseAuthKey("legacy", 4, "host-a", KeyPoolPolicy.DEFAULT)));
            assertEquals(LegacySessionFixture.KEY_ID, got.auth().authKeyId());
            assertEquals(1500, got.auth().timeOffsetMillis());
            assertEquals(7001, join(store.load("legacy")).selfUser().orElseThrow().id());
        }
    }
}
