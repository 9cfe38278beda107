package dev.heliograph.session.file;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.heliograph.session.SessionStore;
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
public final class FileSessionModule extends AbstractModule {

    private final FileSessionStore.Builder builder;

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
        this.builder = Objects.requireNonNull(builder, "builder is null");
    }

    @Override
    protected void configure() {
        Provider<SessionStore> provider = builder::build;
        OptionalBinder.newOptionalBinder(binder(), SessionStore.class).setBinding().toProvider(provider)
                .in(Singleton.class);
    }
}
