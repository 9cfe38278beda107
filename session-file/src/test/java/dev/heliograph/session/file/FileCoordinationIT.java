package dev.heliograph.session.file;

import dev.heliograph.session.CoordinationRace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 16 processes on one host race for the named leases of one session in one directory. */
class FileCoordinationIT {

    @TempDir
    Path directory;

    @Test
    void sixteenProcessesRacingForFiveLeasesLeaveExactlyOneWinnerEach() throws Exception {
        CoordinationRace.race(FileCoordinationChild.class,
                List.of(directory.resolve("sessions").toString(), "5"), 16, 5, directory.resolve("stderr.log"));
    }
}
