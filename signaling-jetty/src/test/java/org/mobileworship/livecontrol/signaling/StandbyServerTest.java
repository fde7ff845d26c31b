package org.mobileworship.livecontrol.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingServer;
import org.mobileworship.livecontrol.signaling.internal.JettyStandbyServer;
import org.mobileworship.livecontrol.signaling.support.TestContext;

/**
 * What a node that does not lead serves on its signaling port: never a leader's answer (so no election or client
 * follows it), the leader's endpoint for pages loaded from it, and the port handed back when it starts leading.
 */
class StandbyServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final JettyStandbyServer standby = new JettyStandbyServer();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() {
        standby.close();
        scheduler.shutdownNow();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthNamesTheLeadersEndpointButNeverALeaderOfItsOwn() throws Exception {
        int port = standby.start(new InetSocketAddress(LOOPBACK, 0)).getPort();
        HttpResponse<String> before = get(port, "/health");
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        JsonNode none = JSON.readTree(before.body());
        assertThat(none.path("standby").asBoolean()).isTrue();
        assertThat(none.has("leaderId")).isFalse();
        assertThat(none.path("leaderCandidates").size()).isZero();

        standby.leaderChanged(new LeaderStatus(PeerId.of("stage"), false, 3,
                new InetSocketAddress("192.168.1.5", 3010)));
        JsonNode after = JSON.readTree(get(port, "/health").body());
        assertThat(after.path("leaderEndpoint").asText()).isEqualTo("192.168.1.5:3010");
        assertThat(after.path("leaderCandidates").get(0).asText()).isEqualTo("192.168.1.5:3010");
        assertThat(after.has("leaderId")).isFalse();

        try (SignalingClient client = new JettySignalingProvider().createClient(new TestContext(scheduler, Map.of()))) {
            assertThat(client.probe(new InetSocketAddress(LOOPBACK, port), Duration.ofSeconds(2))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .as("an election probing a standby node sees no leader").isEmpty();
        }
    }

    @Test
    void aStandbyServerNobodyUsesKeepsOneThreadAndStillServesConcurrentLoads() throws Exception {
        int port = standby.start(new InetSocketAddress(LOOPBACK, 0)).getPort();
        // its selector accepts connections: no acceptor thread blocked in accept(), no idle workers
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(standbyThreads()).as("threads of an unused standby server").hasSize(1));
        var loads = java.util.stream.IntStream.range(0, 8).mapToObj(i -> http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())).toList();
        for (var load : loads) {
            assertThat(load.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        }
    }

    private static java.util.List<String> standbyThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("livecontrol-standby")).toList();
    }

    @Test
    void signalingIsRefusedNamingTheLeader() throws Exception {
        int port = standby.start(new InetSocketAddress(LOOPBACK, 0)).getPort();
        standby.leaderChanged(new LeaderStatus(PeerId.of("stage"), false, 3,
                new InetSocketAddress("192.168.1.5", 3010)));
        HttpResponse<String> r = get(port, "/signaling");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("does not lead").contains("ws://192.168.1.5:3010/signaling");
    }

    @Test
    void closingHandsThePortToTheLeadersServer() throws Exception {
        int port = standby.start(new InetSocketAddress(LOOPBACK, 0)).getPort();
        standby.close();
        SignalingServer server = new JettySignalingProvider().createServer(new TestContext(scheduler, Map.of()));
        try {
            assertThat(server.start(new InetSocketAddress(LOOPBACK, port), PeerId.of("me"), 1).getPort())
                    .isEqualTo(port);
        } finally {
            server.close("test over");
        }
        assertThat(standby.start(new InetSocketAddress(LOOPBACK, port)).getPort()).as("and takes it back").isEqualTo(port);
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            assertThatThrownBy(() -> standby.start(new InetSocketAddress(LOOPBACK, taken.getLocalPort())))
                    .isInstanceOf(LiveControlException.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void theSwitchIsABooleanAndFalseMeansNoStandbyServer() {
        JettySignalingProvider p = new JettySignalingProvider();
        assertThatThrownBy(() -> p.validate(org.mobileworship.livecontrol.testkit.MapConfig.of(
                Map.of(JettySignalingProvider.STANDBY_PAGES, "sometimes"))))
                .isInstanceOf(LiveControlException.class)
                .hasMessageContaining(JettySignalingProvider.STANDBY_PAGES).hasMessageContaining("true or false");
        assertThat(p.createStandbyServer(new TestContext(scheduler, Map.of(JettySignalingProvider.STANDBY_PAGES,
                "false")))).isEmpty();
    }
}
