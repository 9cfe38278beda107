package dev.heliograph.session;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.tl.Bytes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Sessions and keys for store tests. */
public final class SessionFixtures {

    private SessionFixtures() {
    }

    /**
     * Returns a random 256-byte auth key.
     *
     * @return the key
     */
    public static AuthKey randomKey() {
        byte[] key = new byte[AuthKey.LENGTH];
        ThreadLocalRandom.current().nextBytes(key);
        return AuthKey.of(key);
    }

    /**
     * Returns a fresh key for a DC with one initial salt.
     *
     * @param dcId the DC
     * @return the state
     */
    public static DcAuth newDc(int dcId) {
        return DcAuth.created(dcId, randomKey(), ThreadLocalRandom.current().nextLong(), 1500);
    }

    /**
     * Returns a snapshot that uses every field.
     *
     * @return the snapshot
     */
    public static SessionSnapshot fullSnapshot() {
        DcAuth dc2 = newDc(2).withSalts(List.of(new ServerSalt(11, 100, 200), new ServerSalt(-12, 200, 300)));
        return SessionSnapshot.builder()
                .homeDc(2)
                .dc(newDc(1))
                .dc(dc2)
                .dc(newDc(4).withTimeOffset(-42_000))
                .dcOptions(List.of(
                        DcOption.of(1, "149.154.175.53", 443),
                        new DcOption(2, "2001:67c:4e8:f002::a", 443, Set.of(DcOption.Flag.IPV6), Bytes.EMPTY),
                        new DcOption(4, "149.154.167.91", 443,
                                Set.of(DcOption.Flag.MEDIA_ONLY, DcOption.Flag.THIS_PORT_ONLY),
                                Bytes.fromHex("00112233445566778899aabbccddeeff"))))
                .selfUser(new SelfUser(777_000_123L, "heliograph_bot", "Héliograph ☀", true))
                .updateState(new UpdateState(1_204, 17, 1_764_000_000, 93, Map.of(1_000_000_001L, 55, 1_000_000_002L, 7)))
                .peer(new KnownPeer(KnownPeer.Kind.USER, 5_000_001L, -8_123_456_789L))
                .peer(new KnownPeer(KnownPeer.Kind.USER, 5_000_002L, 42L))
                .peer(new KnownPeer(KnownPeer.Kind.CHANNEL, 1_000_000_001L, Long.MIN_VALUE))
                .build();
    }

    /**
     * Returns the snapshot that {@code v1-plain.session} and {@code v1-sealed.session} (test
     * resources beside this class) hold: bytes written by the version 1 codec, before the update
     * state and the peer cache existed. The sealed one uses an encryption key of 32 bytes of 7.
     *
     * @return the snapshot
     */
    public static SessionSnapshot version1Snapshot() {
        byte[] k1 = new byte[AuthKey.LENGTH];
        byte[] k2 = new byte[AuthKey.LENGTH];
        for (int i = 0; i < AuthKey.LENGTH; i++) {
            k1[i] = (byte) (i * 7 + 1);
            k2[i] = (byte) (i * 13 + 5);
        }
        return SessionSnapshot.builder().homeDc(2)
                .dc(DcAuth.created(1, AuthKey.of(k1), 0x1122334455667788L, 1500))
                .dc(DcAuth.created(2, AuthKey.of(k2), -42L, -3000).withSalts(List.of(new ServerSalt(11, 100, 200))))
                .dcOptions(List.of(DcOption.of(2, "10.0.0.2", 443)))
                .selfUser(new SelfUser(777000123L, "heliograph_bot", "Heliograph", true))
                .build();
    }

    /**
     * Reads a version 1 session written by the version 1 codec (see {@link #version1Snapshot()}).
     *
     * @param sealed the sealed file instead of the plain one
     * @return the bytes
     */
    public static byte[] version1Bytes(boolean sealed) {
        String name = sealed ? "v1-sealed.session" : "v1-plain.session";
        try (java.io.InputStream in = SessionFixtures.class.getResourceAsStream(name)) {
            return java.util.Objects.requireNonNull(in, name).readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
