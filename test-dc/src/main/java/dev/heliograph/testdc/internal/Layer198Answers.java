package dev.heliograph.testdc.internal;

import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.tl.layer198.BaseUser;
import dev.heliograph.testdc.tl.layer198.Layer198Schema;
import dev.heliograph.testdc.tl.layer198.auth.BaseAuthorization;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlWriter;

/**
 * Answers in layer 198: {@code user#4b46c37e} (and the authorization holding it); {@code Config}
 * is the same constructor as in the project's own layer.
 */
final class Layer198Answers extends LayerAnswers<BaseUser> {

    @Override
    int layer() {
        return Layer198Schema.LAYER;
    }

    @Override
    BaseUser user(Bot bot) {
        return BaseUser.builder().self(true).bot(true).id(bot.id()).accessHash(accessHash(bot))
                .firstName(bot.firstName()).username(bot.username()).botInfoVersion(1).build();
    }

    @Override
    TlObject authorization(BaseUser user) {
        return BaseAuthorization.builder().user(user).build();
    }

    @Override
    void writeConfig(TlWriter w, ConfigFacts facts) {
        Layer228Answers.writeProjectConfig(w, facts);
    }
}
