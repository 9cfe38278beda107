package dev.heliograph.tlapi;

import dev.heliograph.tl.TlRegistry;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.mtproto.MtprotoSchema;

/**
 * The whole Telegram API of layer {@value ApiSchema#LAYER} together with the MTProto service types:
 * the registry a connection that makes API calls decodes everything with.
 */
public final class TlApi {

    /** The API layer these types were generated from, sent in {@code invokeWithLayer}. */
    public static final int LAYER = ApiSchema.LAYER;

    private TlApi() {
    }

    /**
     * Returns the one registry of every MTProto service constructor and every layer-228 constructor and
     * function. It is immutable and built once per class loader (about 2,500 entries), so every client
     * and sender in the process shares it.
     *
     * @return the shared registry
     */
    public static TlRegistry registry() {
        return Holder.REGISTRY;
    }

    /** Built on first use, not when {@link #LAYER} is read. */
    private static final class Holder {
        private static final TlRegistry REGISTRY = TlRegistry.union(MtprotoSchema.registry(), ApiSchema.registry());
    }
}
