package dev.heliograph.transport.tcp;

import com.google.inject.Module;
import dev.heliograph.plugin.HeliographPlugin;

/** Registers the TCP transport with {@link java.util.ServiceLoader} under the id {@code "tcp"}. */
public final class TcpTransportPlugin implements HeliographPlugin {

    /** Creates the plugin (ServiceLoader calls this). */
    public TcpTransportPlugin() {
    }

    @Override
    public String id() {
        return "tcp";
    }

    @Override
    public Kind kind() {
        return Kind.TRANSPORT;
    }

    /**
     * Returns a {@link TcpTransportModule} with the default settings.
     *
     * @return the module
     */
    @Override
    public Module module() {
        return new TcpTransportModule();
    }
}
