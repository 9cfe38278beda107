package dev.heliograph.bench.client;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.mtproto.internal.engine.Inbound;
import dev.heliograph.mtproto.internal.engine.MtpEngine;
import dev.heliograph.mtproto.internal.engine.OutMessage;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import dev.heliograph.tl.mtproto.functions.Ping;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The session engine alone, without I/O: one small RPC through {@code enqueue -> pack} (encrypt)
 * and a server answer through {@code receive} (decrypt, check, match). {@link #roundTrip} also
 * encrypts the server's answer, as the server would; {@link #serverAnswerOnly} measures that part
 * alone so it can be subtracted. Run with {@code -prof gc} for the allocation per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineBenchmark {

    private static final long NOW = 1_783_001_185_000L;
    private static final Object TOKEN = new Object();

    /** The crypto provider the engine runs on. */
    @Param({"jdk", "bouncycastle"})
    public String provider;

    private MtprotoCrypto crypto;
    private AuthKey key;
    private MtpEngine engine;
    private byte[] request;
    private long serverMsgId;
    private final TlWriter answer = new TlWriter(256);

    /** Creates a session with a random key. */
    @Setup
    public void setUp() {
        crypto = new MtprotoCrypto("jdk".equals(provider) ? CryptoProviders.jdk() : CryptoProviders.bouncyCastle());
        key = AuthKey.of(RandomSource.secure().bytes(256));
        engine = new MtpEngine(crypto, RandomSource.secure(), key, 1L, 0, MtprotoSchema.registry());
        TlWriter w = new TlWriter(16);
        new Ping(42).serialize(w);
        request = w.toByteArray();
        serverMsgId = (NOW / 1000 << 32) | 1;
    }

    /**
     * One call: pack the request, build the server's answer, receive it.
     *
     * @return the events, so the work is not eliminated
     */
    @Benchmark
    public List<Inbound> roundTrip() {
        OutMessage m = engine.enqueue(request, true, TOKEN);
        byte[] packet = engine.pack(NOW);
        if (packet == null) {
            throw new IllegalStateException("nothing packed");
        }
        List<Inbound> events = new ArrayList<>(2);
        engine.receive(serverAnswer(m.msgId()), NOW, events);
        return events;
    }

    /**
     * The server half that {@link #roundTrip} includes.
     *
     * @return the encrypted answer
     */
    @Benchmark
    public byte[] serverAnswerOnly() {
        return serverAnswer(serverMsgId);
    }

    private byte[] serverAnswer(long reqMsgId) {
        TlWriter w = answer;
        w.reset();
        w.writeLong(1L);
        w.writeLong(engine.sessionId());
        w.writeLong(serverMsgId += 4);
        w.writeInt(1);
        w.writeInt(32);
        w.writeInt(0xf35c6d01);
        w.writeLong(reqMsgId);
        w.writeInt(0x347773c5);
        w.writeLong(reqMsgId);
        w.writeLong(42);
        w.writeRaw(new byte[16]);
        return crypto.encryptMessage(key, w.buffer(), 0, w.size(), false);
    }
}
