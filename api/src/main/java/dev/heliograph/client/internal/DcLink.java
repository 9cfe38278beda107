package dev.heliograph.client.internal;

import dev.heliograph.mtproto.DcSender;

/** The client's connection to one DC: its sender, and whether the layer wrapper was accepted. */
final class DcLink {

    private final int dcId;
    private final DcSender sender;
    private volatile boolean initialized;

    DcLink(int dcId, DcSender sender) {
        this.dcId = dcId;
        this.sender = sender;
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
