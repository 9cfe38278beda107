package dev.heliograph.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import dev.heliograph.crypto.CryptoProvider;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.error.ConfigurationException;
import dev.heliograph.plugin.HeliographPlugin;
import dev.heliograph.transport.Transport;
import dev.heliograph.transport.tcp.codec.Framing;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TcpTransportPluginTest {

    @Test
    void serviceLoaderFindsTheTcpPlugin() {
        List<HeliographPlugin> plugins = ServiceLoader.load(HeliographPlugin.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("tcp")).toList();
        assertEquals(1, plugins.size());
        assertEquals(HeliographPlugin.Kind.TRANSPORT, plugins.get(0).kind());
        Injector injector = Guice.createInjector(plugins.get(0).module());
        Transport transport = injector.getInstance(Transport.class);
        assertInstanceOf(TcpTransport.class, transport);
        assertEquals("tcp", transport.id());
        assertSame(transport, injector.getInstance(Transport.class));
    }

    @Test
    void moduleUsesItsConfigAndTheBoundCryptoProvider() {
        TcpTransportConfig config = TcpTransportConfig.builder().framing(Framing.ABRIDGED).obfuscation(true).build();
        Injector injector = Guice.createInjector(new TcpTransportModule(config), new AbstractModule() {
            @Override
            protected void configure() {
                bind(CryptoProvider.class).toInstance(CryptoProviders.defaultProvider());
            }
        });
        TcpTransport transport = (TcpTransport) injector.getInstance(Transport.class);
        assertSame(config, transport.config());
    }

    @Test
    void obfuscationWithoutCryptoProviderIsAConfigurationError() {
        TcpTransportConfig config = TcpTransportConfig.builder().obfuscation(true).build();
        Injector injector = Guice.createInjector(new TcpTransportModule(config));
        ProvisionException e = assertThrows(ProvisionException.class, () -> injector.getInstance(Transport.class));
        assertInstanceOf(ConfigurationException.class, e.getCause());
    }

    @Test
    void fullFramingWithObfuscationIsRejectedWithAClearMessage() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> TcpTransportConfig.builder().framing(Framing.FULL).obfuscation(true).requestQuickAcks(true).build());
        assertTrue(e.getMessage().contains("FULL framing cannot be obfuscated"), e.getMessage());
        assertTrue(e.getMessage().contains("no quick acks"), e.getMessage());
    }

    @Test
    void proxyPasswordIsNotPrinted() {
        assertTrue(!Socks5Proxy.of("127.0.0.1", 1080, "bot", "hunter2").toString().contains("hunter2"));
        assertTrue(!TcpTransportConfig.builder().proxy(Socks5Proxy.of("h", 1, "u", "hunter2")).build().toString().contains("hunter2"));
    }
}
