package dev.heliograph.crypto.impl;

import dev.heliograph.crypto.CryptoProvider;


/** The vector suite on the Bouncy Castle provider. */
class BouncyCastleCryptoProviderTest extends AbstractCryptoProviderTest {

    @Override
    CryptoProvider provider() {
        return new BouncyCastleCryptoProvider();
    }

    @Override
    void igeEncryptAnyKey(byte[] key, byte[] iv, byte[] in, byte[] out) {
        BouncyCastleCryptoProvider.igeEncrypt(key, iv, in, 0, in.length, out, 0);
    }

    @Override
    void igeDecryptAnyKey(byte[] key, byte[] iv, byte[] in, byte[] out) {
        BouncyCastleCryptoProvider.igeDecrypt(key, iv, in, 0, in.length, out, 0);
    }
}
