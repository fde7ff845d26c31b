package org.mobileworship.livecontrol.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.signaling.internal.SignalingSettings;
import org.mobileworship.livecontrol.signaling.support.Fixture;
import org.mobileworship.livecontrol.signaling.support.TestContext;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket upgrade's origin policy against a real Jetty server (security threat "cross-origin page" in
 * docs/security.md): a page on another web site, open in a browser on the same network, cannot join.
 */
class OriginPolicyTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private Fixture fx;

    @AfterEach
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    private WebSocket open(String origin) {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return b.buildAsync(URI.create("ws://127.0.0.1:" + fx.port() + "/signaling"), new WebSocket.Listener() {
        }).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static int refusedStatus(Runnable upgrade) {
        try {
            upgrade.run();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
        throw new AssertionError("the upgrade was accepted");
    }

    @Test
    void aCrossOriginPageIsRefusedWith403AndLoggedOnce() {
        fx = new Fixture(Map.of()).start();
        Logger policyLog = (Logger) LoggerFactory.getLogger(
                "org.mobileworship.livecontrol.signaling.internal.OriginPolicy");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        policyLog.addAppender(logged);
        try {
            assertThat(refusedStatus(() -> open("http://evil.example"))).isEqualTo(403);
            assertThat(refusedStatus(() -> open("http://evil.example"))).isEqualTo(403);
            assertThat(refusedStatus(() -> open("null"))).as("sandboxed pages send Origin: null").isEqualTo(403);
            // a site reached by a public address is no page of this network
            assertThat(refusedStatus(() -> open("http://203.0.113.5:" + fx.port()))).isEqualTo(403);
            assertThat(refusedStatus(() -> open("https://8.8.8.8"))).isEqualTo(403);
        } finally {
            policyLog.detachAppender(logged);
        }
        assertThat(logged.list).filteredOn(e -> e.getFormattedMessage().contains("http://evil.example"))
                .as("logged once per origin").hasSize(1);
        assertThat(fx.server.connectionCount()).isZero();
    }

    @Test
    void nonBrowserClientsAndTheLeadersOwnPagesAreAllowed() {
        fx = new Fixture(Map.of()).start();
        open(null).abort();
        open("http://127.0.0.1:" + fx.port()).abort();
    }

    @Test
    void pagesOfOtherNodesOfThisNetworkAreAllowedSoAnOpenPageFollowsTheNextLeader() {
        fx = new Fixture(Map.of()).start();
        // the page was served by the previous leader: another host of the LAN, or another port on this machine
        open("http://192.168.1.20:3010").abort();
        open("http://10.0.0.7:3010").abort();
        open("http://169.254.3.4:3010").abort();
        open("http://127.0.0.1:" + (fx.port() + 1)).abort();
        open("http://stage-pc.local:3010").abort();
        open("http://[fd00::5]:3010").abort();
    }

    @Test
    void configuredOriginsAreAllowed() {
        fx = new Fixture(Map.of(SignalingSettings.ALLOWED_ORIGINS,
                "http://booth.example:8080, https://Stage.Example")).start();
        open("http://booth.example:8080").abort();
        open("https://stage.example:443").abort();
        assertThat(refusedStatus(() -> open("http://booth.example:8081"))).isEqualTo(403);
        assertThat(refusedStatus(() -> open("http://stage.example"))).as("scheme matters").isEqualTo(403);
    }

    @Test
    void aRebindingDomainIsNotSameOrigin() throws Exception {
        fx = new Fixture(Map.of()).start();
        // DNS rebinding: evil.example resolves to the leader, so Host and Origin agree; it is still refused
        assertThat(rawUpgradeStatus("evil.example:" + fx.port(), "http://evil.example:" + fx.port())).isEqualTo(403);
        assertThat(rawUpgradeStatus("leader.local:" + fx.port(), "http://leader.local:" + fx.port())).isEqualTo(101);
    }

    @Test
    void aMalformedAllowListFailsAtCreationNamingTheKey() {
        assertThatThrownBy(() -> new org.mobileworship.livecontrol.signaling.JettySignalingProvider()
                .createServer(new TestContext(null, Map.of(SignalingSettings.ALLOWED_ORIGINS, "evil.example"))))
                .hasMessageContaining(SignalingSettings.ALLOWED_ORIGINS).hasMessageContaining("scheme://host");
    }

    /** A hand-written upgrade request, because java.net.http does not let a test set {@code Host}. */
    private int rawUpgradeStatus(String host, String origin) throws Exception {
        try (Socket s = new Socket("127.0.0.1", fx.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /signaling HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            return Integer.parseInt(parts[1]);
        }
    }
}
