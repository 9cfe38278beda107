package dev.heliograph.crypto;

import java.util.HexFormat;

/** Published and cross-checked values from the project's test-vector notes, retyped as hex. */
public final class Vectors {

    private Vectors() {
    }

    public static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    public static byte[] counting(int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) i;
        }
        return out;
    }

    /** Test-DC key T1 (PKCS#1). */
    public static final String T1_PEM = """
            -----BEGIN RSA PUBLIC KEY-----
            MIIBCgKCAQEAyMEdY1aR+sCR3ZSJrtztKTKqigvO/vBfqACJLZtS7QMgCGXJ6XIR
            yy7mx66W0/sOFa7/1mAZtEoIokDP3ShoqF4fVNb6XeqgQfaUHd8wJpDWHcR2OFwv
            plUUI1PLTktZ9uW2WE23b+ixNwJjJGwBDJPQEQFBE+vfmH0JP503wr5INS1poWg/
            j25sIWeYPHYeOrFp/eXaqhISP6G+q2IeTaWTXpwZj4LzXq5YOpk4bYEQ6mvRq7D1
            aHWfYmlEGepfaYR8Q0YqvvhYtMte3ITnuSJs171+GDqpdKcSwHnd6FudwGO4pcCO
            j4WcDuXc2CTHgH8gFTNhp/Y8/SpDOhvn9QIDAQAB
            -----END RSA PUBLIC KEY-----
            """;

    /** Production key P1 (PKCS#1). */
    public static final String P1_PEM = """
            -----BEGIN RSA PUBLIC KEY-----
            MIIBCgKCAQEA6LszBcC1LGzyr992NzE0ieY+BSaOW622Aa9Bd4ZHLl+TuFQ4lo4g
            5nKaMBwK/BIb9xUfg0Q29/2mgIR6Zr9krM7HjuIcCzFvDtr+L0GQjae9H0pRB2OO
            62cECs5HKhT5DZ98K33vmWiLowc621dQuwKWSQKjWf50XYFw42h21P2KXUGyp2y/
            +aEyZ+uVgLLQbRA1dEjSDZ2iGRy12Mk5gpYc397aYp438fsJoHIgJ2lgMv5h7WY9
            t6N/byY9Nw9p21Og3AoXSL2q/2IJ1WRUhebgAdGVMlV1fkuOQoEzR7EdpqtQD9Cs
            5+bfo3Nhmcyvk5ftB0WkJ9z6bNZ7yxrP8wIDAQAB
            -----END RSA PUBLIC KEY-----
            """;

    /** C.10: the auth key of the official 2026 sample exchange. */
    public static final byte[] SAMPLE_AUTH_KEY = hex("""
            8E1081A1B5CA1B399A9A9D7E08BB9A9182AB634F8C03F2A49F944E2F944A9C71
            EDBA61A32A70D3DADEB33752AE515B16B2D8E75039C40EBE18136775C3727372
            A8DF486606D671FD63842DF0A44ACC31E68B7B1EC6A731A1DC5C748F0CB46AC0
            0FDE363F0520B51D9B59EAE519EA511A8E8591FC7010DF0B07CDBAB04013DD85
            172CB54555DC5C982EA0A5DCF4411E798D338B823161FD8C93100B7A426186B4
            C16F9113521081C8D2075872F4A0CF238034843DC01F2C26828721A2E2FFD93A
            9B0142B8DF6355C43D9AEF5B448F1CC0D84E0E72A7FF494D4CC3B1650050DDEC
            5DC321ADA68E420F45098280CEAB58A1CBFAA60FFF3218E56B4741143AC5A6F0
            """);

    /** C.4: new_nonce of the sample. */
    public static final byte[] SAMPLE_NEW_NONCE = hex("BF8CB5BD9C5B4FE7CF24D64D281F89311576D53C0DA65A83267E57315414C9A6");
    /** C.2: server_nonce of the sample. */
    public static final byte[] SAMPLE_SERVER_NONCE = hex("63248F6748214EAB8A2F4CC876E11974");
}
