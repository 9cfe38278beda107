package dev.heliograph.tl;

import dev.heliograph.tlgen.TlCombinator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Generates the complete Telegram layers 228, 198 and 144 (from the shared reference schemas),
 * compiles them with javax.tools (-Xlint:all -Werror, one task per layer in parallel), and round-trips a random value of
 * every constructor and function of each.
 */
class FullSchemaRoundTripIT {

    private static final List<String> LAYERS = List.of("api.tl", "api-layer198.tl", "api-layer144.tl");
    private static final List<String> PACKAGES = List.of("full.l228", "full.l198", "full.l144");
    private static final List<Integer> LAYER_NUMBERS = List.of(228, 198, 144);

    @TempDir
    static Path dir;

    private static final List<GeneratedCode.Unit> units = new ArrayList<>();
    private static final List<String> texts = new ArrayList<>();
    private static ClassLoader loader;

    @BeforeAll
    static void generateAndCompile() throws Exception {
        for (int i = 0; i < LAYERS.size(); i++) {
            String text = GeneratedCode.read(GeneratedCode.shared("protocol/" + LAYERS.get(i)));
            texts.add(text);
            units.add(GeneratedCode.generate(LAYERS.get(i), text, PACKAGES.get(i), "Schema"));
        }
        long start = System.nanoTime();
        long cpu = processCpuNanos();
        loader = GeneratedCode.compile(dir, units);
        System.out.printf("TL full layers: %d generated sources compiled in %d ms (process CPU %d ms)%n",
                units.stream().mapToInt(u -> u.sources().size()).sum(), (System.nanoTime() - start) / 1_000_000,
                (processCpuNanos() - cpu) / 1_000_000);
    }

    @Test
    void everyConstructorAndFunctionOfEveryLayerRoundTrips() throws Exception {
        long start = System.nanoTime();
        long cpu = processCpuNanos();
        for (int i = 0; i < units.size(); i++) {
            GeneratedCode.Unit unit = units.get(i);
            TlRegistry registry = GeneratedCode.registry(loader, unit);
            RandomTlValues random = new RandomTlValues(unit.generator(), loader, new SplittableRandom(0x7e1e + i));
            List<TlCombinator> all = new ArrayList<>(unit.generator().constructors());
            all.addAll(unit.generator().functions());
            for (TlCombinator c : all) {
                for (int round = 0; round < 3; round++) {
                    RoundTrip.check(random.of(c), registry);
                }
            }
            assertEquals(all.size(), registry.size());
            Class<?> schemaClass = loader.loadClass(unit.schemaClass());
            if (texts.get(i).contains("// LAYER " + LAYER_NUMBERS.get(i))) {
                assertEquals(LAYER_NUMBERS.get(i), schemaClass.getField("LAYER").getInt(null));
            } else {
                // api-layer198.tl carries no "// LAYER" comment, so no constant is invented for it
                assertThrows(NoSuchFieldException.class, () -> schemaClass.getField("LAYER"));
            }
        }
        System.out.printf("TL full layers: every combinator round-tripped 3 times in %d ms (process CPU %d ms)%n",
                (System.nanoTime() - start) / 1_000_000, (processCpuNanos() - cpu) / 1_000_000);
    }

    @Test
    void generatedCountsMatchAnIndependentLineCount() {
        for (int i = 0; i < units.size(); i++) {
            int[] expected = DeclarationLines.count(texts.get(i));
            int constructors = units.get(i).generator().constructors().size();
            int functions = units.get(i).generator().functions().size();
            System.out.printf("TL layer %d (%s): %d constructors, %d functions%n",
                    LAYER_NUMBERS.get(i), LAYERS.get(i), constructors, functions);
            assertEquals(expected[0], constructors, LAYERS.get(i) + " constructors");
            assertEquals(expected[1], functions, LAYERS.get(i) + " functions");
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
