package org.mobileworship.livecontrol.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;

/**
 * Java nodes against {@link SeedJsonPeer}, a peer that speaks only the seed's JSON over a real webrtc-java
 * data channel and declares nothing at registration: the regression test for "a Java controller sends
 * protobuf to a JSON-only display" and "a Java display closes a quiet seed controller's channel", without a
 * browser.
 */
class SeedJsonPeersTest {
    private final LoopbackNodes nodes = new LoopbackNodes("seed");
    private final String session = nodes.session;

    @AfterEach
    void closeAll() {
        nodes.close();
    }

    private static int healthStatus(InetSocketAddress ep) {
        try {
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + ep.getPort() + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private SeedJsonPeer seed(SeedJsonPeer p, InetSocketAddress endpoint) throws Exception {
        nodes.closeLater(p);
        return p.connect(endpoint, session);
    }

    @Test
    void javaControllerDeliversEveryCueToAJsonOnlyDisplayInJson() throws Exception {
        LiveControl controller = nodes.node(PeerType.controller(), "java-controller");
        InetSocketAddress endpoint = LoopbackNodes.leaderEndpoint(controller);
        // ready once the leader's own node registered; it would serve signaling here when elected
        await().atMost(Duration.ofSeconds(10)).until(() -> healthStatus(endpoint) == 200);
        SeedJsonPeer tv = seed(SeedJsonPeer.display("seed-tv"), endpoint);
        PeerId tvId = PeerId.of("seed-tv");

        await().atMost(Duration.ofSeconds(30)).until(() -> controller.connectedPeers().stream()
                .anyMatch(p -> p.id().equals(tvId)));
        PeerInfo seen = controller.peers().stream().filter(p -> p.id().equals(tvId)).findFirst().orElseThrow();
        assertThat(seen.encodings()).as("the seed display declared nothing").isEmpty();
        assertThat(seen.speaks(LinkEncoding.PROTOBUF)).isFalse();

        List<LiveControlMessage> cues = List.of(new LiveControlMessage.Slide("sunday", "song-1", 1),
                new LiveControlMessage.Black("sunday", true), new LiveControlMessage.Slide("sunday", "song-1", 2),
                new LiveControlMessage.Black("sunday", false));
        for (LiveControlMessage cue : cues) {
            Delivery d = controller.send(tvId, cue).get(15, TimeUnit.SECONDS);
            assertThat(d.transport()).isEqualTo("webrtc");
        }
        assertThat(tv.binaryFrames.get()).as("binary (protobuf) frames a seed display cannot read").isZero();
        assertThat(tv.channelProtocol).isNotEqualTo("livecontrol.v1.proto");
        assertThat(tv.receivedOfType("slide")).extracting(n -> n.path("slideIndex").asInt()).contains(1, 2);
        assertThat(tv.receivedOfType("black")).extracting(n -> n.path("isBlack").asBoolean()).contains(true, false);
        assertThat(tv.receivedOfType("ping")).as("a peer that promised no pong is not pinged").isEmpty();
    }

    @Test
    void javaDisplayKeepsTheChannelOfAQuietSeedControllerThatNeverPings() throws Exception {
        // a short application timeout: before the fix the display closed the channel after it
        LiveControl display = nodes.node(PeerType.display(DisplayClass.STAGE), "java-display",
                "livecontrol.link.timeout", "1s", "livecontrol.link.ping-interval", "250ms");
        InetSocketAddress endpoint = LoopbackNodes.leaderEndpoint(display);
        SeedJsonPeer operator = seed(SeedJsonPeer.controller("seed-operator"), endpoint);
        await().atMost(Duration.ofSeconds(10)).until(() -> operator.peerLists.stream()
                .anyMatch(l -> l.toString().contains(display.id().value())));
        operator.offerTo(display.id().value());
        await().atMost(Duration.ofSeconds(30)).until(() -> operator.channelOpen);

        // silent for several times the link timeout: the channel stays open (ICE/SCTP say the peer is there)
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> operator.channelOpen);

        operator.sendData(SeedJsonPeer.JSON.readTree(
                "{\"type\":\"slide\",\"eventId\":\"e1\",\"itemId\":\"song-9\",\"slideIndex\":4,\"messageId\":\"m-quiet-1\"}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> operator.receivedOfType("ack").stream()
                .anyMatch(a -> a.path("messageId").asText().equals("m-quiet-1")));
        assertThat(display.liveState().itemId()).isEqualTo("song-9");
        assertThat(display.liveState().slideIndex()).isEqualTo(4);
        assertThat(operator.binaryFrames.get()).isZero();
    }
}
