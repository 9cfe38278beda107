package dev.heliograph.crypto.impl;

import dev.heliograph.crypto.CryptoProvider;


/** The vector suite on the JDK provider with its bulk-CBC IGE encryption. */
class JdkCryptoProviderTest extends AbstractCryptoProviderTest {

    @Override
    CryptoProvider provider() {
        return new JdkCryptoProvider();
    }

    @Override
    void igeEncryptAnyKey(byte[] key, byte[] iv, byte[] in, byte[] out) {
        JdkCryptoProvider.igeEncrypt(JdkCryptoProvider.IgeStrategy.BULK_CBC, key, iv, in, 0, in.length, out, 0);
    }

    @Override
    void igeDecryptAnyKey(byte[] key, byte[] iv, byte[] in, byte[] out) {
        JdkCryptoProvider.igeDecrypt(key, iv, in, 0, in.length, out, 0);
    }
}
