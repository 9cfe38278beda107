package dev.heliograph.session;

import dev.heliograph.tl.Bytes;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One address of a data center, as the server's {@code help.getConfig} lists it.
 *
 * @param dcId the data center id (positive)
 * @param host the IP address (or host name)
 * @param port the TCP port
 * @param flags the option's flags
 * @param secret the MTProxy secret of the option, or {@link Bytes#EMPTY}
 */
public record DcOption(int dcId, String host, int port, Set<Flag> flags, Bytes secret) {

    /** The flags of a {@code dcOption}, with the stable bit each has in the snapshot format. */
    public enum Flag {
        /** An IPv6 address. */
        IPV6(1),
        /** Only for media (file) downloads. */
        MEDIA_ONLY(1 << 1),
        /** Only for TCP obfuscated connections. */
        TCPO_ONLY(1 << 2),
        /** A CDN DC. */
        CDN(1 << 3),
        /** An address that may be cached and used before the config is fetched. */
        STATIC(1 << 4),
        /** Only this port may be used for the address. */
        THIS_PORT_ONLY(1 << 5),
        /** An address of Telegram's test servers. */
        TEST(1 << 6);

        private final int bit;

        Flag(int bit) {
            this.bit = bit;
        }

        /**
         * Returns the flag's bit in the snapshot format.
         *
         * @return a single-bit mask
         */
        public int bit() {
            return bit;
        }
    }

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the DC id is not positive or the port is out of range
     */
    public DcOption {
        Objects.requireNonNull(host, "host is null");
        Objects.requireNonNull(secret, "secret is null");
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        if (dcId <= 0) {
            throw new IllegalArgumentException("dcId must be positive: " + dcId);
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Returns an option without flags or secret.
     *
     * @param dcId the data center id
     * @param host the address
     * @param port the port
     * @return the option
     */
    public static DcOption of(int dcId, String host, int port) {
        return new DcOption(dcId, host, port, Set.of(), Bytes.EMPTY);
    }

    /**
     * Returns the flags as a bit mask.
     *
     * @return the bits of {@link #flags()}
     */
    public int flagBits() {
        int bits = 0;
        for (Flag flag : flags) {
            bits |= flag.bit();
        }
        return bits;
    }

    /**
     * Returns the flags a bit mask stands for.
     *
     * @param bits the mask
     * @return the flags
     * @throws IllegalArgumentException if a bit is set that no flag has
     */
    public static Set<Flag> flagsOf(int bits) {
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        int rest = bits;
        for (Flag flag : Flag.values()) {
            if ((bits & flag.bit()) != 0) {
                flags.add(flag);
                rest &= ~flag.bit();
            }
        }
        if (rest != 0) {
            throw new IllegalArgumentException("unknown dc option flag bits: " + Integer.toHexString(rest));
        }
        return flags;
    }
}
