package dev.heliograph.transport.tcp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A minimal blocking SOCKS5 proxy on loopback (CONNECT only; optional username/password). */
final class Socks5TestServer implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final String username;
    private final String password;
    /** "host:port" of each CONNECT request, as the client sent it. */
    final BlockingQueue<String> targets = new LinkedBlockingQueue<>();

    Socks5TestServer(String username, String password) throws IOException {
        this.username = username;
        this.password = password;
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(() -> {
            while (!serverSocket.isClosed()) {
                try {
                    Socket client = serverSocket.accept();
                    daemon(() -> serve(client));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "socks5-test");
        t.setDaemon(true);
        t.start();
    }

    private void serve(Socket client) {
        try {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            if (in.readUnsignedByte() != 5) {
                client.close();
                return;
            }
            byte[] methods = in.readNBytes(in.readUnsignedByte());
            int wanted = username == null ? 0 : 2;
            boolean offered = false;
            for (byte m : methods) {
                offered |= m == wanted;
            }
            if (!offered) {
                out.write(new byte[] {5, (byte) 0xff});
                client.close();
                return;
            }
            out.write(new byte[] {5, (byte) wanted});
            if (username != null) {
                in.readUnsignedByte();
                String user = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
                String pass = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
                boolean ok = username.equals(user) && password.equals(pass);
                out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
                if (!ok) {
                    client.close();
                    return;
                }
            }
            in.readNBytes(3);
            int type = in.readUnsignedByte();
            String host = switch (type) {
                case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
                case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
                default -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
            };
            int port = in.readUnsignedShort();
            targets.add(host + ":" + port);
            Socket target = new Socket(host, port);
            out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
            daemon(() -> pipe(in, target));
            pipe(target.getInputStream(), client);
        } catch (IOException e) {
            // The test sees the failure on its side.
        }
    }

    private static void pipe(InputStream from, Socket to) {
        try (to) {
            from.transferTo(to.getOutputStream());
        } catch (IOException e) {
            // One side went away.
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
