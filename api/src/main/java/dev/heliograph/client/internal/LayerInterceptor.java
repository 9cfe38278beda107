package dev.heliograph.client.internal;

import dev.heliograph.client.ClientConfig;
import dev.heliograph.client.RpcInterceptor;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import java.util.concurrent.CompletionStage;

/**
 * Wraps calls in {@code invokeWithLayer(LAYER, initConnection(..., call))} until one wrapped call
 * succeeded on the DC's connection: the server then knows the layer and the app for the session.
 */
final class LayerInterceptor implements RpcInterceptor {

    private final DcLinks links;
    private final ClientConfig config;

    LayerInterceptor(DcLinks links, ClientConfig config) {
        this.links = links;
        this.config = config;
    }

    @Override
    public <R> CompletionStage<R> intercept(Chain<R> chain) {
        DcLink link = links.link(chain.dcId());
        if (link.initialized()) {
            return chain.proceed(chain.request());
        }
        int generation = link.keyGeneration();
        TlMethod<R> init = InitConnection.<R>builder()
                .apiId(config.apiId())
                .deviceModel(config.deviceModel())
                .systemVersion(config.systemVersion())
                .appVersion(config.appVersion())
                .systemLangCode(config.systemLangCode())
                .langPack(config.langPack())
                .langCode(config.langCode())
                .query(chain.request())
                .build();
        return chain.proceed(new InvokeWithLayer<>(ApiSchema.LAYER, init)).thenApply(result -> {
            link.markInitialized(generation);
            return result;
        });
    }
}
