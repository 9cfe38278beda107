package dev.heliograph.session.file;

import dev.heliograph.session.SessionStore;
import dev.heliograph.session.SessionStoreModule;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Binds {@link SessionStore} to a {@link FileSessionStore}, overriding the core's in-memory
 * default.
 *
 * <pre>{@code
 * Guice.createInjector(..., new FileSessionModule(Path.of("sessions")));
 * }</pre>
 */
public final class FileSessionModule extends SessionStoreModule {

    /**
     * Stores sessions in {@code directory} with the default settings.
     *
     * @param directory where session files live
     */
    public FileSessionModule(Path directory) {
        this(FileSessionStore.builder(directory));
    }

    /**
     * Stores sessions as {@code builder} says; the store is built when first injected.
     *
     * @param builder the store's settings
     */
    public FileSessionModule(FileSessionStore.Builder builder) {
        super(Objects.requireNonNull(builder, "builder is null")::build);
    }
}
