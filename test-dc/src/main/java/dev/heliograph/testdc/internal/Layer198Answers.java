package dev.heliograph.testdc.internal;

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

    Layer198Answers() {
        super(new Wire(0x96fdbbe9, 0xafbc09db, 0x4d975bbc, 0xacd66c5e, 0x99622c0c, true));
    }

    @Override
    int layer() {
        return Layer198Schema.LAYER;
    }

    @Override
    BaseUser user(Account a, boolean self) {
        BaseUser.Builder b = BaseUser.builder().self(self).bot(a.bot()).id(a.id()).accessHash(a.accessHash())
                .firstName(a.firstName()).username(a.username());
        if (a.bot()) {
            b.botInfoVersion(1);
        } else if (self) {
            b.phone(a.phone());
        }
        return b.build();
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
