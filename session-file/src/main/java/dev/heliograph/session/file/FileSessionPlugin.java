package dev.heliograph.session.file;

import com.google.inject.Module;
import dev.heliograph.plugin.HeliographPlugin;
import java.nio.file.Path;

/**
 * The "file" plugin, for {@link java.util.ServiceLoader}. The directory comes from the system
 * property {@value #DIRECTORY_PROPERTY}, else the environment variable {@value #DIRECTORY_ENV},
 * else {@code sessions} in the working directory.
 */
public final class FileSessionPlugin implements HeliographPlugin {

    /** The system property naming the session directory. */
    public static final String DIRECTORY_PROPERTY = "heliograph.session.dir";
    /** The environment variable naming the session directory. */
    public static final String DIRECTORY_ENV = "HELIOGRAPH_SESSION_DIR";

    /** Creates the plugin (ServiceLoader calls this). */
    public FileSessionPlugin() {
    }

    @Override
    public String id() {
        return "file";
    }

    @Override
    public Kind kind() {
        return Kind.SESSION_STORE;
    }

    @Override
    public Module module() {
        String directory = System.getProperty(DIRECTORY_PROPERTY, System.getenv(DIRECTORY_ENV));
        return new FileSessionModule(Path.of(directory == null || directory.isBlank() ? "sessions" : directory));
    }
}
