package dev.heliograph.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientResourcesTest {

    @Test
    void theBuilderStartsFromTheSharedResourcesAndReplacesOnlyWhatItIsGiven() {
        Executor direct = Runnable::run;
        ClientResources custom = ClientResources.builder().executor(direct).build();
        ClientResources shared = ClientResources.shared();
        assertSame(shared, ClientResources.shared());
        assertSame(direct, custom.executor());
        assertSame(shared.timer(), custom.timer());
        assertSame(shared.wallClock(), custom.wallClock());
        assertSame(shared.ticker(), custom.ticker());
        assertSame(shared.random(), custom.random());
    }

    @Test
    void missingPartsAreRejected() {
        ClientResources.Builder b = ClientResources.builder();
        assertThrows(NullPointerException.class, () -> b.executor(null));
        assertThrows(NullPointerException.class, () -> b.timer(null));
        assertThrows(NullPointerException.class, () -> b.wallClock(null));
        assertThrows(NullPointerException.class, () -> b.ticker(null));
        assertThrows(NullPointerException.class, () -> b.random(null));
    }

    @Test
    void aDelayedTaskWaitsOnTheTimerAndRunsOnTheExecutor() throws Exception {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        List<String> executed = new CopyOnWriteArrayList<>();
        Executor recording = task -> {
            executed.add("executor");
            task.run();
        };
        try {
            ClientResources resources = ClientResources.builder().executor(recording).timer(timer).build();
            CompletableFuture<Long> ran = new CompletableFuture<>();
            long start = System.nanoTime();
            resources.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> ran.complete(System.nanoTime()));
            assertEquals(1, timer.getQueue().size(), "the delay is a task on the given timer");
            long end = ran.get(5, TimeUnit.SECONDS);
            assertTrue(end - start >= TimeUnit.MILLISECONDS.toNanos(50), "ran after " + (end - start) + " ns");
            assertEquals(List.of("executor"), executed);
        } finally {
            timer.shutdownNow();
        }
    }
}
