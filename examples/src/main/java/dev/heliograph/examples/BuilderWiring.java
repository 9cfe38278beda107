package dev.heliograph.examples;

import dev.heliograph.client.BotIdentity;
import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.HeliographClient;
import dev.heliograph.session.file.FileSessionModule;
import java.nio.file.Path;

/** README snippet: a bot login with the builder (plugins named by id, found with ServiceLoader). */
public final class BuilderWiring {

    private BuilderWiring() {
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
        try (HeliographClient client = HeliographClient.builder()
                .config(config)                              // ClientConfig.builder().api(id, hash)...build()
                .transport("tcp")                            // heliograph-transport-tcp on the class path
                .module(new FileSessionModule(sessions))     // or .sessionStore("file")
                .build()) {
            BotIdentity me = client.botLogin(botToken);      // or botLoginAsync(token): CompletionStage
            System.out.println("logged in as @" + me.username() + " on DC " + me.dcId());
            return me;
        }
    }
}
