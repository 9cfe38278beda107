package dev.heliograph.transport.tcp.codec;

import java.util.ArrayList;
import java.util.List;

/** Collects what a codec decodes. */
final class RecordingSink implements FrameSink {

    final List<byte[]> packets = new ArrayList<>();
    final List<Boolean> quickAckRequests = new ArrayList<>();
    final List<Integer> quickAcks = new ArrayList<>();

    @Override
    public void onPacket(byte[] packet, boolean quickAckRequested) {
        packets.add(packet);
        quickAckRequests.add(quickAckRequested);
    }

    @Override
    public void onQuickAck(int token) {
        quickAcks.add(token);
    }
}
