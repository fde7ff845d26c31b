package org.mobileworship.livecontrol.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.signaling.support.Fixture;
import org.mobileworship.livecontrol.signaling.support.RecordingListener;

/**
 * Leader notices over real Jetty: the client's {@code tellLeader} reaches the server's listener with the
 * sender's priority and port and the connection's address; malformed, oversized, wrong-method and too-frequent
 * notices get specific answers and reach nobody.
 */
class LeaderNoticeWireTest {
    private final Fixture fx = new Fixture(Map.of());
    private final List<DiscoveredPeer> heard = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.port() + "/leader-notice"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNoticeReachesTheListenerWithTheConnectionsAddress() throws Exception {
        fx.start();
        fx.server.onLeaderNotice(heard::add);
        Announcement self = new Announcement(PeerId.of("booth"), PeerType.controller(), "Booth", 1234L,
                PeerId.of("booth"), 9, 3999, Announcement.PROTOCOL_VERSION);
        SignalingClient client = fx.client(new RecordingListener());
        client.tellLeader(fx.endpoint, self);
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);
        Announcement got = heard.get(0).announcement();
        assertThat(got.peerId()).isEqualTo(self.peerId());
        assertThat(got.peerType()).isEqualTo(PeerType.controller());
        assertThat(got.startedAtMillis()).isEqualTo(1234L);
        assertThat(got.term()).isEqualTo(9);
        assertThat(got.signalingPort()).isEqualTo(3999);
        assertThat(got.claimsLeadership()).isTrue();
        assertThat(heard.get(0).addresses()).containsExactly(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void badNoticesGetSpecificAnswersAndReachNobody() throws Exception {
        fx.start();
        assertThat(post("{}").statusCode()).as("no listener yet").isEqualTo(503);
        fx.server.onLeaderNotice(heard::add);
        HttpResponse<String> notJson = post("not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("\"code\":\"malformed\"");
        assertThat(post("{\"type\":\"leader-notice\",\"peerId\":\"x\",\"peerType\":\"display\","
                + "\"startedAtMillis\":1,\"term\":1,\"signalingPort\":70000}").body()).contains("signalingPort");
        assertThat(post("{\"type\":\"leader-notice\",\"peerType\":\"controller\",\"startedAtMillis\":1,"
                + "\"term\":1,\"signalingPort\":3010}").body()).contains("missing field 'peerId'");
        assertThat(post("x".repeat(5000)).statusCode()).isEqualTo(413);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.port() + "/leader-notice"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        assertThat(heard).isEmpty();
    }

    @Test
    void aFloodIsCutAtFiveASecond() throws Exception {
        fx.start();
        fx.server.onLeaderNotice(heard::add);
        String ok = "{\"type\":\"leader-notice\",\"peerId\":\"tv\",\"peerType\":\"display\",\"displayClass\":\""
                + DisplayClass.LOBBY.wireName() + "\",\"startedAtMillis\":1,\"term\":1,\"signalingPort\":3010}";
        int limited = 0;
        for (int i = 0; i < 20; i++) {
            if (post(ok).statusCode() == 429) {
                limited++;
            }
        }
        assertThat(limited).as("refused beyond the rate").isPositive();
        assertThat(heard.size()).isLessThan(20).isEqualTo(20 - limited);
        assertThat(heard.get(0).announcement().peerType()).isEqualTo(PeerType.display(DisplayClass.LOBBY));
    }
}
