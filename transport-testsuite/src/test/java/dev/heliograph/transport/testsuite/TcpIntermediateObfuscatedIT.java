package dev.heliograph.transport.testsuite;

import dev.heliograph.transport.tcp.codec.Framing;

/** The transport contract over TCP, intermediate framing, obfuscated. */
class TcpIntermediateObfuscatedIT extends AbstractTcpContract {

    @Override
    Framing framing() {
        return Framing.INTERMEDIATE;
    }

    @Override
    boolean obfuscated() {
        return true;
    }
}
