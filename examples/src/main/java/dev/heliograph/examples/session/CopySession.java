package dev.heliograph.examples.session;

import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.SessionStore;
import dev.heliograph.session.SessionStores;
import dev.heliograph.session.file.FileSessionStore;
import dev.heliograph.session.impl.AuthKeyEncryption;
import dev.heliograph.session.redis.RedisSessionStore;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Copies a session between stores, for example from a file to Redis when a bot grows from one
 * host to many, or back:
 *
 * <pre>
 * CopySession --from file:sessions --to redis://localhost:6379 --name mybot
 * CopySession --from redis://localhost:6379 --to file:/var/lib/bot --name mybot --to-name mybot-backup
 * </pre>
 *
 * A store is {@code file:<directory>} or a Redis URI ({@code redis://}, {@code rediss://},
 * {@code redis-sentinel://}); {@code --cluster} marks Redis URIs as Cluster nodes and
 * {@code --prefix} sets the Redis key prefix. Auth keys sealed in Redis need their key in the
 * environment variable {@code HELIOGRAPH_REDIS_ENCRYPTION_KEY} (base64, 32 bytes), and are sealed
 * with it when written there. The target session is replaced. Nothing secret is printed.
 */
public final class CopySession {

    private CopySession() {
    }

    /**
     * Runs the command.
     *
     * @param args the options above
     */
    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--cluster")) {
                options.put("cluster", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                usage("unexpected argument " + args[i]);
            }
        }
        String from = required(options, "from");
        String to = required(options, "to");
        String name = required(options, "name");
        String toName = options.getOrDefault("to-name", name);
        try (SessionStore source = open(from, options); SessionStore target = open(to, options)) {
            SessionSnapshot copied = SessionStores.copy(source, name, target, toName).toCompletableFuture().join();
            System.out.println("copied session " + name + " -> " + toName + ": " + copied.dcs().size()
                    + " auth keys, home DC " + (copied.homeDc().isPresent() ? copied.homeDc().getAsInt() : "none"));
        } catch (CompletionException e) {
            System.err.println("copy failed: " + e.getCause().getMessage());
            System.exit(1);
        }
    }

    private static SessionStore open(String spec, Map<String, String> options) {
        if (spec.startsWith("file:")) {
            return FileSessionStore.open(Path.of(spec.substring("file:".length())));
        }
        RedisSessionStore.Builder builder = RedisSessionStore.builder().uri(spec)
                .cluster(Boolean.parseBoolean(options.get("cluster")));
        if (options.containsKey("prefix")) {
            builder.keyPrefix(options.get("prefix"));
        }
        String key = System.getenv("HELIOGRAPH_REDIS_ENCRYPTION_KEY");
        if (key != null && !key.isBlank()) {
            builder.encryption(AuthKeyEncryption.aesGcm(Base64.getDecoder().decode(key.trim())));
        }
        return builder.build();
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            usage("missing --" + name);
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: CopySession --from <file:DIR|redis-uri> --to <file:DIR|redis-uri> --name NAME"
                + " [--to-name NAME] [--prefix PREFIX] [--cluster]");
        System.exit(2);
    }
}
