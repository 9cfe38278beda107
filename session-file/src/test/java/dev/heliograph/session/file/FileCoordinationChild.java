package dev.heliograph.session.file;

import dev.heliograph.session.CoordinationRace;
import java.nio.file.Path;

/** A child of {@link FileCoordinationIT}: one process racing for the session's named leases. */
public final class FileCoordinationChild {

    private FileCoordinationChild() {
    }

    /**
     * Runs the child.
     *
     * @param args the session directory and the number of leases
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        CoordinationRace.runChild(FileSessionStore.open(Path.of(args[0])), Integer.parseInt(args[1]));
    }
}
