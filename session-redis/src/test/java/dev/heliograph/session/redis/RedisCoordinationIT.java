package dev.heliograph.session.redis;

import dev.heliograph.session.CoordinationRace;
import dev.heliograph.testkit.RedisServer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 16 JVMs (hosts) share one Redis and race for the named leases of one session. */
class RedisCoordinationIT {

    @TempDir
    Path directory;

    @Test
    void sixteenHostsRacingForFiveLeasesLeaveExactlyOneWinnerEach() throws Exception {
        CoordinationRace.race(RedisCoordinationChild.class,
                List.of(RedisServer.sharedUri(), "race-" + UUID.randomUUID() + ":", "5"), 16, 5,
                directory.resolve("stderr.log"));
    }
}
