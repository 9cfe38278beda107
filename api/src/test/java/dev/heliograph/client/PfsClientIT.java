package dev.heliograph.client;

import dev.heliograph.session.file.FileSessionModule;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.InputUserSelf;
import dev.heliograph.tl.api.User;
import dev.heliograph.tl.api.functions.users.GetUsers;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Perfect forward secrecy through the client (on by default): the bot logs in under a bound
 * temporary key, and a DC that forgets the temporary key costs a new temporary key bound to the
 * same permanent key, never a new permanent key or a new bot login.
 */
class PfsClientIT {

    private static TestCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http"})
    void keepsTheLoginWhenTheDcForgetsTheTemporaryKey(String transport) {
        ClientConfig config = Cluster.config(cluster, transport).build();
        TestDc home = cluster.dc(Cluster.BOT.homeDc());
        Set<Long> boundBefore = boundPermanentKeys(home);
        try (HeliographClient client = HeliographClient.builder().config(config).transport(transport)
                .module(new FileSessionModule(dir)).build()) {
            client.botLogin(Cluster.BOT.token());
            int exchanges = Cluster.keyExchanges(cluster);
            long imports = Cluster.imports(cluster);
            Set<Long> bound = boundPermanentKeys(home);
            bound.removeAll(boundBefore);
            assertEquals(1, bound.size());
            long perm = bound.iterator().next();
            long temp = home.boundTempKey(perm);
            assertNotEquals(0, temp);
            assertEquals(Cluster.BOT.id(), home.boundUser(temp));

            home.forgetAuthKey(temp);
            List<User> self = client.invoke(new GetUsers(List.of(new InputUserSelf())));

            assertEquals(Cluster.BOT.id(), ((BaseUser) self.get(0)).id());
            assertEquals(exchanges, Cluster.keyExchanges(cluster));
            assertEquals(imports, Cluster.imports(cluster));
            assertEquals(Set.of(perm), boundPermanentKeys(home).stream().filter(k -> !boundBefore.contains(k))
                    .collect(Collectors.toSet()));
            long next = home.boundTempKey(perm);
            assertNotEquals(0, next);
            assertNotEquals(temp, next);
        }
    }

    /** The permanent keys of a DC with a temporary key bound to them. */
    private static Set<Long> boundPermanentKeys(TestDc dc) {
        Set<Long> keys = new HashSet<>();
        for (long id : dc.authKeyIds()) {
            if (dc.boundTempKey(id) != 0) {
                keys.add(id);
            }
        }
        return keys;
    }
}
