package dev.heliograph.transport;

import java.util.concurrent.CompletionStage;

/**
 * The transport SPI: opens connections to DCs. One instance serves every connection of a client
 * (and may share its event loop between clients); plugins such as {@code transport-tcp} and
 * {@code transport-http} implement it and bind it in their Guice module.
 *
 * <p>A transport moves whole MTProto packets (an unencrypted or encrypted message); framing,
 * obfuscation and HTTP are its business. It never interprets packet content.
 */
public interface Transport extends AutoCloseable {

    /**
     * Returns the plugin id ({@code "tcp"}, {@code "http"}).
     *
     * @return the id
     */
    String id();

    /**
     * Opens a connection.
     *
     * @param endpoint where to connect
     * @param listener receives packets and closure, on the transport's I/O thread
     * @return completes with the open connection, or exceptionally with a
     *     {@link dev.heliograph.error.TransportException}
     */
    CompletionStage<TransportConnection> connect(DcEndpoint endpoint, TransportListener listener);

    /** Closes every connection and releases threads. */
    @Override
    void close();
}
