package dev.heliograph.session;

import java.util.HexFormat;

/**
 * A session as the first session format (one auth key per DC, {@code SnapshotCodec} version 1)
 * wrote it, captured from that codec: home DC 4, bot 7001 {@code @legacy_bot}, one key of DC 4.
 */
public final class LegacySessionFixture {

    /** The id of the fixture's DC 4 key. */
    public static final long KEY_ID = 0x31c96c19efe6d69eL;

    private static final String HEX = "4847534e000100000000014e00000004010000000000001b59000a6c65676163795f626f74"
            + "00064c656761637901000000010000000431c96c19efe6d69e0100030a11181f262d343b424950575e656c737a81888f96"
            + "9da4abb2b9c0c7ced5dce3eaf1f8ff060d141b222930373e454c535a61686f767d848b9299a0a7aeb5bcc3cad1d8dfe6edf4"
            + "fb020910171e252c333a41484f565d646b727980878e959ca3aab1b8bfc6cdd4dbe2e9f0f7fe050c131a21282f363d444b52"
            + "5960676e757c838a91989fa6adb4bbc2c9d0d7dee5ecf3fa01080f161d242b323940474e555c636a71787f868d949ba2a9b0"
            + "b7bec5ccd3dae1e8eff6fd040b121920272e353c434a51585f666d747b828990979ea5acb3bac1c8cfd6dde4ebf2f900070e"
            + "151c232a31383f464d545b626970777e858c939aa1a8afb6bdc4cbd2d9e0e7eef5fc00000000000005dc0001112233445566"
            + "778800000064000000c847166f67";

    private LegacySessionFixture() {
    }

    /**
     * Returns the bytes.
     *
     * @return a fresh copy
     */
    public static byte[] bytes() {
        return HexFormat.of().parseHex(HEX);
    }
}
