package io.jiet.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    @Test
    void servesTheExpositionAtSlashMetricsOnly() throws Exception {
        AtomicInteger scrapes = new AtomicInteger();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0),
                () -> "jiet_test_total " + scrapes.incrementAndGet() + ".0\n")) {
            String base = "http://127.0.0.1:" + endpoint.address().getPort();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals("jiet_test_total 1.0\n", ok.body());
            assertEquals(MetricsEndpoint.CONTENT_TYPE, ok.headers().firstValue("Content-Type").orElse(""));

            HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("jiet_test_total 2.0\n", again.body(), "each scrape is fresh");

            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(2, scrapes.get(), "only GET /metrics scrapes");
        }
    }
}
