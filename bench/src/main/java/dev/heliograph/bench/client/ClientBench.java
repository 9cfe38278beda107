package dev.heliograph.bench.client;

import dev.heliograph.crypto.CryptoProviders;
import dev.heliograph.crypto.RandomSource;
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
import dev.heliograph.transport.tcp.TcpTransport;
import dev.heliograph.transport.tcp.TcpTransportConfig;

/** A test DC cluster in this JVM and a TCP transport to reach it over loopback. */
final class ClientBench implements AutoCloseable {

    static final int API_ID = 12345;
    static final String API_HASH = "0123456789abcdef0123456789abcdef";
    static final Bot BOT = Bot.fromToken("1000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "bench_bot", "Bench", 2);

    final TestCluster cluster;
    final TcpTransport transport;

    ClientBench() {
        cluster = TestCluster.builder().dcIds(2).app(App.of(API_ID, API_HASH)).bot(BOT).start();
        transport = new TcpTransport(TcpTransportConfig.DEFAULT, CryptoProviders.defaultProvider(), RandomSource.secure());
    }

    DcSender newSender() {
        return DcSender.create(DcSenderConfig.builder(cluster.dc(2).endpoint(), transport)
                .trustedKeys(TrustedRsaKeys.builtIn().plus(cluster.publicKey()))
                .build());
    }

    /** Cold start: a new key, then invokeWithLayer(initConnection(help.getConfig)) and the bot login. */
    Object login(DcSender sender) {
        sender.invoke(init(new GetConfig())).join();
        return sender.invoke(new ImportBotAuthorization(0, API_ID, API_HASH, BOT.token())).join();
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
