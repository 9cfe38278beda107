package dev.heliograph.testdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.RsaPrivateKey;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.crypto.impl.RsaPem;
import dev.heliograph.error.RpcException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TestClusterTest {

    @Test
    void theFirstConfiguredKeyIsTheMainKeyAndItsFingerprintIsTheSpecs() {
        RsaPrivateKey first = RsaPem.generate(RandomSource.secure());
        RsaPrivateKey second = RsaPem.generate(RandomSource.secure());
        TestCluster cluster = TestCluster.builder().dcIds(7).rsaKey(first).rsaKey(second).build();
        try {
            assertEquals(first.publicKey(), cluster.publicKey());
            assertEquals(new MtprotoCrypto(CryptoProviders.defaultProvider()).rsaFingerprint(first.publicKey()),
                    cluster.fingerprint());
            assertEquals(first.publicKey(), RsaPem.parsePublic(cluster.publicKeyPem()));
            assertEquals(7, cluster.dcs().get(0).id());
            assertThrows(IllegalArgumentException.class, () -> cluster.dc(1));
        } finally {
            cluster.close();
        }
    }

    @Test
    void testUsersMessageEachOtherAndReadEachIncomingMessageOnce() throws Exception {
        TestCluster cluster = TestCluster.builder().dcIds(1, 2).user("9996621001", "Ann", "ann_user").build();
        try {
            TestUser ann = cluster.user("+999 662 1001");
            TestUser bob = cluster.addUser("9996611002", "Bob", null);
            TestUser cid = cluster.addUser("9996621003", "Cid", null);
            assertSame(ann, cluster.user("9996621001"));
            assertEquals(List.of(ann, bob, cid), cluster.users());
            assertEquals("11111", bob.loginCode());
            assertEquals(1, bob.homeDc());
            ann.sendMessage(bob.id(), "one", 0);
            cid.sendMessage(bob.id(), "from cid", 0);
            ann.sendMessage(bob.id(), "two", 0);
            PrivateMessage one = bob.awaitMessageFrom(ann.id(), Duration.ofSeconds(1));
            assertEquals("one", one.text());
            assertEquals("two", bob.awaitMessageFrom(ann.id(), Duration.ofSeconds(1)).text());
            PrivateMessage fromCid = bob.awaitMessageFrom(cid.id(), Duration.ofSeconds(1));
            assertEquals("from cid", fromCid.text(), "another peer's older message is still there");
            assertThrows(TimeoutException.class, () -> bob.awaitMessageFrom(ann.id(), Duration.ofMillis(50)));
            int reply = bob.sendMessage(ann.id(), "answer", one.id());
            PrivateMessage got = ann.awaitMessageFrom(bob.id(), Duration.ofSeconds(1));
            assertEquals(1, got.replyToId(), "the reply names Ann's own copy of \"one\"");
            assertEquals(bob.id(), got.senderId());
            assertEquals(List.of("one", "two", "answer"), ann.messages(bob.id()).stream().map(PrivateMessage::text)
                    .toList());
            assertEquals(4, reply);
            RpcException tooLong = assertThrows(RpcException.class, () -> ann.sendMessage(bob.id(), "x".repeat(4097), 0));
            assertEquals("MESSAGE_TOO_LONG", tooLong.name());
            assertThrows(IllegalArgumentException.class, () -> cluster.addUser("12345", "Nobody", null));
            assertThrows(IllegalArgumentException.class, () -> cluster.addUser("9996631234", "Elsewhere", null),
                    "DC 3 is not in the cluster");
            assertThrows(IllegalArgumentException.class, () -> cluster.addUser("9996621009", "Dup", "ANN_USER"),
                    "usernames are unique, case-insensitively");
        } finally {
            cluster.close();
        }
    }

    @Test
    void rejectsDuplicateOrNonPositiveDcIds() {
        assertThrows(IllegalArgumentException.class, () -> TestCluster.builder().dcIds(1, 1));
        assertThrows(IllegalArgumentException.class, () -> TestCluster.builder().dcIds(0));
    }
}
