package dev.heliograph.testdc.internal;

import dev.heliograph.testdc.Bot;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.transport.DcEndpoint;
import java.util.List;

/**
 * Writes the answers whose shape depends on the client's API layer ({@code User},
 * {@code auth.Authorization}, {@code Config}). A client's declared layer is served by the newest
 * supported layer not above it (the oldest for anything below it). Each layer only builds its own
 * generated records; how they reach the wire is shared here.
 *
 * @param <U> the layer's {@code user} constructor
 */
abstract class LayerAnswers<U extends TlObject> {

    /**
     * What {@code help.getConfig} reports.
     *
     * @param date the DC's time
     * @param expires when the client should ask again
     * @param thisDc the answering DC
     * @param endpoints every DC of the cluster
     */
    record ConfigFacts(int date, int expires, int thisDc, List<DcEndpoint> endpoints) {
    }

    private static final LayerAnswers<?>[] SUPPORTED = {
        new Layer144Answers(), new Layer198Answers(), new Layer228Answers()
    };

    static LayerAnswers<?> forLayer(int layer) {
        LayerAnswers<?> chosen = SUPPORTED[0];
        for (LayerAnswers<?> a : SUPPORTED) {
            if (a.layer() <= layer) {
                chosen = a;
            }
        }
        return layer == 0 ? SUPPORTED[SUPPORTED.length - 1] : chosen;
    }

    /** The layers the server answers in, oldest first. */
    static int[] supportedLayers() {
        int[] out = new int[SUPPORTED.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = SUPPORTED[i].layer();
        }
        return out;
    }

    abstract int layer();

    /** The bot as the caller's own user object. */
    abstract U user(Bot bot);

    /** {@code auth.authorization} holding the given user. */
    abstract TlObject authorization(U user);

    /** Writes the bot as the caller's own user object. */
    final void writeUser(TlWriter w, Bot bot) {
        user(bot).serialize(w);
    }

    /** Writes {@code auth.authorization} for the bot. */
    final void writeAuthorization(TlWriter w, Bot bot) {
        authorization(user(bot)).serialize(w);
    }

    /** Writes the cluster's {@code Config}. */
    abstract void writeConfig(TlWriter w, ConfigFacts facts);

    /** A stable access hash per bot, so repeated answers agree. */
    static long accessHash(Bot bot) {
        return bot.id() * 0x9E3779B97F4A7C15L ^ 0x5DEECE66DL;
    }
}
