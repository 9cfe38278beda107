package dev.heliograph.tl;

import dev.heliograph.tlgen.JavaGenerator;
import dev.heliograph.tlgen.TlCombinator;
import dev.heliograph.tlgen.TlParam;
import dev.heliograph.tlgen.TlTypeRef;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Test support: builds generated records filled with random values, by walking the TL model and
 * calling each record's canonical constructor reflectively. Values respect the wire rules
 * (parameters sharing a flag bit are present together; int128 is 16 bytes) so that they encode.
 */
final class RandomTlValues {

    private static final int DEEP = 3;
    private static final int MAX_DEPTH = 40;
    private static final int[] CODE_POINTS = {'a', 'Z', '0', ' ', 0xe9, 0x416, 0x4e2d, 0x1f600, 0x10ffff, 0};

    private final JavaGenerator generator;
    private final ClassLoader loader;
    private final SplittableRandom random;
    private final Map<String, TlCombinator> byName = new HashMap<>();
    private final List<TlCombinator> plainFunctions = new ArrayList<>();
    private final Map<String, Constructor<?>> constructors = new HashMap<>();

    RandomTlValues(JavaGenerator generator, ClassLoader loader, SplittableRandom random) {
        this.generator = generator;
        this.loader = loader;
        this.random = random;
        for (TlCombinator c : generator.constructors()) {
            byName.put(c.name(), c);
        }
        for (TlCombinator f : generator.functions()) {
            byName.put(f.name(), f);
            if (f.typeVar() == null) {
                plainFunctions.add(f);
            }
        }
    }

    /** Returns a random value of the combinator (constructor or function). */
    TlObject of(TlCombinator c) {
        return (TlObject) build(c, 0);
    }

    private Object build(TlCombinator c, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("random values nest too deep at " + c.name());
        }
        Map<String, Boolean> bits = new HashMap<>();
        List<Object> args = new ArrayList<>();
        for (TlParam p : c.params()) {
            if (p.isFlagWord()) {
                continue;
            }
            if (p.isConditional()) {
                boolean present = bits.computeIfAbsent(p.flagWord() + "." + p.flagBit(),
                        k -> random.nextInt(depth < DEEP ? 2 : 4) == 0);
                if (p.isFlagOnly()) {
                    args.add(present);
                } else {
                    args.add(present ? value(p.type(), depth) : null);
                }
            } else {
                args.add(value(p.type(), depth));
            }
        }
        try {
            return constructor(c).newInstance(args.toArray());
        } catch (InvocationTargetException e) {
            throw new AssertionError("cannot build " + c.name() + " from " + args, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private Constructor<?> constructor(TlCombinator c) throws ReflectiveOperationException {
        Constructor<?> ctor = constructors.get(c.name());
        if (ctor == null) {
            Class<?> type = loader.loadClass(generator.javaClass(c));
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
            }
            ctor = type.getDeclaredConstructor(types);
            constructors.put(c.name(), ctor);
        }
        return ctor;
    }

    private Object value(TlTypeRef t, int depth) {
        if (t.bang()) {
            return build(plainFunctions.get(random.nextInt(plainFunctions.size())), depth + 1);
        }
        if (t.isVector()) {
            int n = depth < DEEP ? random.nextInt(4) : 0;
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(value(t.args().get(0), depth + 1));
            }
            return list;
        }
        if (t.percent()) {
            return build(generator.constructorsOf(t.name()).get(0), depth + 1);
        }
        switch (t.name()) {
            case "int": return random.nextInt();
            case "long": return random.nextLong();
            case "double": return Double.longBitsToDouble(random.nextLong());
            case "string": return string();
            case "bytes": return bytes(random.nextInt(8) == 0 ? 254 + random.nextInt(300) : random.nextInt(254));
            case "int128": return bytes(16);
            case "int256": return bytes(32);
            case "Bool": return random.nextBoolean();
            case "Object": return build(generator.constructors().get(random.nextInt(generator.constructors().size())),
                    depth + 1);
            default: break;
        }
        if (t.isBare()) {
            return build(byName.get(t.name()), depth + 1);
        }
        List<TlCombinator> options = generator.constructorsOf(t.name());
        TlCombinator pick = depth < DEEP ? options.get(random.nextInt(options.size()))
                : options.stream().min(Comparator.comparingInt(RandomTlValues::weight)).orElseThrow();
        return build(pick, depth + 1);
    }

    /** How many nested objects a constructor needs at least: the simplest one ends the recursion. */
    private static int weight(TlCombinator c) {
        int w = 0;
        for (TlParam p : c.params()) {
            if (!p.isFlagWord() && !p.isConditional() && !p.type().isVector()
                    && Character.isUpperCase(p.type().simpleName().charAt(0)) && !p.type().name().equals("Bool")) {
                w++;
            }
        }
        return w;
    }

    private String string() {
        int n = random.nextInt(8) == 0 ? 200 + random.nextInt(200) : random.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(CODE_POINTS[random.nextInt(CODE_POINTS.length)]);
        }
        return sb.toString();
    }

    private Bytes bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt();
        }
        return Bytes.wrap(b);
    }
}
