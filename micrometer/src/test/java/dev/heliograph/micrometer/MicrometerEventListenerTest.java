package dev.heliograph.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heliograph.client.UpdateProblem;
import dev.heliograph.error.RequestTimeoutException;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerEventListenerTest {

    @Test
    void failedAttemptsAreTimedAndCountedByErrorTypeWithTheCommonTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerEventListener listener = new MicrometerEventListener(registry, Tags.of("session", "bot-a"));
        listener.rpcEnd(2, "help.getConfig", Duration.ofMillis(30), new RequestTimeoutException("timed out"));
        listener.rpcEnd(2, "help.getConfig", Duration.ofMillis(10), null);
        listener.loginEnded(Duration.ofMillis(250), new RequestTimeoutException("timed out"));
        listener.updateProblem(new UpdateProblem(UpdateProblem.Kind.values()[0], "test", null));
        listener.updateHandlerFailed(null, new IllegalStateException("handler bug"));

        assertEquals(30, registry.get(MicrometerEventListener.RPC)
                .tags("session", "bot-a", "method", "help.getConfig", "dc", "2", "outcome", "failure",
                        "error", "RequestTimeoutException")
                .timer().totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(1, registry.get(MicrometerEventListener.RPC).tags("outcome", "success", "error", "none")
                .timer().count());
        assertEquals(1, registry.get(MicrometerEventListener.ERRORS)
                .tags("session", "bot-a", "error", "RequestTimeoutException", "method", "help.getConfig")
                .counter().count());
        assertEquals(1, registry.get(MicrometerEventListener.LOGIN).tags("outcome", "failure").timer().count());
        assertEquals(1, registry.get(MicrometerEventListener.UPDATE_PROBLEMS)
                .tags("kind", UpdateProblem.Kind.values()[0].name()).counter().count());
        assertEquals(1, registry.get(MicrometerEventListener.UPDATE_HANDLER_FAILURES)
                .tags("error", "IllegalStateException").counter().count());
    }

    @Test
    void theUpdateQueueGaugeAddsUpTheChangesOfEveryClientAndTheLagIsTimedPerUpdate() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerEventListener listener = new MicrometerEventListener(registry, Tags.of("session", "bot-a"));
        assertEquals(0, registry.get(MicrometerEventListener.UPDATE_QUEUE).tags("session", "bot-a").gauge().value());
        listener.updateQueueChanged(3, 3);
        listener.updateQueueChanged(2, 2);
        listener.updatesDispatched(2, Duration.ofMillis(40));
        listener.updateQueueChanged(-2, 1);

        assertEquals(3, registry.get(MicrometerEventListener.UPDATE_QUEUE).tags("session", "bot-a").gauge().value());
        Timer lag = registry.get(MicrometerEventListener.UPDATE_LAG).tags("session", "bot-a").timer();
        assertEquals(2, lag.count());
        assertEquals(80, lag.totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(40, lag.max(TimeUnit.MILLISECONDS), 0.001);
    }
}
