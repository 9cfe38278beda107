package dev.heliograph.tl;

import java.util.Arrays;

/**
 * Maps constructor ids to the code that reads their bodies. Immutable; lookups are a probe in an
 * open-addressing table, with no boxing.
 *
 * <p>Generated schemas expose theirs ({@code ApiSchema.registry()}); {@link #union} combines them,
 * for example the MTProto service schema with an API layer.
 */
public final class TlRegistry {

    private final int[] ids;
    private final TlDeserializer<?>[] readers;
    private final String[] names;
    private final int mask;
    private final int size;

    private TlRegistry(int[] ids, TlDeserializer<?>[] readers, String[] names, int size) {
        this.ids = ids;
        this.readers = readers;
        this.names = names;
        this.mask = ids.length - 1;
        this.size = size;
    }

    /**
     * Returns a new, empty builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Combines registries. A constructor id present in several must map to the same name.
     *
     * @param parts the registries to combine
     * @return the union
     * @throws IllegalArgumentException if two parts give one id different names
     */
    public static TlRegistry union(TlRegistry... parts) {
        Builder b = builder();
        for (TlRegistry part : parts) {
            for (int i = 0; i < part.ids.length; i++) {
                if (part.readers[i] != null) {
                    b.register(part.ids[i], part.names[i], part.readers[i]);
                }
            }
        }
        return b.build();
    }

    /**
     * Finds the reader of a constructor.
     *
     * @param id the constructor id
     * @return its reader, or {@code null} if unknown
     */
    public TlDeserializer<?> find(int id) {
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            TlDeserializer<?> r = readers[i];
            if (r == null || ids[i] == id) {
                return r;
            }
        }
    }

    /**
     * Returns the schema name of a constructor ({@code auth.authorization}).
     *
     * @param id the constructor id
     * @return the name, or {@code null} if unknown
     */
    public String name(int id) {
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            if (readers[i] == null) {
                return null;
            }
            if (ids[i] == id) {
                return names[i];
            }
        }
    }

    /**
     * Returns the number of constructors.
     *
     * @return the count
     */
    public int size() {
        return size;
    }

    private static int mix(int id) {
        int h = id * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** Collects constructors, then builds an immutable {@link TlRegistry}. */
    public static final class Builder {
        private int[] ids = new int[64];
        private String[] names = new String[64];
        private TlDeserializer<?>[] readers = new TlDeserializer<?>[64];
        private int count;

        private Builder() {
        }

        /**
         * Adds one constructor.
         *
         * @param id the constructor id
         * @param name its schema name
         * @param reader reads its body
         * @return this builder
         * @throws IllegalArgumentException if the id is already registered under another name
         */
        public Builder register(int id, String name, TlDeserializer<?> reader) {
            for (int i = 0; i < count; i++) {
                if (ids[i] == id) {
                    if (!names[i].equals(name)) {
                        throw new IllegalArgumentException(String.format(
                                "constructor #%08x registered as both %s and %s", id, names[i], name));
                    }
                    readers[i] = reader;
                    return this;
                }
            }
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, count * 2);
                names = Arrays.copyOf(names, count * 2);
                readers = Arrays.copyOf(readers, count * 2);
            }
            ids[count] = id;
            names[count] = name;
            readers[count] = reader;
            count++;
            return this;
        }

        /**
         * Builds the registry.
         *
         * @return an immutable registry
         */
        public TlRegistry build() {
            int cap = Integer.highestOneBit(Math.max(4, count * 2)) << 1;
            int[] tIds = new int[cap];
            String[] tNames = new String[cap];
            TlDeserializer<?>[] tReaders = new TlDeserializer<?>[cap];
            for (int n = 0; n < count; n++) {
                int i = mix(ids[n]) & (cap - 1);
                while (tReaders[i] != null) {
                    i = (i + 1) & (cap - 1);
                }
                tIds[i] = ids[n];
                tNames[i] = names[n];
                tReaders[i] = readers[n];
            }
            return new TlRegistry(tIds, tReaders, tNames, count);
        }
    }
}
