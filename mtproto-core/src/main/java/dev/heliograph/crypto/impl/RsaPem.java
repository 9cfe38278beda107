package dev.heliograph.crypto.impl;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.RsaPublicKey;
import dev.heliograph.error.CryptoException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes RSA keys in PEM: public keys as PKCS#1 ({@code RSA PUBLIC KEY}, the form
 * Telegram publishes) or X.509 SubjectPublicKeyInfo ({@code PUBLIC KEY}); private keys as PKCS#1
 * ({@code RSA PRIVATE KEY}) or PKCS#8 ({@code PRIVATE KEY}). Also generates key pairs for the test
 * DC. Malformed input is a {@link CryptoException}.
 */
public final class RsaPem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;

    private RsaPem() {
    }

    /**
     * Parses the first public key in PEM text.
     *
     * @param pem text holding an {@code RSA PUBLIC KEY} or {@code PUBLIC KEY} block
     * @return the key
     * @throws CryptoException if there is no such block or it is malformed
     */
    public static RsaPublicKey parsePublic(String pem) {
        for (Block block : blocks(pem)) {
            switch (block.label()) {
                case "RSA PUBLIC KEY" -> {
                    List<BigInteger> ints = sequenceOfIntegers(block.der());
                    if (ints.size() != 2) {
                        throw new CryptoException("RSA PUBLIC KEY must hold two integers, got " + ints.size());
                    }
                    return publicKey(ints.get(0), ints.get(1));
                }
                case "PUBLIC KEY" -> {
                    try {
                        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                                .generatePublic(new X509EncodedKeySpec(block.der()));
                        return publicKey(key.getModulus(), key.getPublicExponent());
                    } catch (GeneralSecurityException | ClassCastException e) {
                        throw new CryptoException("malformed RSA PUBLIC KEY info", e);
                    }
                }
                default -> {
                    // Not a public key: look at the next block.
                }
            }
        }
        throw new CryptoException("no RSA PUBLIC KEY or PUBLIC KEY block found");
    }

    /**
     * Parses every public key block in PEM text, in order.
     *
     * @param pem text holding zero or more public key blocks (other blocks are skipped)
     * @return the keys
     * @throws CryptoException if a public key block is malformed
     */
    public static List<RsaPublicKey> parsePublicKeys(String pem) {
        List<RsaPublicKey> keys = new ArrayList<>();
        for (Block block : blocks(pem)) {
            if (block.label().equals("RSA PUBLIC KEY") || block.label().equals("PUBLIC KEY")) {
                keys.add(parsePublic(block.text()));
            }
        }
        return List.copyOf(keys);
    }

    /**
     * Parses the first private key in PEM text.
     *
     * @param pem text holding an {@code RSA PRIVATE KEY} (PKCS#1) or {@code PRIVATE KEY} (PKCS#8) block
     * @return the key
     * @throws CryptoException if there is no such block or it is malformed
     */
    public static RsaPrivateKey parsePrivate(String pem) {
        for (Block block : blocks(pem)) {
            switch (block.label()) {
                case "RSA PRIVATE KEY" -> {
                    List<BigInteger> ints = sequenceOfIntegers(block.der());
                    // version, n, e, d, p, q, dp, dq, qinv
                    if (ints.size() < 9 || ints.get(0).signum() != 0) {
                        throw new CryptoException("RSA PRIVATE KEY is not a two-prime PKCS#1 key");
                    }
                    return privateKey(ints.get(1), ints.get(2), ints.get(3));
                }
                case "PRIVATE KEY" -> {
                    try {
                        RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA")
                                .generatePrivate(new PKCS8EncodedKeySpec(block.der()));
                        BigInteger e = key instanceof java.security.interfaces.RSAPrivateCrtKey crt
                                ? crt.getPublicExponent() : null;
                        if (e == null) {
                            throw new CryptoException("PRIVATE KEY lacks the public exponent");
                        }
                        return privateKey(key.getModulus(), e, key.getPrivateExponent());
                    } catch (GeneralSecurityException | ClassCastException e) {
                        throw new CryptoException("malformed PRIVATE KEY", e);
                    }
                }
                default -> {
                    // Not a private key: look at the next block.
                }
            }
        }
        throw new CryptoException("no RSA PRIVATE KEY or PRIVATE KEY block found");
    }

    /**
     * Writes a public key as a PKCS#1 {@code RSA PUBLIC KEY} PEM block (64-character lines).
     *
     * @param key the key
     * @return the PEM text, ending with a line break
     */
    public static String writePublic(RsaPublicKey key) {
        Objects.requireNonNull(key, "key is null");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        derInteger(body, key.modulus());
        derInteger(body, key.exponent());
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        derTag(der, SEQUENCE, body.toByteArray());
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der.toByteArray());
        return "-----BEGIN RSA PUBLIC KEY-----\n" + base64 + "\n-----END RSA PUBLIC KEY-----\n";
    }

    /**
     * Generates a 2048-bit key pair with exponent 65537, as the test DC's server key.
     *
     * @param random the randomness the key generator draws from
     * @return the private key (which holds the public one)
     */
    public static RsaPrivateKey generate(RandomSource random) {
        Objects.requireNonNull(random, "random is null");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4),
                    new RandomSourceSecureRandom(random));
            java.security.KeyPair pair = generator.generateKeyPair();
            RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
            RSAPrivateKey priv = (RSAPrivateKey) pair.getPrivate();
            return privateKey(pub.getModulus(), pub.getPublicExponent(), priv.getPrivateExponent());
        } catch (GeneralSecurityException e) {
            throw new CryptoException("RSA key generation is unavailable", e);
        }
    }

    private static RsaPublicKey publicKey(BigInteger n, BigInteger e) {
        if (n.signum() <= 0 || e.signum() <= 0) {
            throw new CryptoException("RSA modulus and exponent must be positive");
        }
        return new RsaPublicKey(n, e);
    }

    private static RsaPrivateKey privateKey(BigInteger n, BigInteger e, BigInteger d) {
        if (d.signum() <= 0) {
            throw new CryptoException("RSA private exponent must be positive");
        }
        return new RsaPrivateKey(publicKey(n, e), d);
    }

    private record Block(String label, String text, byte[] der) {
    }

    private static List<Block> blocks(String pem) {
        Objects.requireNonNull(pem, "pem is null");
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(matcher.group(2));
            } catch (IllegalArgumentException e) {
                throw new CryptoException("PEM block " + matcher.group(1) + " is not valid base64", e);
            }
            blocks.add(new Block(matcher.group(1), matcher.group(), der));
        }
        return blocks;
    }

    /** Reads {@code SEQUENCE { INTEGER, ... }} and nothing after it. */
    private static List<BigInteger> sequenceOfIntegers(byte[] der) {
        DerReader outer = new DerReader(der, 0, der.length);
        DerReader seq = outer.next(SEQUENCE);
        if (outer.hasMore()) {
            throw new CryptoException("trailing bytes after the DER sequence");
        }
        List<BigInteger> ints = new ArrayList<>();
        while (seq.hasMore()) {
            DerReader value = seq.next(INTEGER);
            if (value.end == value.pos) {
                throw new CryptoException("empty DER INTEGER");
            }
            ints.add(new BigInteger(java.util.Arrays.copyOfRange(der, value.pos, value.end)));
        }
        return ints;
    }

    /** A cursor over definite-length DER. */
    private static final class DerReader {
        private final byte[] der;
        private int pos;
        private final int end;

        DerReader(byte[] der, int pos, int end) {
            this.der = der;
            this.pos = pos;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        DerReader next(int tag) {
            if (end - pos < 2 || (der[pos] & 0xff) != tag) {
                throw new CryptoException("expected DER tag 0x" + Integer.toHexString(tag));
            }
            pos++;
            int length = der[pos++] & 0xff;
            if (length >= 0x80) {
                int bytes = length & 0x7f;
                if (bytes == 0 || bytes > 3 || end - pos < bytes) {
                    throw new CryptoException("unsupported DER length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = length << 8 | (der[pos++] & 0xff);
                }
            }
            if (length > end - pos) {
                throw new CryptoException("DER value runs past its container");
            }
            DerReader inner = new DerReader(der, pos, pos + length);
            pos += length;
            return inner;
        }
    }

    private static void derInteger(ByteArrayOutputStream out, BigInteger value) {
        derTag(out, INTEGER, value.toByteArray());
    }

    private static void derTag(ByteArrayOutputStream out, int tag, byte[] content) {
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content);
    }

    /** A {@link SecureRandom} that draws from a {@link RandomSource}, for the JCA key generator. */
    private static final class RandomSourceSecureRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient RandomSource source;

        RandomSourceSecureRandom(RandomSource source) {
            this.source = source;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            source.nextBytes(bytes);
        }

        @Override
        public byte[] generateSeed(int numBytes) {
            return source.bytes(numBytes);
        }

        @Override
        public void setSeed(long seed) {
            // The source decides its own state; SecureRandom's constructor calls this too.
        }

        @Override
        public void setSeed(byte[] seed) {
            // As above.
        }
    }
}
