package dev.heliograph.bench.api;

import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tlapi.TlApi;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * What the whole layer-228 registry costs: the heap it holds once built, the time to build it in a fresh
 * JVM, and a check that every client shares one instance (so a client's own share is one reference).
 *
 * <pre>
 * mvn -B -q -pl bench -am package -Pbenchmarks -DskipTests
 * java -cp bench/target/benchmarks.jar dev.heliograph.bench.api.RegistryHeap
 * </pre>
 */
public final class RegistryHeap {

    private RegistryHeap() {
    }

    /**
     * Prints one {@code RESULT} line.
     *
     * @param args none
     */
    public static void main(String[] args) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        int layer = ApiSchema.LAYER; // loads the constant only; the registry is built on first use
        long before = settledHeap(memory);
        long start = System.nanoTime();
        Object registry = TlApi.registry();
        long buildMicros = (System.nanoTime() - start) / 1_000;
        long after = settledHeap(memory);
        if (registry != TlApi.registry()) {
            throw new AssertionError("the registry is not shared");
        }
        System.out.printf("RESULT layer=%d entries=%d registryHeapKiB=%.1f firstBuildMs=%.1f shared=true%n", layer,
                TlApi.registry().size(), (after - before) / 1024.0, buildMicros / 1000.0);
    }

    private static long settledHeap(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
