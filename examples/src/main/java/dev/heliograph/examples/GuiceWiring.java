package dev.heliograph.examples;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.heliograph.client.BotIdentity;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.client.HeliographModule;
import dev.heliograph.session.file.FileSessionModule;
import dev.heliograph.transport.tcp.TcpTransportModule;
import java.nio.file.Path;

/** README snippet: the same bot login, with the modules installed in Guice directly. */
public final class GuiceWiring {

    private GuiceWiring() {
    }

    /**
     * Logs a bot in and returns who it is.
     *
     * @param config api_id/api_hash, DC map, session name (see {@link ClientConfig#builder()})
     * @param botToken the token from @BotFather
     * @param sessions the folder where the session file is kept
     * @return the bot's identity
     */
    public static BotIdentity login(ClientConfig config, String botToken, Path sessions) {
        Injector injector = Guice.createInjector(Stage.PRODUCTION,
                new HeliographModule(config),                // the client; in-memory store by default
                new TcpTransportModule(),                    // the transport
                new FileSessionModule(sessions));            // overrides the default store
        try (HeliographClient client = injector.getInstance(HeliographClient.class)) {
            BotIdentity me = client.botLogin(botToken);
            System.out.println("logged in as @" + me.username() + " on DC " + me.dcId());
            return me;
        }
    }
}
