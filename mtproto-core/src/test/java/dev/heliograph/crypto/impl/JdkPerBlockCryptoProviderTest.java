package dev.heliograph.crypto.impl;

import dev.heliograph.crypto.CryptoProvider;


/** The vector suite on the JDK provider with block-by-block IGE encryption. */
class JdkPerBlockCryptoProviderTest extends AbstractCryptoProviderTest {

    @Override
    CryptoProvider provider() {
        return new JdkCryptoProvider(JdkCryptoProvider.IgeStrategy.PER_BLOCK);
    }

    @Override
    void igeEncryptAnyKey(byte[] key, byte[] iv, byte[] in, byte[] out) {
        JdkCryptoProvider.igeEncrypt(JdkCryptoProvider.IgeStrategy.PER_BLOCK, key, iv, in, 0, in.length, out, 0);
    }

    @Override
    void igeDecryptAnyKey(byte[] key, byte[] iv, byte[] in, byte[] out) {
        JdkCryptoProvider.igeDecrypt(key, iv, in, 0, in.length, out, 0);
    }
}
