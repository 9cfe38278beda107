package dev.heliograph.mtproto;

import dev.heliograph.crypto.RsaPublicKey;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The RSA public keys the client trusts during auth key creation. The server offers fingerprints
 * in {@code resPQ}; the client encrypts its inner data with the first offered key it holds and
 * aborts when it holds none of them, so this set is what stops a man in the middle.
 *
 * <p>{@link #builtIn()} holds Telegram's current production key and its test-server key, the two
 * keys the official clients ship. Add a key with {@link #plus} (the test DC's key in tests, a
 * private deployment's key). Immutable and thread-safe.
 */
public final class TrustedRsaKeys {

    private static final BigInteger E65537 = BigInteger.valueOf(65537);

    /** Telegram production main key (fingerprint 0xD09D1D85DE64FD85). */
    private static final RsaPublicKey PRODUCTION = new RsaPublicKey(new BigInteger(
            "E8BB3305C0B52C6CF2AFDF7637313489E63E05268E5BADB601AF417786472E5F93B85438968E20E6"
            + "729A301C0AFC121BF7151F834436F7FDA680847A66BF64ACCEC78EE21C0B316F0EDAFE2F41908DA7"
            + "BD1F4A5107638EEB67040ACE472A14F90D9F7C2B7DEF99688BA3073ADB5750BB02964902A359FE74"
            + "5D8170E36876D4FD8A5D41B2A76CBFF9A13267EB9580B2D06D10357448D20D9DA2191CB5D8C93982"
            + "961CDFDEDA629E37F1FB09A0722027696032FE61ED663DB7A37F6F263D370F69DB53A0DC0A1748BD"
            + "AAFF6209D5645485E6E001D1953255757E4B8E42813347B11DA6AB500FD0ACE7E6DFA3736199CCAF"
            + "9397ED0745A427DCFA6CD67BCB1ACFF3", 16), E65537);

    /** Telegram test-server key (fingerprint 0xB25898DF208D2603). */
    private static final RsaPublicKey TEST_SERVERS = new RsaPublicKey(new BigInteger(
            "C8C11D635691FAC091DD9489AEDCED2932AA8A0BCEFEF05FA800892D9B52ED03200865C9E97211CB"
            + "2EE6C7AE96D3FB0E15AEFFD66019B44A08A240CFDD2868A85E1F54D6FA5DEAA041F6941DDF302690"
            + "D61DC476385C2FA655142353CB4E4B59F6E5B6584DB76FE8B1370263246C010C93D011014113EBDF"
            + "987D093F9D37C2BE48352D69A1683F8F6E6C2167983C761E3AB169FDE5DAAA12123FA1BEAB621E4D"
            + "A5935E9C198F82F35EAE583A99386D8110EA6BD1ABB0F568759F62694419EA5F69847C43462ABEF8"
            + "58B4CB5EDC84E7B9226CD7BD7E183AA974A712C079DDE85B9DC063B8A5C08E8F859C0EE5DCD824C7"
            + "807F20153361A7F63CFD2A433A1BE7F5", 16), E65537);

    private static final TrustedRsaKeys BUILT_IN = new TrustedRsaKeys(List.of(PRODUCTION, TEST_SERVERS));

    private final List<RsaPublicKey> keys;

    private TrustedRsaKeys(List<RsaPublicKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Returns Telegram's production key and test-server key.
     *
     * @return the built-in set
     */
    public static TrustedRsaKeys builtIn() {
        return BUILT_IN;
    }

    /**
     * Returns a set holding exactly the given keys (none of the built-in ones).
     *
     * @param keys the keys to trust
     * @return the set
     */
    public static TrustedRsaKeys of(List<RsaPublicKey> keys) {
        return new TrustedRsaKeys(keys);
    }

    /**
     * Returns this set plus one more key.
     *
     * @param key the key to trust as well
     * @return a new set
     */
    public TrustedRsaKeys plus(RsaPublicKey key) {
        Objects.requireNonNull(key, "key is null");
        List<RsaPublicKey> all = new ArrayList<>(keys);
        all.add(key);
        return new TrustedRsaKeys(all);
    }

    /**
     * Returns the trusted keys, in the order they were added.
     *
     * @return an immutable list
     */
    public List<RsaPublicKey> keys() {
        return keys;
    }
}
