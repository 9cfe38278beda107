package dev.heliograph.examples;

import dev.heliograph.client.DcMap;
import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.RsaPublicKey;
import dev.heliograph.crypto.impl.RsaPem;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.testdc.TestDc;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The embedded test DC cluster the demo logs in to: five DCs on loopback, one app, one bot homed
 * on DC 4 (a client starts on DC 2, so the login migrates). Like a real DC, the cluster keeps its
 * RSA key and its auth keys across runs, in a state file of the demo folder (owner-only: it holds
 * key material), so a second run reuses the session's key.
 */
final class EmbeddedCluster implements AutoCloseable {

    /** The demo application (registered only in the embedded cluster). */
    static final App APP = App.of(94575, "a3406de8d171bb422bb6ddf3bbd800e2");
    /** The demo bot (exists only in the embedded cluster). */
    static final Bot BOT = Bot.fromToken("1000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "heliograph_demo_bot",
            "Heliograph Demo", 4);
    /** The DC a new session starts on. */
    static final int INITIAL_DC = 2;

    private static final int MAGIC = 0x48474443;

    private final TestCluster cluster;
    private final RsaPrivateKey rsa;
    private final Path stateFile;

    private EmbeddedCluster(TestCluster cluster, RsaPrivateKey rsa, Path stateFile) {
        this.cluster = cluster;
        this.rsa = rsa;
        this.stateFile = stateFile;
    }

    /**
     * Starts the cluster, restoring the state an earlier run saved in {@code folder}.
     *
     * @param folder the demo folder
     * @return the running cluster
     */
    static EmbeddedCluster start(Path folder) {
        Path stateFile = folder.resolve("test-dc.state");
        State state = State.read(stateFile);
        RsaPrivateKey rsa = state != null ? state.rsa() : RsaPem.generate(RandomSource.secure());
        TestCluster cluster = TestCluster.builder().rsaKey(rsa).app(APP).bot(BOT).rpcLog(line -> { }).start();
        if (state != null) {
            for (Map.Entry<Integer, List<State.Key>> dc : state.keys().entrySet()) {
                for (State.Key k : dc.getValue()) {
                    cluster.dc(dc.getKey()).restoreAuthKey(AuthKey.of(k.key()), k.userId());
                }
            }
        }
        return new EmbeddedCluster(cluster, rsa, stateFile);
    }

    DcMap dcMap() {
        return DcMap.of(cluster.endpoints(), INITIAL_DC);
    }

    TrustedRsaKeys trustedKeys() {
        return TrustedRsaKeys.of(List.of(cluster.publicKey()));
    }

    int keyExchanges() {
        return cluster.dcs().stream().mapToInt(TestDc::keyExchanges).sum();
    }

    /** Saves the cluster's state for the next run, then stops it. */
    @Override
    public void close() {
        try {
            save();
        } finally {
            cluster.close();
        }
    }

    private void save() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            writeBig(out, rsa.publicKey().modulus());
            writeBig(out, rsa.publicKey().exponent());
            writeBig(out, rsa.privateExponent());
            List<TestDc> dcs = cluster.dcs();
            out.writeInt(dcs.size());
            for (TestDc dc : dcs) {
                Map<AuthKey, Long> keys = dc.permanentAuthKeys();
                out.writeInt(dc.id());
                out.writeInt(keys.size());
                for (Map.Entry<AuthKey, Long> k : keys.entrySet()) {
                    out.write(k.getKey().bytes());
                    out.writeLong(k.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (!Files.isDirectory(stateFile.getParent())) {
                Files.createDirectories(stateFile.getParent(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, bytes.toByteArray());
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the test DC state in " + stateFile, e);
        }
    }

    private static void writeBig(DataOutputStream out, BigInteger n) throws IOException {
        byte[] b = n.toByteArray();
        out.writeInt(b.length);
        out.write(b);
    }

    private static BigInteger readBig(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n <= 0 || n > 1024) {
            throw new IOException("bad number length " + n);
        }
        return new BigInteger(in.readNBytes(n));
    }

    /** What the cluster keeps across runs. */
    private record State(RsaPrivateKey rsa, Map<Integer, List<Key>> keys) {

        record Key(byte[] key, long userId) {
        }

        /** Reads the state file; a missing or unreadable file means a fresh cluster. */
        static State read(Path file) {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
                if (in.readInt() != MAGIC) {
                    return null;
                }
                BigInteger modulus = readBig(in);
                BigInteger exponent = readBig(in);
                RsaPrivateKey rsa = new RsaPrivateKey(new RsaPublicKey(modulus, exponent), readBig(in));
                Map<Integer, List<Key>> keys = new java.util.TreeMap<>();
                int dcs = in.readInt();
                for (int i = 0; i < dcs; i++) {
                    int dc = in.readInt();
                    int n = in.readInt();
                    List<Key> list = new java.util.ArrayList<>();
                    for (int j = 0; j < n; j++) {
                        list.add(new Key(in.readNBytes(AuthKey.LENGTH), in.readLong()));
                    }
                    keys.put(dc, list);
                }
                return new State(rsa, keys);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}
