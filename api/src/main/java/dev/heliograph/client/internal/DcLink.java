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
    /** Counts temporary keys bound; an init sent under an earlier key does not count for a later one. */
    private volatile int keyGeneration;

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

    int keyGeneration() {
        return keyGeneration;
    }

    synchronized void markInitialized(int generation) {
        if (generation == keyGeneration) {
            initialized = true;
        }
    }

    /** A new temporary key carries the calls: the DC must hear the layer and app again. */
    synchronized void resetInitialized() {
        keyGeneration++;
        initialized = false;
    }
}
