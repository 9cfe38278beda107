package dev.heliograph.transport.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/** A blocking loopback server that runs one script against the first connection it accepts. */
final class RawServer implements AutoCloseable {

    /** What the server does with the accepted socket. */
    interface Script {
        void run(Socket socket) throws Exception;
    }

    private final ServerSocket serverSocket;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    RawServer(Script script) throws IOException {
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (Socket socket = serverSocket.accept()) {
                script.run(socket);
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }, "raw-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    static byte[] readExactly(Socket socket, int n) throws IOException {
        return socket.getInputStream().readNBytes(n);
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
