package dev.heliograph.crypto.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.RsaPublicKey;
import dev.heliograph.crypto.Vectors;
import dev.heliograph.error.CryptoException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RsaPemTest {

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    @Test
    void parsesTelegramsPkcs1KeysAndWritesThemBackIdentically() {
        RsaPublicKey t1 = RsaPem.parsePublic(Vectors.T1_PEM);
        assertEquals(2048, t1.modulus().bitLength());
        assertEquals(BigInteger.valueOf(65537), t1.exponent());
        assertEquals("C8C11D635691FAC0", t1.modulus().toString(16).substring(0, 16).toUpperCase());
        assertEquals(Vectors.T1_PEM, RsaPem.writePublic(t1));
        assertEquals(Vectors.P1_PEM, RsaPem.writePublic(RsaPem.parsePublic(Vectors.P1_PEM)));
    }

    @Test
    void parsesEveryPublicKeyInAText() {
        List<RsaPublicKey> keys = RsaPem.parsePublicKeys("P1:\n" + Vectors.P1_PEM + "T1:\n" + Vectors.T1_PEM);
        assertEquals(List.of(RsaPem.parsePublic(Vectors.P1_PEM), RsaPem.parsePublic(Vectors.T1_PEM)), keys);
    }

    @Test
    void parsesSubjectPublicKeyInfo() throws Exception {
        RsaPublicKey t1 = RsaPem.parsePublic(Vectors.T1_PEM);
        byte[] der = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(t1.modulus(), t1.exponent())).getEncoded();
        assertEquals(t1, RsaPem.parsePublic(pem("PUBLIC KEY", der)));
    }

    @Test
    void parsesPkcs8AndPkcs1PrivateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair pair = generator.generateKeyPair();
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) pair.getPrivate();
        RsaPrivateKey expected = new RsaPrivateKey(new RsaPublicKey(crt.getModulus(), crt.getPublicExponent()),
                crt.getPrivateExponent());

        RsaPrivateKey pkcs8 = RsaPem.parsePrivate(pem("PRIVATE KEY", crt.getEncoded()));
        assertEquals(expected, pkcs8);

        BigInteger[] parts = {BigInteger.ZERO, crt.getModulus(), crt.getPublicExponent(), crt.getPrivateExponent(),
            crt.getPrimeP(), crt.getPrimeQ(), crt.getPrimeExponentP(), crt.getPrimeExponentQ(), crt.getCrtCoefficient()};
        RsaPrivateKey pkcs1 = RsaPem.parsePrivate(pem("RSA PRIVATE KEY", sequence(parts)));
        assertEquals(expected, pkcs1);
    }

    @Test
    void generatesAWorkingTestDcKey() {
        RsaPrivateKey key = TestKeys.serverKey();
        assertEquals(2048, key.publicKey().modulus().bitLength());
        assertEquals(key.publicKey(), RsaPem.parsePublic(RsaPem.writePublic(key.publicKey())));
        MtprotoCrypto crypto = new MtprotoCrypto(CryptoProviders.defaultProvider());
        assertNotEquals(crypto.rsaFingerprint(key.publicKey()), crypto.rsaFingerprint(RsaPem.parsePublic(Vectors.T1_PEM)));
    }

    @Test
    void rejectsMalformedPem() {
        assertThrows(CryptoException.class, () -> RsaPem.parsePublic("no key here"));
        assertThrows(CryptoException.class, () -> RsaPem.parsePublic(pem("RSA PUBLIC KEY", new byte[] {0x30, 0x05, 0x02})));
        assertThrows(CryptoException.class, () -> RsaPem.parsePublic(pem("RSA PUBLIC KEY",
                sequence(new BigInteger[] {BigInteger.TEN}))));
        assertThrows(CryptoException.class, () -> RsaPem.parsePublic(pem("RSA PUBLIC KEY",
                sequence(new BigInteger[] {BigInteger.TEN.negate(), BigInteger.TWO}))));
        assertThrows(CryptoException.class, () -> RsaPem.parsePublic(pem("PUBLIC KEY", new byte[] {1, 2, 3})));
        assertThrows(CryptoException.class, () -> RsaPem.parsePrivate(pem("PRIVATE KEY", new byte[] {1, 2, 3})));
        assertThrows(CryptoException.class, () -> RsaPem.parsePrivate(pem("RSA PRIVATE KEY",
                sequence(new BigInteger[] {BigInteger.ONE, BigInteger.TEN}))));
        assertThrows(CryptoException.class, () -> RsaPem.parsePrivate(Vectors.T1_PEM));
    }

    /** DER SEQUENCE of INTEGERs, written independently of the code under test. */
    private static byte[] sequence(BigInteger[] values) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (BigInteger value : values) {
            tag(body, 0x02, value.toByteArray());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tag(out, 0x30, body.toByteArray());
        return out.toByteArray();
    }

    private static void tag(ByteArrayOutputStream out, int tag, byte[] content) {
        out.write(tag);
        if (content.length < 128) {
            out.write(content.length);
        } else {
            out.write(0x82);
            out.write(content.length >> 8);
            out.write(content.length);
        }
        out.writeBytes(content);
    }
}
