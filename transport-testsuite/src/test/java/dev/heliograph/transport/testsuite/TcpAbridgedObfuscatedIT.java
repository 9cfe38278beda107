package dev.heliograph.transport.testsuite;

import dev.heliograph.transport.tcp.codec.Framing;

/** The transport contract over TCP, abridged framing, obfuscated. */
class TcpAbridgedObfuscatedIT extends AbstractTcpContract {

    @Override
    Framing framing() {
        return Framing.ABRIDGED;
    }

    @Override
    boolean obfuscated() {
        return true;
    }
}
