package dev.heliograph.client.internal;

import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeAfterMsg;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import dev.heliograph.tl.api.functions.InvokeWithoutUpdates;

/** TL names of generated methods, for events. */
final class Methods {

    private static final String FUNCTIONS = "dev.heliograph.tl.api.functions";

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
        Class<?> type = m.getClass();
        String simple = type.getSimpleName();
        String name = simple.isEmpty() ? type.getName()
                : Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
        String pkg = type.getPackageName();
        if (pkg.startsWith(FUNCTIONS + ".")) {
            return pkg.substring(FUNCTIONS.length() + 1) + "." + name;
        }
        return name;
    }
}
