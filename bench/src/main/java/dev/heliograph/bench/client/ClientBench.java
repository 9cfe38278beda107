package dev.heliograph.bench.client;

import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.mtproto.DcSender;
import dev.heliograph.mtproto.DcSenderConfig;
import dev.heliograph.mtproto.TrustedRsaKeys;
import dev.heliograph.testdc.App;
import dev.heliograph.testdc.Bot;
import dev.heliograph.testdc.TestCluster;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import dev.heliograph.tl.api.functions.auth.ImportBotAuthorization;
import dev.heliograph.tl.api.functions.help.GetConfig;
import dev.heliograph.tlapi.TlApi;
import dev.heliograph.transport.Transport;
import dev.heliograph.transport.http.HttpTransport;
import dev.heliograph.transport.http.HttpTransportConfig;
import dev.heliograph.transport.tcp.TcpTransport;
import dev.heliograph.transport.tcp.TcpTransportConfig;
import dev.heliograph.transport.tcp.codec.Framing;
import java.time.Duration;
import java.util.Locale;

/** A test DC cluster in this JVM and a TCP transport to reach it over loopback. */
final class ClientBench implements AutoCloseable {

    static final int API_ID = 12345;
    static final String API_HASH = "0123456789abcdef0123456789abcdef";
    static final Bot BOT = Bot.fromToken("1000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "bench_bot", "Bench", 2);

    final TestCluster cluster;
    final Transport transport;
    private final boolean http;

    /** The default TCP transport (intermediate framing). */
    ClientBench() {
        this("intermediate");
    }

    /**
     * A named transport: {@code abridged}, {@code intermediate}, {@code padded}, {@code full}, each
     * TCP framing with {@code -obf} for obfuscation (not {@code full}), or {@code http}.
     *
     * @param name the transport and framing
     */
    ClientBench(String name) {
        http = name.equals("http");
        // LoginBenchmark logs one bot in hundreds of times: Telegram's login flood limit is not measured
        cluster = TestCluster.builder().dcIds(2).app(App.of(API_ID, API_HASH)).bot(BOT).http(http)
                .loginFloodLimit(0, Duration.ofMinutes(1)).start();
        if (http) {
            transport = new HttpTransport(HttpTransportConfig.DEFAULT);
        } else {
            String framing = name.replace("-obf", "");
            TcpTransportConfig config = TcpTransportConfig.builder()
                    .framing(framing.equals("padded") ? Framing.PADDED_INTERMEDIATE : Framing.valueOf(framing.toUpperCase(Locale.ROOT)))
                    .obfuscation(name.endsWith("-obf")).build();
            transport = new TcpTransport(config, CryptoProviders.defaultProvider(), RandomSource.secure());
        }
    }

    DcSender newSender() {
        return DcSender.create(DcSenderConfig.builder(http ? cluster.dc(2).httpEndpoint() : cluster.dc(2).endpoint(),
                        transport)
                .registry(TlApi.registry())
                .trustedKeys(TrustedRsaKeys.builtIn().plus(cluster.publicKey()))
                .build());
    }

    /** Cold start: a new key, then invokeWithLayer(initConnection(help.getConfig)) and the bot login. */
    Object login(DcSender sender) {
        sender.invoke(init(new GetConfig())).toCompletableFuture().join();
        return sender.invoke(new ImportBotAuthorization(0, API_ID, API_HASH, BOT.token())).toCompletableFuture().join();
    }

    static <R> TlMethod<R> init(TlMethod<R> query) {
        return new InvokeWithLayer<>(ApiSchema.LAYER, new InitConnection<>(API_ID, "Heliograph bench", "Linux", "0.1",
                "en", "", "en", null, null, query));
    }

    @Override
    public void close() {
        transport.close();
        cluster.close();
    }
}
