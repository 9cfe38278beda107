package dev.heliograph.client.internal;

import dev.heliograph.mtproto.DcSender;

/**
 * The client's connection to one DC: its sender, the lease of the key it uses, and whether the
 * layer wrapper was accepted.
 */
final class DcLink {

    private final int dcId;
    private final DcSender sender;
    private final KeyLeaseGate gate;
    private volatile boolean initialized;

    DcLink(int dcId, DcSender sender, KeyLeaseGate gate) {
        this.dcId = dcId;
        this.sender = sender;
        this.gate = gate;
    }

    KeyLeaseGate gate() {
        return gate;
    }

    int dcId() {
        return dcId;
    }

    DcSender sender() {
        return sender;
    }

    boolean initialized() {
        return initialized;
    }

    void markInitialized() {
        initialized = true;
    }
}
