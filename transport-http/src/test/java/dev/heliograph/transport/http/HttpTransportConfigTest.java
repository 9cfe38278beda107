package dev.heliograph.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.heliograph.error.ConfigurationException;
import dev.heliograph.plugin.HeliographPlugin;
import dev.heliograph.transport.DcEndpoint;
import dev.heliograph.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class HttpTransportConfigTest {

    @Test
    void invalidSettingsAreAllListedInOneException() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> HttpTransportConfig.builder()
                .path("api").maxConcurrentRequests(0).maxResponseSize(-1).readTimeout(Duration.ZERO).build());
        assertTrue(e.getMessage().contains("path"), e.getMessage());
        assertTrue(e.getMessage().contains("maxConcurrentRequests"), e.getMessage());
        assertTrue(e.getMessage().contains("maxResponseSize"), e.getMessage());
        assertTrue(e.getMessage().contains("readTimeout"), e.getMessage());
    }

    @Test
    void toBuilderKeepsEverySetting() {
        OkHttpClient client = new OkHttpClient();
        HttpTransportConfig config = HttpTransportConfig.builder().client(client).https(true).path("/x")
                .maxConcurrentRequests(3).connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2))
                .writeTimeout(Duration.ofSeconds(3)).maxResponseSize(1000).build();
        assertEquals(config, config.toBuilder().build());
        assertSame(client, config.okHttpClient().orElseThrow());
    }

    @Test
    void urlUsesSchemeAndPathAndBracketsIpv6Hosts() {
        HttpTransport plain = new HttpTransport(HttpTransportConfig.DEFAULT);
        HttpTransport tls = new HttpTransport(HttpTransportConfig.builder().https(true).path("/apiw1").build());
        try {
            assertEquals("http://149.154.167.51/api", plain.url(DcEndpoint.of(2, "149.154.167.51", 80)).toString());
            assertEquals("https://[::1]/apiw1", tls.url(DcEndpoint.of(2, "::1", 443)).toString());
        } finally {
            plain.close();
            tls.close();
        }
    }

    @Test
    void serviceLoaderFindsTheHttpTransportPlugin() {
        List<HeliographPlugin> plugins = ServiceLoader.load(HeliographPlugin.class).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
        HeliographPlugin http = plugins.stream().filter(p -> p.id().equals("http")).findFirst().orElseThrow();
        assertEquals(HeliographPlugin.Kind.TRANSPORT, http.kind());
        Injector injector = Guice.createInjector(http.module());
        Transport transport = injector.getInstance(Transport.class);
        try {
            assertInstanceOf(HttpTransport.class, transport);
            assertEquals("http", transport.id());
            assertSame(transport, injector.getInstance(Transport.class));
        } finally {
            transport.close();
        }
    }

    @Test
    void moduleBindsTheGivenSettings() {
        HttpTransportConfig config = HttpTransportConfig.builder().maxConcurrentRequests(7).build();
        HttpTransport transport = Guice.createInjector(new HttpTransportModule(config)).getInstance(HttpTransport.class);
        try {
            assertSame(config, transport.config());
        } finally {
            transport.close();
        }
    }
}
