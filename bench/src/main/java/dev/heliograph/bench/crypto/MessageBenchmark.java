package dev.heliograph.bench.crypto;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Whole MTProto 2.0 messages: msg_key, key derivation and AES-IGE, where every message has a fresh
 * AES key (unlike {@link IgeBenchmark}, which keeps one key).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MessageBenchmark {

    /** Which provider. */
    @Param({"jdk", "bouncycastle"})
    public String provider;

    /** Padded plaintext bytes per message. */
    @Param({"64", "1024"})
    public int size;

    private MtprotoCrypto crypto;
    private AuthKey authKey;
    private byte[] plaintext;
    private byte[] wire;

    /** Creates the helpers, a random auth key and one message. */
    @Setup
    public void setUp() {
        crypto = new MtprotoCrypto(Providers.byName(provider));
        SplittableRandom random = new SplittableRandom(size);
        byte[] key = new byte[AuthKey.LENGTH];
        random.nextBytes(key);
        authKey = AuthKey.of(key);
        plaintext = new byte[size];
        random.nextBytes(plaintext);
        wire = crypto.encryptMessage(authKey, plaintext, 0, size, false);
    }

    /**
     * Encrypts a new message each time (the first byte changes, so msg_key and the AES key do).
     *
     * @return the wire message
     */
    @Benchmark
    public byte[] encryptMessage() {
        plaintext[0]++;
        return crypto.encryptMessage(authKey, plaintext, 0, size, true);
    }

    /**
     * Decrypts and checks a server message (the same one each time, so the AES key schedule is
     * cached; msg_key and the key derivation are computed every time).
     *
     * @return the plaintext
     */
    @Benchmark
    public byte[] decryptMessage() {
        return crypto.decryptMessage(authKey, wire, 0, wire.length, false);
    }
}
