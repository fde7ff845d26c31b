package org.mobileworship.livecontrol.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * The pairing page and the client's trust module are served by a real node's Jetty server like the other pages
 * (every {@code mvn verify}, no browser): the pairing QR code's URL must load on any node.
 */
class PairPageServedTest {
    private final LoopbackNodes nodes = new LoopbackNodes("pair-page");

    @AfterEach
    void close() {
        nodes.close();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePairPageAndTheTrustModuleAreServedWithTheirTypes() throws Exception {
        int port = LoopbackNodes.leaderEndpoint(nodes.node(PeerType.controller(), "pages")).getPort();
        HttpResponse<String> page = get(port, "/pair");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("/web/pair.js").contains("no-referrer");
        for (String file : new String[] {"/web/pair.js", "/web/livecontrol-trust.js", "/web/livecontrol-noble.js"}) {
            HttpResponse<String> js = get(port, file);
            assertThat(js.statusCode()).as(file).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type").orElse("")).as(file).contains("javascript");
        }
        assertThat(get(port, "/web/livecontrol.js").body()).contains("from './livecontrol-trust.js'");
        assertThat(get(port, "/web/livecontrol-noble.js").body()).as("the vendored noble libraries with their licence")
                .contains("@noble/curves 2.4.0").contains("@noble/hashes 2.4.0").contains("The MIT License")
                .contains("export{");
        assertThat(get(port, "/pair/x").statusCode()).as("only /pair itself").isEqualTo(404);
    }
}
