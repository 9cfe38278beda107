package dev.heliograph.testdc.internal;

import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.RsaPublicKey;
import dev.heliograph.error.CryptoException;
import java.math.BigInteger;
import java.util.Random;

/**
 * A crypto provider that runs the RSA private operation of the DC's own keys with the Chinese
 * remainder theorem (about four times faster than {@code c^d mod n}), and delegates everything
 * else. The key formats carry only {@code (n, e, d)}, so the primes are recovered from them once,
 * at startup. This is what makes a DC serve a hundred cold logins per second.
 */
final class CrtRsaProvider implements CryptoProvider {

    private final CryptoProvider delegate;
    private final RsaPrivateKey key;
    private final BigInteger p;
    private final BigInteger q;
    private final BigInteger dP;
    private final BigInteger dQ;
    private final BigInteger qInv;

    CrtRsaProvider(CryptoProvider delegate, RsaPrivateKey key, long seed) {
        this.delegate = delegate;
        this.key = key;
        BigInteger n = key.publicKey().modulus();
        BigInteger[] pq = factor(n, key.publicKey().exponent(), key.privateExponent(), new Random(seed));
        this.p = pq[0];
        this.q = pq[1];
        this.dP = key.privateExponent().mod(p.subtract(BigInteger.ONE));
        this.dQ = key.privateExponent().mod(q.subtract(BigInteger.ONE));
        this.qInv = q.modInverse(p);
    }

    /** Recovers p and q from n, e and d (the classic square-root-of-one method). */
    private static BigInteger[] factor(BigInteger n, BigInteger e, BigInteger d, Random random) {
        BigInteger k = d.multiply(e).subtract(BigInteger.ONE);
        int twos = k.getLowestSetBit();
        BigInteger t = k.shiftRight(twos);
        BigInteger nMinusOne = n.subtract(BigInteger.ONE);
        for (int attempt = 0; attempt < 200; attempt++) {
            BigInteger g = new BigInteger(n.bitLength() - 1, random).add(BigInteger.TWO);
            BigInteger x = g.modPow(t, n);
            for (int i = 0; i < twos; i++) {
                BigInteger y = x.multiply(x).mod(n);
                if (y.equals(BigInteger.ONE) && !x.equals(BigInteger.ONE) && !x.equals(nMinusOne)) {
                    BigInteger f = x.subtract(BigInteger.ONE).gcd(n);
                    BigInteger other = n.divide(f);
                    return new BigInteger[] {f, other};
                }
                x = y;
            }
        }
        throw new CryptoException("the RSA private key does not match its modulus");
    }

    @Override
    public byte[] rsaPrivate(RsaPrivateKey k, byte[] block) {
        if (!k.publicKey().equals(key.publicKey()) || !k.privateExponent().equals(key.privateExponent())) {
            return delegate.rsaPrivate(k, block);
        }
        BigInteger c = new BigInteger(1, block);
        BigInteger m1 = c.modPow(dP, p);
        BigInteger m2 = c.modPow(dQ, q);
        BigInteger h = qInv.multiply(m1.subtract(m2)).mod(p);
        byte[] m = m2.add(h.multiply(q)).toByteArray();
        byte[] out = new byte[256];
        int len = Math.min(m.length, 256);
        System.arraycopy(m, m.length - len, out, 256 - len, len);
        return out;
    }

    @Override
    public String name() {
        return delegate.name() + "+crt";
    }

    @Override
    public void aesIgeEncrypt(byte[] k, byte[] iv, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        delegate.aesIgeEncrypt(k, iv, in, inOffset, length, out, outOffset);
    }

    @Override
    public void aesIgeDecrypt(byte[] k, byte[] iv, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        delegate.aesIgeDecrypt(k, iv, in, inOffset, length, out, outOffset);
    }

    @Override
    public AesCtr aesCtr(byte[] k, byte[] iv) {
        return delegate.aesCtr(k, iv);
    }

    @Override
    public Digest sha1() {
        return delegate.sha1();
    }

    @Override
    public Digest sha256() {
        return delegate.sha256();
    }

    @Override
    public BigInteger modPow(BigInteger base, BigInteger exponent, BigInteger modulus) {
        return delegate.modPow(base, exponent, modulus);
    }

    @Override
    public byte[] rsaPublic(RsaPublicKey k, byte[] block) {
        return delegate.rsaPublic(k, block);
    }
}
