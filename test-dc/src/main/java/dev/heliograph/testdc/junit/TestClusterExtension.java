package dev.heliograph.testdc.junit;

import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestUser;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a {@link TestCluster} on free ports once per test class and stops it after the class.
 * Test methods (and constructors) may also take the cluster as a parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestClusterExtension DC = TestClusterExtension.create();
 * // ... DC.cluster().dc(2).endpoint(), DC.cluster().publicKey(), TestClusterExtension.BOT.token()
 * }</pre>
 *
 * <p>The default cluster has DCs 1..5, the app {@link #APP}, the bot {@link #BOT} (home DC 2) and
 * a user ({@link #user()}, phone {@link #USER_PHONE}) who can message the bot. Test methods may take
 * a {@link TestUser} parameter for that user.
 */
public final class TestClusterExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /** The application every default cluster knows. */
    public static final App APP = App.of(11111, "7465737464632d6170692d686173682e");

    /** The bot every default cluster knows; its home is DC 2. */
    public static final Bot BOT = new Bot(5000001, "AAE_test-dc_default_bot_secret", "heliograph_test_bot",
            "Heliograph Test Bot", 2);

    /** The phone of the user every default cluster knows (home DC 2; login code 22222). */
    public static final String USER_PHONE = "9996621111";

    /** The username of that user. */
    public static final String USER_USERNAME = "heliograph_test_user";

    private final Consumer<TestCluster.Builder> customizer;
    private volatile TestCluster cluster;

    private TestClusterExtension(Consumer<TestCluster.Builder> customizer) {
        this.customizer = customizer;
    }

    /**
     * An extension with the default cluster.
     *
     * @return the extension
     */
    public static TestClusterExtension create() {
        return new TestClusterExtension(b -> { });
    }

    /**
     * An extension whose cluster starts from the defaults and is then adjusted.
     *
     * @param customizer adds DCs, ports, apps, bots...
     * @return the extension
     */
    public static TestClusterExtension create(Consumer<TestCluster.Builder> customizer) {
        return new TestClusterExtension(Objects.requireNonNull(customizer, "customizer is null"));
    }

    /**
     * Returns the running cluster.
     *
     * @return the cluster
     * @throws IllegalStateException outside the test class's lifetime
     */
    public TestCluster cluster() {
        TestCluster c = cluster;
        if (c == null) {
            throw new IllegalStateException("the test cluster runs only while the test class runs");
        }
        return c;
    }

    /**
     * Returns the default user, ready to message {@link #BOT} (or any bot of the cluster) and to
     * read what it was sent, without a client: see {@link TestUser}.
     *
     * <pre>{@code
     * DC.user().sendMessage(TestClusterExtension.BOT, "/start");
     * PrivateMessage reply = DC.user().awaitMessageFrom(BOT.id(), Duration.ofSeconds(5));
     * }</pre>
     *
     * @return the user with phone {@link #USER_PHONE}
     */
    public TestUser user() {
        return cluster().user(USER_PHONE);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        TestCluster.Builder b = TestCluster.builder().app(APP).bot(BOT).user(USER_PHONE, "Test User", USER_USERNAME);
        customizer.accept(b);
        cluster = b.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestCluster c = cluster;
        cluster = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TestCluster.class || type == TestUser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestUser.class ? user() : cluster();
    }
}
