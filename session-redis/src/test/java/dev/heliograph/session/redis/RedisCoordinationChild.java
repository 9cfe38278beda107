package dev.heliograph.session.redis;

import dev.heliograph.session.CoordinationRace;
import java.time.Duration;

/** A child of {@link RedisCoordinationIT}: one host racing for the session's named leases. */
public final class RedisCoordinationChild {

    private RedisCoordinationChild() {
    }

    /**
     * Runs the child.
     *
     * @param args the Redis URI, the key prefix and the number of leases (the timeout is generous: 16
     *     JVMs start at once on a small machine)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        CoordinationRace.runChild(RedisSessionStore.builder().uri(args[0]).keyPrefix(args[1])
                        .operationTimeout(Duration.ofSeconds(60)).build(),
                Integer.parseInt(args[2]));
        System.exit(0);
    }
}
