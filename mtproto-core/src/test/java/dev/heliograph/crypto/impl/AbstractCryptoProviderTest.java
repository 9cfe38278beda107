package dev.heliograph.crypto.impl;

import static dev.heliograph.crypto.Vectors.counting;
import static dev.heliograph.crypto.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.AesKeyIv;
import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.CryptoProvider.AesCtr;
import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.RsaPublicKey;
import dev.heliograph.crypto.Vectors;
import dev.heliograph.error.CryptoException;
import dev.heliograph.error.SecurityCheckException;
import dev.heliograph.error.SecurityCheckException.Check;
import dev.heliograph.mtproto.testing.ScriptedRandom;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The vector suite every {@link CryptoProvider} must pass, run through the provider directly and
 * through {@link MtprotoCrypto}. Section letters refer to the project's test-vector notes.
 */
abstract class AbstractCryptoProviderTest {

    private final CryptoProvider provider = provider();
    private final MtprotoCrypto crypto = new MtprotoCrypto(provider);

    /** The provider under test. */
    abstract CryptoProvider provider();

    /** IGE encryption with any AES key size, to run the AES-128 chaining vectors. */
    abstract void igeEncryptAnyKey(byte[] key, byte[] iv, byte[] in, byte[] out);

    /** IGE decryption with any AES key size. */
    abstract void igeDecryptAnyKey(byte[] key, byte[] iv, byte[] in, byte[] out);

    private byte[] igeEncrypt(byte[] key, byte[] iv, byte[] in) {
        byte[] out = new byte[in.length];
        provider.aesIgeEncrypt(key, iv, in, 0, in.length, out, 0);
        return out;
    }

    private byte[] igeDecrypt(byte[] key, byte[] iv, byte[] in) {
        byte[] out = new byte[in.length];
        provider.aesIgeDecrypt(key, iv, in, 0, in.length, out, 0);
        return out;
    }

    // ---- A. AES-IGE

    @Test
    void encryptsOpenSslIgeVectorZeroWithAes128() {
        byte[] out = new byte[32];
        igeEncryptAnyKey(hex("000102030405060708090A0B0C0D0E0F"),
                hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"), new byte[32], out);
        assertArrayEquals(hex("1A8519A6557BE652E9DA8E43DA4EF4453CF456B4CA488AA383C79C98B34797CB"), out);
    }

    @Test
    void decryptsOpenSslIgeVectorOneWithAes128() {
        byte[] key = hex("5468697320697320616E20696D706C65");
        byte[] iv = hex("6D656E746174696F6E206F6620494745206D6F646520666F72204F70656E5353");
        byte[] ciphertext = hex("4C2E204C6574277320686F70652042656E20676F74206974207269676874210A");
        byte[] plaintext = hex("99706487A1CDE613BC6DE0B6F24B1C7AA448C8B9C3403E3467A8CAD89340F53B");
        byte[] out = new byte[32];
        igeDecryptAnyKey(key, iv, ciphertext, out);
        assertArrayEquals(plaintext, out);
        igeEncryptAnyKey(key, iv, plaintext, out);
        assertArrayEquals(ciphertext, out);
    }

    @Test
    void encryptsAsciiAes256IgeVector() {
        byte[] key = "the key needs 32 characters long".getBytes(StandardCharsets.US_ASCII);
        byte[] iv = "the iv needs 32 characters long.".getBytes(StandardCharsets.US_ASCII);
        byte[] plaintext = "this should hold a 64 characters long string. only 10 more left."
                .getBytes(StandardCharsets.US_ASCII);
        byte[] ciphertext = hex("4A657A834EDC2956EC95B2A42EC8C1F2D1F0A6028AC26FD830ED23855574B4E6"
                + "9DD1A2BE2BA18A53A49B879B245E1065E14B6E8AC5BA9B24BEFAFF3209B77B5F");
        assertArrayEquals(ciphertext, igeEncrypt(key, iv, plaintext));
        assertArrayEquals(plaintext, igeDecrypt(key, iv, ciphertext));
    }

    @Test
    void encryptsAndDecryptsCountingBytesInBothDirections() {
        byte[] x = counting(32);
        assertArrayEquals(hex("E28112A53E5C89C7B1EA8071C133699FD4E86B26C4BAC9FC5AF1AB8CE27A44A4"), igeEncrypt(x, x, x));
        assertArrayEquals(hex("E5777AFACD7B2C16F7AC40CAE61EF603FEE6098FB8A8860AB9EE672CD7E5BACC"), igeDecrypt(x, x, x));
    }

    @Test
    void decryptsTheSampleServerDhAnswer() {
        AesKeyIv tmp = crypto.tmpAesKeyIv(Vectors.SAMPLE_NEW_NONCE, Vectors.SAMPLE_SERVER_NONCE);
        byte[] answer = igeDecrypt(tmp.key(), tmp.iv(), SampleHandshake.ENCRYPTED_ANSWER);
        assertArrayEquals(SampleHandshake.ANSWER_WITH_HASH, answer);
        assertArrayEquals(Arrays.copyOf(answer, 20), crypto.sha1(Arrays.copyOfRange(answer, 20, 584)));
        assertArrayEquals(SampleHandshake.ENCRYPTED_ANSWER, igeEncrypt(tmp.key(), tmp.iv(), answer));
    }

    @Test
    void encryptsTheSampleClientDhInnerData() {
        AesKeyIv tmp = crypto.tmpAesKeyIv(Vectors.SAMPLE_NEW_NONCE, Vectors.SAMPLE_SERVER_NONCE);
        byte[] inner = SampleHandshake.CLIENT_DH_INNER_DATA;
        byte[] hash = crypto.sha1(inner);
        assertArrayEquals(hex("78CE91288EC08013C6A054CC0C3816F265F44F2B"), hash);
        byte[] withHash = new byte[336];
        System.arraycopy(hash, 0, withHash, 0, 20);
        System.arraycopy(inner, 0, withHash, 20, inner.length);
        System.arraycopy(hex("A813B31F76CD0D537283454A"), 0, withHash, 324, 12);
        assertArrayEquals(SampleHandshake.CLIENT_DH_ENCRYPTED, igeEncrypt(tmp.key(), tmp.iv(), withHash));
        assertArrayEquals(withHash, igeDecrypt(tmp.key(), tmp.iv(), SampleHandshake.CLIENT_DH_ENCRYPTED));
    }

    @Test
    void encryptsAndDecryptsInPlaceAndAtOffsets() {
        byte[] key = counting(32);
        byte[] iv = hex("0F0E0D0C0B0A09080706050403020100F0E0D0C0B0A090807060504030201000");
        for (int length : new int[] {16, 32, 48, 16 * 1024 - 16, 16 * 1024, 16 * 1024 + 16, 40 * 1024 + 48}) {
            byte[] plaintext = new byte[length];
            TestKeys.seeded(length).nextBytes(plaintext);
            byte[] expected = igeEncrypt(key, iv, plaintext);
            byte[] buffer = new byte[length + 7];
            System.arraycopy(plaintext, 0, buffer, 3, length);
            provider.aesIgeEncrypt(key, iv, buffer, 3, length, buffer, 3);
            assertArrayEquals(expected, Arrays.copyOfRange(buffer, 3, 3 + length), "in-place encrypt " + length);
            provider.aesIgeDecrypt(key, iv, buffer, 3, length, buffer, 3);
            assertArrayEquals(plaintext, Arrays.copyOfRange(buffer, 3, 3 + length), "in-place decrypt " + length);
            byte[] other = new byte[length + 5];
            provider.aesIgeEncrypt(key, iv, plaintext, 0, length, other, 5);
            assertArrayEquals(expected, Arrays.copyOfRange(other, 5, 5 + length), "offset encrypt " + length);
        }
    }

    @Test
    void encryptsNothingWhenTheLengthIsZero() {
        byte[] out = {42};
        provider.aesIgeEncrypt(counting(32), counting(32), new byte[0], 0, 0, out, 0);
        provider.aesIgeDecrypt(counting(32), counting(32), new byte[0], 0, 0, out, 0);
        assertEquals(42, out[0]);
    }

    @Test
    void rejectsBadIgeArguments() {
        byte[] block = new byte[32];
        assertThrows(CryptoException.class, () -> provider.aesIgeEncrypt(new byte[16], new byte[32], block, 0, 32, block, 0));
        assertThrows(CryptoException.class, () -> provider.aesIgeDecrypt(new byte[31], new byte[32], block, 0, 32, block, 0));
        assertThrows(CryptoException.class, () -> provider.aesIgeEncrypt(new byte[32], new byte[16], block, 0, 32, block, 0));
        assertThrows(CryptoException.class, () -> provider.aesIgeDecrypt(new byte[32], new byte[33], block, 0, 32, block, 0));
        assertThrows(CryptoException.class, () -> provider.aesIgeEncrypt(new byte[32], new byte[32], block, 0, 17, block, 0));
        assertThrows(CryptoException.class, () -> provider.aesIgeDecrypt(new byte[32], new byte[32], block, 0, -16, block, 0));
        assertThrows(CryptoException.class, () -> provider.aesIgeEncrypt(new byte[32], new byte[32], block, 16, 32, block, 0));
        assertThrows(CryptoException.class, () -> provider.aesIgeDecrypt(new byte[32], new byte[32], block, 0, 32, new byte[16], 0));
    }

    // ---- AES-CTR, digests, modPow, raw RSA

    @Test
    void runsAesCtrAsAStreamAcrossUnalignedUpdates() {
        // Obfuscation vector I.2: the send stream of init 00..3F (with tag EEEEEEEE and dc 2 in
        // bytes 56..61) encrypts the header and the first frame.
        byte[] key = hex("08090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F2021222324252627");
        byte[] iv = hex("28292A2B2C2D2E2F3031323334353637");
        byte[] init = counting(64);
        System.arraycopy(hex("EEEEEEEE0200"), 0, init, 56, 6);
        AesCtr ctr = provider.aesCtr(key, iv);
        byte[] header = new byte[64];
        ctr.update(init, 0, 64, header, 0);
        assertArrayEquals(hex("4618255E1C00FD5D"), Arrays.copyOfRange(header, 56, 64));
        byte[] frame = hex("28000000000000000000000078F404006170466A14000000F18E7EBE51A1143FC7A3666BE4BE54D6890A02DC");
        ctr.update(frame, 0, 5, frame, 0);
        ctr.update(frame, 5, frame.length - 5, frame, 5);
        assertArrayEquals(hex("1AA9C12838F1654122B190BD6556B60BC3D682C7CDF70EFBDC1868A252E84CEC44D8B4E76E2CA47BB8827B2A"),
                frame);
        assertThrows(CryptoException.class, () -> provider.aesCtr(key, new byte[32]));
        assertThrows(CryptoException.class, () -> provider.aesCtr(new byte[24], iv));
    }

    @Test
    void hashesKnownAnswers() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(hex("A9993E364706816ABA3E25717850C26C9CD0D89D"), provider.sha1().update(abc).digest());
        assertArrayEquals(hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"),
                provider.sha256().update(abc, 0, 1).update(abc, 1, 2).digest());
        assertThrows(CryptoException.class, () -> provider.sha256().update(abc, 2, 2));
    }

    @Test
    void computesModPowAndRejectsBadOperands() {
        assertEquals(BigInteger.valueOf(445), provider.modPow(BigInteger.valueOf(4), BigInteger.valueOf(13),
                BigInteger.valueOf(497)));
        assertThrows(CryptoException.class, () -> provider.modPow(BigInteger.TWO, BigInteger.TWO, BigInteger.ZERO));
        assertThrows(CryptoException.class, () -> provider.modPow(BigInteger.TWO.negate(), BigInteger.TWO, BigInteger.TEN));
        assertThrows(CryptoException.class, () -> provider.modPow(BigInteger.TWO, BigInteger.ONE.negate(), BigInteger.TEN));
    }

    @Test
    void runsRawRsaBothWaysAndRejectsBadBlocks() {
        RsaPrivateKey key = TestKeys.serverKey();
        byte[] block = new byte[256];
        block[1] = 0x55;
        block[255] = 0x01;
        byte[] encrypted = provider.rsaPublic(key.publicKey(), block);
        assertEquals(256, encrypted.length);
        assertArrayEquals(block, provider.rsaPrivate(key, encrypted));
        byte[] modulus = MtprotoCrypto.unsigned(key.publicKey().modulus());
        assertThrows(CryptoException.class, () -> provider.rsaPublic(key.publicKey(), modulus));
        assertThrows(CryptoException.class, () -> provider.rsaPrivate(key, modulus));
        assertThrows(CryptoException.class, () -> provider.rsaPublic(key.publicKey(), new byte[255]));
        assertThrows(CryptoException.class, () -> provider.rsaPrivate(key, new byte[257]));
    }

    // ---- B. key derivation and message encryption

    @Test
    void derivesMessageKeysInBothDirections() {
        AuthKey key = AuthKey.of(counting(256));
        AesKeyIv client = crypto.messageKeyIv(key, counting(16), true);
        assertArrayEquals(hex("704ED09C8B41668AE8F99D244738F71DBDDC44469B6BBD4AA8573DD042BD059E"), client.key());
        assertArrayEquals(hex("4D266000A550EDABBF4C7CE40FD0043CC92230184CD317A5CC9C2482FD3B9318"), client.iv());
        AesKeyIv server = crypto.messageKeyIv(key, counting(16), false);
        assertArrayEquals(hex("217725799B245806458174A1FCFBC883906807B15033FDD0EA2B4D69CF9C364E"), server.key());
        assertArrayEquals(hex("669A6538917A4FA56CA32360A431C9160BE4AD887140980DAB91CE7BDC47FFBC"), server.iv());
    }

    @Test
    void derivesServerMessageKeysForAnotherAuthKey() {
        AuthKey key = AuthKey.of(hex("""
                BBF38532A79CD64363B490B3BC5E258ADFC1D1A67EF3C6D322CAAC603F90A152
                15B6090CCB2226B477B24EB3412757D078D53C72B81864D1376FF20EB405A591
                781726495407628D8D611E37ECD6E23C605B57C53B40270BAC7E7DE0312A5DEB
                3A1A16E65808B944FCF700D3788DA10074D5C088E9E6ACA119320D7F07C16D7E
                3C9FD48E9D3F50CCC5276A30002D9919831BF783C368CE4B3E6F25F95875EC93
                15523CFCAA3EE50B1E40E5552CEE2E16EEC86B46308C97F808D58F249479BB0E
                E1B7B08CF7F0FC047FBE38DF6083558494E732DBF26D16B1538C22D361BF31D3
                DC4F2B2CB115B3BFAC1EC45C960E0854221CF484533025FA679A9B7A8AE11A00
                """));
        AesKeyIv derived = crypto.messageKeyIv(key, hex("00F285B0BF254B5242E075BF87806C51"), false);
        assertArrayEquals(hex("93355E3F1F50529B6FB93EAF97F29B69C16345F53621E9D45CD9A11DDFBEBAC9"), derived.key());
        assertArrayEquals(hex("11E94363AD7145222E2FBAC4AAA27F01A6D832FB8115E89395BC43E23F868E47"), derived.iv());
    }

    @Test
    void computesAuthKeyIdAndNewNonceHashes() {
        AuthKey key = AuthKey.of(counting(256));
        assertEquals(-3972359982579920590L, key.id());
        assertEquals(0x688EF7B7BDD61649L, key.auxHash());
        byte[] newNonce = counting(32);
        assertArrayEquals(hex("C2CED2B33E593A55D27F4A5DABEE7C67"), crypto.newNonceHash(newNonce, 1, key));
        assertArrayEquals(hex("F4318E85BD2FF3BE84D9FEFCE3DCE39F"), crypto.newNonceHash(newNonce, 2, key));
        assertArrayEquals(hex("4BF9D7B37DB413EE431D28517631CB3D"), crypto.newNonceHash(newNonce, 3, key));
        assertThrows(CryptoException.class, () -> crypto.newNonceHash(newNonce, 4, key));
        assertThrows(CryptoException.class, () -> crypto.newNonceHash(new byte[16], 1, key));
    }

    @Test
    void encryptsARawBufferLikeTelethon() {
        AuthKey key = AuthKey.of(counting(256));
        byte[] padded = hex("48656C6C6F2C20776F726C6421205468697320646174612073686F756C642072656D61696E20736563757265"
                + "2100000000000000000000000000000000000000");
        assertArrayEquals(hex("A81729D46DB54019A2BFD7F744F9B96C"), crypto.msgKey(key, padded, 0, padded.length, true));
        byte[] wire = crypto.encryptMessage(key, padded, 0, padded.length, true);
        assertArrayEquals(hex("""
                32D1586EA457DFC8A81729D46DB54019A2BFD7F744F9B96C4F716CFDC4477DB2
                A2C15F6DDB85235FB9552F1D8407C6AAEA00CC844C5A1BF6AC44B79B5EDC2A23
                868B3D6073A590992C0F2975243D563EA180D218EE757C9A
                """), wire);
        AesKeyIv keyIv = crypto.messageKeyIv(key, hex("A81729D46DB54019A2BFD7F744F9B96C"), true);
        assertArrayEquals(hex("2D689D7521C73C1EBBA0211AA5BAA00F428C636ADF5B26E46894867AC6E4EB58"), keyIv.key());
        assertArrayEquals(hex("5A1CE9345D4B5DB43787E7885D67597E51804BBF968FB781C5000182BA631C9C"), keyIv.iv());
        assertArrayEquals(padded, crypto.decryptMessage(key, wire, 0, wire.length, true));
    }

    @Test
    void decryptsARealServerPacket() {
        byte[] wire = ServerPacket.PACKET;
        byte[] plaintext = crypto.decryptMessage(ServerPacket.AUTH_KEY, wire, 0, wire.length, false);
        assertArrayEquals(ServerPacket.PLAINTEXT, plaintext);
        AesKeyIv keyIv = crypto.messageKeyIv(ServerPacket.AUTH_KEY, Arrays.copyOfRange(wire, 8, 24), false);
        assertArrayEquals(hex("39ED549B653074095A86A6B00D999FB90B98BCB81B4E53A5E6410E7E13320579"), keyIv.key());
        assertArrayEquals(hex("F319644A55BD36949FBF5F0E202BD931408B008C533002CB7AE956AEB11583FB"), keyIv.iv());
        byte[] framed = new byte[wire.length + 10];
        System.arraycopy(wire, 0, framed, 4, wire.length);
        assertArrayEquals(plaintext, crypto.decryptMessage(ServerPacket.AUTH_KEY, framed, 4, wire.length, false));
    }

    @Test
    void encryptsAFullClientMessageWithTheSampleKey() {
        AuthKey key = AuthKey.of(Vectors.SAMPLE_AUTH_KEY);
        byte[] plaintext = hex("""
                DCA83ADAD47A014C8877665544332211785634126270466A010000000C000000
                EC77BE7A0807060504030201A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3
                """);
        byte[] packet = hex("""
                1107FDAD56DF3016E227B62653215C82B19492C9231B0AAF8433CBAC08594DE1
                55ACAA0B2B27060535EE0500E850F43D992A0D954E9EB19FAF6A59EAD8EC4328
                45BCAFF401A6D18E679A86A6E7CA2E9B00BD8E0CAAE797B7
                """);
        AesKeyIv keyIv = crypto.messageKeyIv(key, hex("E227B62653215C82B19492C9231B0AAF"), true);
        assertArrayEquals(hex("E14A9B0B848BE4AA26A0D6A4FBBDBBB03E703BCD760749DEA03A467838A6A703"), keyIv.key());
        assertArrayEquals(hex("9C10EA4F886E847DAC8C742E8432F0655C520AB4AE50C05842AE3A833B065800"), keyIv.iv());
        assertArrayEquals(packet, crypto.encryptMessage(key, plaintext, 0, plaintext.length, true));
        assertEquals(0xA0B53C37, crypto.quickAckToken(key, plaintext, 0, plaintext.length, true));
        assertArrayEquals(plaintext, crypto.decryptMessage(key, packet, 0, packet.length, true));
    }

    @Test
    void rejectsAMessageWithAWrongMsgKey() {
        byte[] wire = ServerPacket.PACKET.clone();
        wire[10] ^= 1;
        SecurityCheckException e = assertThrows(SecurityCheckException.class,
                () -> crypto.decryptMessage(ServerPacket.AUTH_KEY, wire, 0, wire.length, false));
        assertEquals(Check.MSG_KEY, e.check());
    }

    @Test
    void rejectsAMessageWithATamperedCiphertext() {
        byte[] wire = ServerPacket.PACKET.clone();
        wire[wire.length - 1] ^= (byte) 0x80;
        SecurityCheckException e = assertThrows(SecurityCheckException.class,
                () -> crypto.decryptMessage(ServerPacket.AUTH_KEY, wire, 0, wire.length, false));
        assertEquals(Check.MSG_KEY, e.check());
    }

    @Test
    void rejectsAMessageDecryptedInTheWrongDirection() {
        byte[] wire = ServerPacket.PACKET;
        SecurityCheckException e = assertThrows(SecurityCheckException.class,
                () -> crypto.decryptMessage(ServerPacket.AUTH_KEY, wire, 0, wire.length, true));
        assertEquals(Check.MSG_KEY, e.check());
    }

    @Test
    void rejectsAMessageForAnotherAuthKey() {
        byte[] wire = ServerPacket.PACKET;
        SecurityCheckException e = assertThrows(SecurityCheckException.class,
                () -> crypto.decryptMessage(AuthKey.of(counting(256)), wire, 0, wire.length, false));
        assertEquals(Check.AUTH_KEY_ID, e.check());
    }

    @Test
    void rejectsMessagesOfBadLength() {
        byte[] wire = ServerPacket.PACKET;
        for (int length : new int[] {0, 8, 24, 71, 24 + 32, wire.length - 1, wire.length - 8}) {
            SecurityCheckException e = assertThrows(SecurityCheckException.class,
                    () -> crypto.decryptMessage(ServerPacket.AUTH_KEY, wire, 0, length, false));
            assertEquals(Check.MESSAGE_LENGTH, e.check(), "length " + length);
        }
        assertThrows(CryptoException.class, () -> crypto.decryptMessage(ServerPacket.AUTH_KEY, wire, 8, wire.length, false));
        byte[] plaintext = new byte[40];
        assertThrows(CryptoException.class, () -> crypto.encryptMessage(ServerPacket.AUTH_KEY, plaintext, 0, 40, true));
        assertThrows(CryptoException.class, () -> crypto.encryptMessage(ServerPacket.AUTH_KEY, plaintext, 0, 0, true));
        assertThrows(CryptoException.class, () -> crypto.messageKeyIv(ServerPacket.AUTH_KEY, new byte[15], true));
    }

    // ---- C/E. handshake helpers

    @Test
    void derivesTheSampleTemporaryAesKey() {
        AesKeyIv tmp = crypto.tmpAesKeyIv(Vectors.SAMPLE_NEW_NONCE, Vectors.SAMPLE_SERVER_NONCE);
        assertArrayEquals(hex("16F548177058E8D39C41CBAD4D419446BEB12EB9B8F5AD28EA824B8015F17D81"), tmp.key());
        assertArrayEquals(hex("C4D14166C1378E35C698460047DBB6075441BE9984611C28837357EBBF8CB5BD"), tmp.iv());
    }

    @Test
    void derivesTemporaryAesKeysForEdgeCases() {
        byte[] leadingZero = counting(16);
        for (int i = 1; i < 16; i++) {
            leadingZero[i] = (byte) (0x20 + i);
        }
        AesKeyIv a = crypto.tmpAesKeyIv(counting(32), leadingZero);
        assertArrayEquals(hex("0A2D0F607499A866848E41798A34315E4922C39FE55C6CAF5BC322C4B8C08C6A"), a.key());
        assertArrayEquals(hex("9CB702D4FD6E5D25E864070E166E6218F6783E8511471A5AB7802CF200010203"), a.iv());
        AesKeyIv b = crypto.tmpAesKeyIv(counting(32), counting(16));
        assertArrayEquals(hex("0758F1533B615D24F6E8A94A6FCBEE0A55EAAB2217D7295CA9213D1A2D7D16A6"), b.key());
        assertArrayEquals(hex("5A84108E9805656CE864070E166E6218F6783E8511471A5AB7802CF200010203"), b.iv());
        assertThrows(CryptoException.class, () -> crypto.tmpAesKeyIv(new byte[31], counting(16)));
        assertThrows(CryptoException.class, () -> crypto.tmpAesKeyIv(counting(32), new byte[8]));
    }

    @Test
    void reproducesTheSampleAuthKeyIdentifiersAndSalt() {
        AuthKey key = AuthKey.of(Vectors.SAMPLE_AUTH_KEY);
        assertEquals(1599023431095748369L, key.id());
        byte[] aux = new byte[8];
        Blocks.set(aux, 0, key.auxHash());
        assertArrayEquals(hex("0314F29BC8B246FC"), aux);
        byte[] newNonce = Vectors.SAMPLE_NEW_NONCE;
        assertArrayEquals(hex("AA404B58DF404D8F363772B14CE5A56F"), crypto.newNonceHash(newNonce, 1, key));
        assertArrayEquals(hex("3D22465ABBB1E7D4108388FC9422029C"), crypto.newNonceHash(newNonce, 2, key));
        assertArrayEquals(hex("DBC41564D2177F5A2F4DA44914CC2793"), crypto.newNonceHash(newNonce, 3, key));
        assertEquals(5476793676472166620L, crypto.initialServerSalt(newNonce, Vectors.SAMPLE_SERVER_NONCE));
    }

    @Test
    void computesTheServerDhParamsFailHash() {
        byte[] newNonce = Vectors.SAMPLE_NEW_NONCE;
        assertArrayEquals(Arrays.copyOfRange(crypto.sha1(newNonce), 4, 20), crypto.newNonceHashForFail(newNonce));
    }

    // ---- F/G. RSA

    @Test
    void computesRsaFingerprints() {
        assertEquals(-5595554452916591101L, crypto.rsaFingerprint(RsaPem.parsePublic(Vectors.T1_PEM)));
        assertEquals(-3414540481677951611L, crypto.rsaFingerprint(RsaPem.parsePublic(Vectors.P1_PEM)));
    }

    @Test
    void padsWithTheTestKeyAndRetriesWhenTheBlockIsAboveTheModulus() {
        RsaPublicKey t1 = RsaPem.parsePublic(Vectors.T1_PEM);
        byte[] data = hex("""
                955FF5A9081A8E635F5743DE9B00000004453DC27100000004622F1FCB000000
                F7A81627BBF511FA4AFEF71E94A0937474586C1ADD9198DDA81A5DF8393871C8
                293623C5FB968894AF1BE7DFE9C7BE813F9307789242FD0CB0C16A5CB39A8D3E
                """);
        ScriptedRandom random = new ScriptedRandom(hex("""
                12270000635593B03FEE033D0672F9AFDDF9124DE9E77DF6251806CBA93482E4
                C9E6E06E7D44E4C4BAAE821AFF91AF44789689FAAEE9BDFC7B2DF8C08709AFE5
                7396C4638CEAA0DC30114F82447E81D3B53EDC423B32660C43A5B8AD057B6450
                """),
                hex("7DADA0920C4973913229E0F881AEC7B9DB0C392D34F52FB0995EA493ECB4C09D"),
                hex("AAF68FE9554EC7A59C03E4035952B220B47A8D06AAD71134110D8C44948901F8"));
        byte[] encrypted = crypto.rsaPadEncrypt(t1, data, random);
        assertEquals(0, random.remainingScripted(), "both temp keys were drawn");
        assertArrayEquals(hex("""
                C6D211349FC10CDA6983276250B09F4BE9B39F533B5D314B732B51A6DD72234D
                AB4224209992C894E0E4C9F30249F1DBBD1630A27B98F2F92A53C00BAABBD46F
                380BD35F417E5EC2EDB43F7644B5C81AF011D736EB369265E848B553AE5E6350
                DD5695EFC72BDE0E35F3C3FC827B91EB97CF1EFDBFF12269B9C33F81645ADEBC
                89ED167EDC19D285237A754BF629AA358ED08498863B2AEC8B7139001627BBE8
                BDEF239474A5A43E664D278F39E72D694A206D7B838FD40868A71C4BFBFFA38B
                7679FAA502B7795CBE5AE1BD05CA7EB01FF5B05107265FD39BD5B4E19D392B73
                5A3B0B5B21473062981BFF86FF9084A7B594775E3127C05FD454E19F794A4AB4
                """), encrypted);
        byte[] keyAesEncrypted = hex("""
                C1F99ABEBC19972C81DE86EDEB76C5B30658751A964708957351485F3420F869
                BF274881F3FC61CFF6DF3F08B9C65DA0BA99B1FDCBF07E1993DD62B8FDEA34B0
                710F2CCD0A27868CAB241C4155DD64B53055EF43E3D976BFC67983304D7AC5CA
                AE99E9DDE64B857247642E0BAB79547D4E20D2F2D3C4BDCDFEC670ED6E24150A
                06A44AF8DE740CFE4B6782913BF0E258801EBEFAF0E46870C1A37791FCA0FE2D
                65BA8AD051BEA2CA235AE30F77FC2BD89E9868FA7925AAB6CEDD72C1A4B29812
                E8834E008FF3A1DF451377D9706EBFC0D268434EEBE522D6C7865566FC6D2F0D
                F530CA153500D0E8D333686EBC25F6CFD3F0E8DB5DDBC6EB468C9B742A3765DB
                """);
        assertArrayEquals(encrypted, provider.rsaPublic(t1, keyAesEncrypted));
    }

    @Test
    void padsWithTheProductionKeyAndZeroRandomness() {
        RsaPublicKey p1 = RsaPem.parsePublic(Vectors.P1_PEM);
        byte[] data = new byte[144];
        Arrays.fill(data, (byte) 'a');
        byte[] encrypted = crypto.rsaPadEncrypt(p1, data, target -> Arrays.fill(target, (byte) 0));
        assertArrayEquals(hex("""
                BF68719E836806B040CD261ECAF66EB3C4BA19F3BBEA3031B2E6CF29167BAB64
                7201D101B291DC5B716A42E789A38D947FE59E9BCCE8F30EF46A946743EA8B6B
                ABBCE7FC0AFC46B802AA453E83471D82A4DFAD83F971F350B4B4FB474CD1C48F
                DF427E4B5FECCE9EC3178AE7DAC3985856FDEFA21D6FDC5E0E0FD8A57BC4F515
                80D637D372BE8D87C9AA3FDE8E6F8287BCB3BE846AADCDD59465375479E248F6
                2ED438F9804FBE36D41CA906243A5F740F3937949AA149BA8A8B8E68B3F3E1E3
                CD3F946387520E21EEE55845E1F015A919A22F6A72BFAECD2CAE946C91983B41
                F9FFABE97963BBDE8F30EAF5FD3C5B8CECAB8711BD269E441B6084F385726FF0
                """), encrypted);
        assertThrows(CryptoException.class, () -> crypto.rsaPadEncrypt(p1, new byte[145], TestKeys.seeded(1)));
    }

    @Test
    void decryptsRsaPadOnTheServerSide() {
        RsaPrivateKey key = TestKeys.serverKey();
        byte[] data = counting(100);
        byte[] encrypted = crypto.rsaPadEncrypt(key.publicKey(), data, TestKeys.seeded(7));
        byte[] withPadding = crypto.rsaPadDecrypt(key, encrypted);
        assertEquals(192, withPadding.length);
        assertArrayEquals(data, Arrays.copyOf(withPadding, 100));
    }

    @Test
    void rejectsATamperedRsaPadBlock() {
        RsaPrivateKey key = TestKeys.serverKey();
        byte[] encrypted = crypto.rsaPadEncrypt(key.publicKey(), counting(100), TestKeys.seeded(8));
        byte[] plain = provider.rsaPrivate(key, encrypted);
        plain[100] ^= 1;
        byte[] tampered = provider.rsaPublic(key.publicKey(), plain);
        assertEquals(Check.RSA, assertThrows(SecurityCheckException.class, () -> crypto.rsaPadDecrypt(key, tampered)).check());
        byte[] tooHigh = MtprotoCrypto.unsigned(key.publicKey().modulus());
        assertEquals(Check.RSA, assertThrows(SecurityCheckException.class, () -> crypto.rsaPadDecrypt(key, tooHigh)).check());
        assertEquals(Check.RSA, assertThrows(SecurityCheckException.class,
                () -> crypto.rsaPadDecrypt(key, Arrays.copyOf(encrypted, 255))).check());
    }

    @Test
    void decryptsTheLegacyRsaSchemeAndChecksItsHash() {
        RsaPrivateKey key = TestKeys.serverKey();
        byte[] data = counting(100);
        byte[] block = new byte[256];
        System.arraycopy(crypto.sha1(data), 0, block, 1, 20);
        System.arraycopy(data, 0, block, 21, data.length);
        Arrays.fill(block, 121, 256, (byte) 0x5A);
        byte[] encrypted = provider.rsaPublic(key.publicKey(), block);
        assertArrayEquals(data, crypto.rsaLegacyDecrypt(key, encrypted));

        block[5] ^= 1;
        byte[] badHash = provider.rsaPublic(key.publicKey(), block);
        assertEquals(Check.RSA, assertThrows(SecurityCheckException.class, () -> crypto.rsaLegacyDecrypt(key, badHash)).check());
        block[5] ^= 1;
        block[0] = 1;
        byte[] longBlock = provider.rsaPublic(key.publicKey(), block);
        assertEquals(Check.RSA, assertThrows(SecurityCheckException.class, () -> crypto.rsaLegacyDecrypt(key, longBlock)).check());
    }

    // ---- J. pq

    @Test
    void factorsTheSamplePq() {
        assertArrayEquals(new long[] {0x6A794259L, 0x7012C543L}, PqFactorizer.factor(0x2E9CDB98C80CDA4BL));
    }
}
