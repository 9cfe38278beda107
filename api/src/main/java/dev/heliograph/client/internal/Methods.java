package dev.heliograph.client.internal;

import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeAfterMsg;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import dev.heliograph.tl.api.functions.InvokeWithoutUpdates;

/** TL names of generated methods, for events. */
final class Methods {

    private Methods() {
    }

    /**
     * Returns the TL name of a call, looking through the wrappers.
     *
     * @param method the call
     * @return such as {@code auth.importBotAuthorization}
     */
    static String name(TlObject method) {
        TlObject m = method;
        while (true) {
            if (m instanceof InvokeWithLayer<?> w) {
                m = w.query();
            } else if (m instanceof InitConnection<?> w) {
                m = w.query();
            } else if (m instanceof InvokeWithoutUpdates<?> w) {
                m = w.query();
            } else if (m instanceof InvokeAfterMsg<?> w) {
                m = w.query();
            } else {
                break;
            }
        }
        return m.tlName();
    }
}
