package dev.heliograph.tl;

import dev.heliograph.error.TlDecodeException;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import dev.heliograph.tlgen.JavaGenerator;
import dev.heliograph.tlgen.TlCombinator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property: whatever bytes arrive, the decoder either returns a value or throws
 * {@link TlDecodeException}: never an index, allocation, cast or argument error. Inputs are valid
 * encodings of random values of the project's generated types (some gzip_packed), mutated.
 */
class TlDecodeFuzzTest {

    private static final long SEED = 0x48656c696fL;
    private static final int ITERATIONS = 100_000;
    private static final TlRegistry REGISTRY = TlRegistry.union(MtprotoSchema.registry(), ApiSchema.registry());
    private static final TlLimits LIMITS = new TlLimits(1 << 20, 10_000, 1 << 20, 32);

    @Test
    void mutatedEncodingsOnlyEverFailWithDecodeErrors() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<byte[]> corpus = corpus(random);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = corpus.get(random.nextInt(corpus.size()));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                input = mutate(input, random);
            }
            try {
                TlReader r = new TlReader(input, 0, input.length, REGISTRY, LIMITS);
                r.readObject();
                r.requireEnd();
                decoded++;
            } catch (TlDecodeException e) {
                assertTrue(e.offset() >= 0, e.getMessage());
                rejected++;
            } catch (Throwable t) {
                fail("iteration " + i + " (seed " + SEED + ") threw " + t + " for input "
                        + Bytes.wrap(input).toHex(), t);
            }
        }
        assertEquals(ITERATIONS, decoded + rejected);
        assertTrue(rejected > ITERATIONS / 2, "mutations should mostly break the input: " + rejected);
        System.out.printf("TL fuzz: %d inputs, %d decoded, %d rejected with TlDecodeException%n",
                ITERATIONS, decoded, rejected);
    }

    private static List<byte[]> corpus(SplittableRandom random) {
        List<byte[]> out = new ArrayList<>();
        for (JavaGenerator model : List.of(ProjectSchemas.mtproto(), ProjectSchemas.api())) {
            RandomTlValues values = new RandomTlValues(model, TlDecodeFuzzTest.class.getClassLoader(), random.split());
            List<TlCombinator> all = new ArrayList<>(model.constructors());
            all.addAll(model.functions());
            for (TlCombinator c : all) {
                for (int i = 0; i < 3; i++) {
                    byte[] encoded = RoundTrip.encode(values.of(c));
                    out.add(encoded);
                    if (i == 0) {
                        out.add(gzipPacked(encoded));
                    }
                }
            }
        }
        return out;
    }

    private static byte[] gzipPacked(byte[] payload) {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TlWriter w = new TlWriter();
        w.writeInt(TlReader.GZIP_PACKED_ID);
        w.writeBytes(Bytes.wrap(gz.toByteArray()));
        return w.toByteArray();
    }

    private static final int[] INTERESTING = {0, 1, -1, 0x7fffffff, Integer.MIN_VALUE, 0xfe, 0xff, 0xfffffe,
        0x1000000, 1_000_000, 10_001, TlWriter.VECTOR_ID, TlReader.GZIP_PACKED_ID, TlWriter.BOOL_TRUE_ID};

    static byte[] mutate(byte[] in, SplittableRandom random) {
        if (in.length == 0) {
            return new byte[] {(byte) random.nextInt()};
        }
        byte[] b = in.clone();
        switch (random.nextInt(6)) {
            case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> {
                int at = random.nextInt(b.length + 1);
                int n = 1 + random.nextInt(8);
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < n; i++) {
                    out[at + i] = (byte) random.nextInt();
                }
                System.arraycopy(b, at, out, at + n, b.length - at);
                b = out;
            }
            case 3 -> {
                // corrupt what may be a length or count field: a 4-aligned int, or a bytes length prefix
                int at = random.nextInt((b.length + 3) / 4) * 4;
                int v = INTERESTING[random.nextInt(INTERESTING.length)];
                for (int i = 0; i < 4 && at + i < b.length; i++) {
                    b[at + i] = (byte) (v >>> (8 * i));
                }
            }
            case 4 -> b[random.nextInt(b.length)] = (byte) (random.nextBoolean() ? 0xfe : 0xff);
            default -> {
                int from = random.nextInt(b.length);
                int len = Math.min(b.length - from, 1 + random.nextInt(16));
                byte[] out = Arrays.copyOf(b, b.length + len);
                System.arraycopy(b, from, out, b.length, len);
                b = out;
            }
        }
        return b;
    }
}
