package dev.heliograph.transport.http;

import com.google.inject.Module;
import dev.heliograph.plugin.HeliographPlugin;

/** Registers the HTTP transport with {@link java.util.ServiceLoader} under the id {@code "http"}. */
public final class HttpTransportPlugin implements HeliographPlugin {

    /** Creates the plugin (ServiceLoader calls this). */
    public HttpTransportPlugin() {
    }

    @Override
    public String id() {
        return "http";
    }

    @Override
    public Kind kind() {
        return Kind.TRANSPORT;
    }

    /**
     * Returns an {@link HttpTransportModule} with the default settings.
     *
     * @return the module
     */
    @Override
    public Module module() {
        return new HttpTransportModule();
    }
}
