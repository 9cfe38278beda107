package dev.heliograph.client.internal;

import com.google.inject.Binder;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.ClientEventListener;
import dev.heliograph.client.ClientResources;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.client.HeliographModule;
import dev.heliograph.client.RpcInterceptor;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.ConfigurationException;
import dev.heliograph.plugin.DirectModule;
import dev.heliograph.plugin.HeliographPlugin;
import dev.heliograph.session.SessionStore;
import dev.heliograph.session.impl.InMemorySessionStore;
import dev.heliograph.transport.Transport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@link HeliographClient.Builder} does: finds plugins by id, reports every problem at once,
 * and creates the injector from the same modules a Guice user would install. Not API.
 */
public final class ClientAssembly {

    private ClientAssembly() {
    }

    /**
     * Builds a client.
     *
     * @param config the configuration
     * @param transports named transport plugins
     * @param stores named session store plugins
     * @param cryptos named crypto plugins
     * @param modules extra modules
     * @param interceptors user interceptors
     * @param listeners event listeners
     * @param resources threads, clocks and randomness
     * @return the client
     * @throws ConfigurationException listing every problem
     */
    public static HeliographClient build(ClientConfig config, List<String> transports, List<String> stores,
            List<String> cryptos, List<Module> modules, List<RpcInterceptor> interceptors,
            List<ClientEventListener> listeners, ClientResources resources) {
        List<String> problems = new ArrayList<>();
        if (config == null) {
            problems.add("no configuration: call config(ClientConfig)");
        }
        Map<HeliographPlugin.Kind, Map<String, List<HeliographPlugin>>> found = discover(problems);
        List<Module> all = new ArrayList<>();
        select(HeliographPlugin.Kind.TRANSPORT, "transport", transports, found, problems, all);
        select(HeliographPlugin.Kind.SESSION_STORE, "session store", stores, found, problems, all);
        select(HeliographPlugin.Kind.CRYPTO, "crypto provider", cryptos, found, problems, all);
        if (transports.isEmpty() && modules.isEmpty()) {
            Map<String, List<HeliographPlugin>> available = found.get(HeliographPlugin.Kind.TRANSPORT);
            if (available.isEmpty()) {
                problems.add("no transport plugin on the class path: add heliograph-transport-tcp"
                        + " (or heliograph-transport-http) as a dependency");
            } else if (available.size() > 1) {
                problems.add("several transport plugins on the class path " + available.keySet()
                        + ": name one with transport(id)");
            } else {
                addModule(available.values().iterator().next().get(0), problems, all);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("cannot build the client:\n - " + String.join("\n - ", problems));
        }
        all.addAll(modules);
        HeliographClient direct = createDirectly(config, all, interceptors, listeners, resources);
        if (direct != null) {
            return direct;
        }
        all.add(0, new HeliographModule(config, interceptors, listeners, resources));
        all.add(Binder::requireExplicitBindings);
        return create(all);
    }

    /**
     * Builds the client without Guice when every module is a {@link DirectModule} and they bind
     * one transport and at most one store and crypto provider: the client {@link HeliographModule}
     * would inject from the same modules. Anything else (a user's own module, a missing or doubled
     * binding) goes through Guice, which also words the errors.
     *
     * @return the client, or null to use Guice
     */
    private static HeliographClient createDirectly(ClientConfig config, List<Module> modules,
            List<RpcInterceptor> interceptors, List<ClientEventListener> listeners, ClientResources resources) {
        Map<HeliographPlugin.Kind, DirectModule> byKind = new EnumMap<>(HeliographPlugin.Kind.class);
        for (Module m : modules) {
            if (!(m instanceof DirectModule d) || byKind.putIfAbsent(d.kind(), d) != null) {
                return null;
            }
        }
        DirectModule transportModule = byKind.get(HeliographPlugin.Kind.TRANSPORT);
        if (transportModule == null) {
            return null;
        }
        DirectModule cryptoModule = byKind.get(HeliographPlugin.Kind.CRYPTO);
        DirectModule storeModule = byKind.get(HeliographPlugin.Kind.SESSION_STORE);
        Transport transport = null;
        try {
            CryptoProvider crypto = cryptoModule != null ? (CryptoProvider) cryptoModule.create(null)
                    : CryptoProviders.defaultProvider();
            transport = (Transport) transportModule.create(crypto);
            SessionStore store = storeModule != null ? (SessionStore) storeModule.create(crypto)
                    : new InMemorySessionStore();
            // Guice's multibinder keeps each listener once, in order.
            List<ClientEventListener> distinct = List.copyOf(new LinkedHashSet<>(listeners));
            return new RealHeliographClient(config, transport, store, crypto, List.copyOf(interceptors), distinct,
                    resources);
        } catch (RuntimeException e) {
            if (transport != null) {
                transport.close();
            }
            throw new ConfigurationException("cannot build the client:\n - " + e.getMessage(), e);
        }
    }

    /**
     * Creates the client from modules, turning Guice's aggregated errors into one
     * {@link ConfigurationException}.
     *
     * @param modules every module
     * @return the client
     */
    static HeliographClient create(List<Module> modules) {
        try {
            return Guice.createInjector(Stage.PRODUCTION, modules).getInstance(HeliographClient.class);
        } catch (CreationException e) {
            throw configurationError(e.getErrorMessages(), e);
        } catch (ProvisionException e) {
            throw configurationError(e.getErrorMessages(), e);
        }
    }

    private static ConfigurationException configurationError(Collection<Message> messages, RuntimeException e) {
        Set<String> lines = new LinkedHashSet<>();
        for (Message m : messages) {
            Throwable cause = m.getCause();
            while (cause != null && !(cause instanceof ConfigurationException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            lines.add(cause instanceof ConfigurationException ce ? ce.getMessage() : m.getMessage());
        }
        return new ConfigurationException("cannot build the client:\n - " + String.join("\n - ", lines), e);
    }

    private static Map<HeliographPlugin.Kind, Map<String, List<HeliographPlugin>>> discover(List<String> problems) {
        Map<HeliographPlugin.Kind, Map<String, List<HeliographPlugin>>> found = new EnumMap<>(HeliographPlugin.Kind.class);
        for (HeliographPlugin.Kind kind : HeliographPlugin.Kind.values()) {
            found.put(kind, new TreeMap<>());
        }
        try {
            for (HeliographPlugin plugin : plugins()) {
                found.get(plugin.kind()).computeIfAbsent(plugin.id(), id -> new ArrayList<>()).add(plugin);
            }
        } catch (ServiceConfigurationError e) {
            problems.add("a plugin could not be loaded: " + e.getMessage());
        }
        return found;
    }

    /** The plugins of the library's own class loader, found once: its class path does not change. */
    private static volatile List<HeliographPlugin> libraryPlugins;

    /**
     * The plugins the context class loader sees. Scanning the class path costs about half a
     * millisecond per client, so the library's own loader (the usual case) is scanned once; any
     * other loader (a container's, which may come and go) is scanned each time and not kept.
     */
    private static List<HeliographPlugin> plugins() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != ClientAssembly.class.getClassLoader()) {
            return load(context);
        }
        List<HeliographPlugin> cached = libraryPlugins;
        if (cached == null) {
            cached = load(context);
            libraryPlugins = cached;
        }
        return cached;
    }

    private static List<HeliographPlugin> load(ClassLoader loader) {
        List<HeliographPlugin> plugins = new ArrayList<>();
        ServiceLoader.load(HeliographPlugin.class, loader).forEach(plugins::add);
        return List.copyOf(plugins);
    }

    private static void select(HeliographPlugin.Kind kind, String what, List<String> ids,
            Map<HeliographPlugin.Kind, Map<String, List<HeliographPlugin>>> found, List<String> problems,
            List<Module> modules) {
        if (ids.size() > 1) {
            problems.add("conflicting " + what + " plugins named: " + ids + " (name exactly one)");
        }
        Map<String, List<HeliographPlugin>> available = found.get(kind);
        for (String id : ids) {
            List<HeliographPlugin> plugins = available.get(id);
            if (plugins == null) {
                problems.add("no " + what + " plugin '" + id + "' on the class path (available: "
                        + available.keySet() + "); add its artifact as a dependency");
            } else if (plugins.size() > 1) {
                List<String> classes = new ArrayList<>();
                plugins.forEach(p -> classes.add(p.getClass().getName()));
                problems.add("conflicting " + what + " plugins with the id '" + id + "': " + classes);
            } else if (ids.size() == 1) {
                addModule(plugins.get(0), problems, modules);
            }
        }
    }

    /** A plugin whose settings (system properties, environment) are wrong says so when asked for its module. */
    private static void addModule(HeliographPlugin plugin, List<String> problems, List<Module> modules) {
        try {
            modules.add(plugin.module());
        } catch (ConfigurationException e) {
            problems.add(e.getMessage());
        }
    }
}
