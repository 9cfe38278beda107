package dev.heliograph.session;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.tl.Bytes;
import java.util.List;
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
                .build();
    }
}
