package dev.heliograph.transport.testsuite;

import dev.heliograph.transport.tcp.codec.Framing;

/** The transport contract over TCP, full framing, plain. */
class TcpFullIT extends AbstractTcpContract {

    @Override
    Framing framing() {
        return Framing.FULL;
    }

    @Override
    boolean obfuscated() {
        return false;
    }
}
