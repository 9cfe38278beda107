package dev.heliograph.transport.testsuite;

import dev.heliograph.transport.tcp.codec.Framing;

/** The transport contract over TCP, padded intermediate framing, obfuscated. */
class TcpPaddedIntermediateObfuscatedIT extends AbstractTcpContract {

    @Override
    Framing framing() {
        return Framing.PADDED_INTERMEDIATE;
    }

    @Override
    boolean obfuscated() {
        return true;
    }
}
