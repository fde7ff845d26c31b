package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.protocol.DeviceProofs;

/**
 * Device identity and role authorization on real nodes (mDNS on 127.0.0.1, the elected leader's Jetty server,
 * WebRTC or relay), with an attacker speaking the seed's JSON to the real leader: docs/security.md T2, T3.
 */
class TrustOnRealNodesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String session = "trust-" + UUID.randomUUID();

    @TempDir
    Path state;

    private LiveControl.Builder node(PeerType type, String name) {
        return LiveControl.builder().role(type).displayName(name)
                .config("livecontrol.discovery.interfaces", "127.0.0.1")
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.session", session)
                .config("livecontrol.state-dir", state.resolve(name).toString())
                .config("livecontrol.security", "open"); // keys without pairing: what open mode still protects
    }

    @Test
    void keyedNodesJoinAndAttackersGetSpecificRefusals() throws Exception {
        LiveControl display = node(PeerType.display(DisplayClass.STAGE), "stage").build();
        LiveControl controller = node(PeerType.controller(), "booth").build();
        try (display; controller) {
            assertThat(DeviceProofs.isKeyBound(display.id().value())).isTrue();
            assertThat(DeviceProofs.isKeyBound(controller.id().value())).isTrue();
            display.start();
            controller.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> controller.connectedPeers().stream()
                    .anyMatch(p -> p.id().equals(display.id()) && p.connected()));
            controller.send(display.id(), new LiveControlMessage.Slide("e", "song-1", 4)).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> display.liveState().slideIndex() == 4);

            InetSocketAddress leader = display.leaderStatus().endpoint();
            try (Attacker rogue = new Attacker(leader)) {
                // T3: registering under the display's id without its key
                rogue.send("{\"type\":\"register\",\"peerId\":\"" + display.id().value()
                        + "\",\"peerType\":\"display\",\"displayName\":\"Stage\",\"session\":\"" + session + "\"}");
                assertThat(rogue.next("error").path("code").asText()).isEqualTo("unauthenticated");
                // T2: registered as a display, it tries to black out the real display through the relay
                rogue.send("{\"type\":\"register\",\"peerId\":\"rogue-phone\",\"peerType\":\"display\","
                        + "\"displayName\":\"Phone\",\"session\":\"" + session + "\"}");
                assertThat(rogue.next("registered").path("peerId").asText()).isEqualTo("rogue-phone");
                rogue.send("{\"type\":\"relay\",\"targetPeerId\":\"" + display.id().value() + "\",\"data\":"
                        + "{\"type\":\"black\",\"eventId\":\"e\",\"isBlack\":true,\"messageId\":\"evil\"}}");
                JsonNode refused = rogue.next("error");
                assertThat(refused.path("code").asText()).isEqualTo("not-allowed");
                assertThat(refused.path("targetPeerId").asText()).isEqualTo(display.id().value());
            }
            assertThat(display.liveState().black()).isFalse();
            // the genuine pair is unharmed
            controller.send(display.id(), new LiveControlMessage.Slide("e", "song-1", 5)).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> display.liveState().slideIndex() == 5);
        }

        // a restart finds its key: same id
        try (LiveControl again = node(PeerType.display(DisplayClass.STAGE), "stage").build()) {
            assertThat(again.id()).isEqualTo(display.id());
        }
    }

    @Test
    void keyedNodesSignTheirRelayedFramesThroughTheRealLeader() throws Exception {
        // relay only: every cue, ack and hello crosses the Jetty server (which decodes and re-encodes it)
        // with its sender's signature trailer, and is verified at the other end
        try (LiveControl display = node(PeerType.display(DisplayClass.AUDIENCE), "relay-display")
                .config("livecontrol.transports", "relay").build();
             LiveControl controller = node(PeerType.controller(), "relay-booth")
                .config("livecontrol.transports", "relay").build()) {
            display.start();
            controller.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> controller.connectedPeers().stream()
                    .anyMatch(p -> p.id().equals(display.id()) && "relay".equals(p.transport())));
            var delivery = controller.send(display.id(), new LiveControlMessage.Slide("e", "song-2", 9))
                    .get(10, TimeUnit.SECONDS);
            assertThat(delivery.transport()).isEqualTo("relay");
            await().atMost(Duration.ofSeconds(5)).until(() -> display.liveState().slideIndex() == 9);
        }
    }

    /** A seed-JSON WebSocket client (no subprotocol) on the leader's signaling endpoint. */
    private static final class Attacker implements AutoCloseable {
        final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final WebSocket ws;

        Attacker(InetSocketAddress leader) throws Exception {
            ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://"
                    + leader.getAddress().getHostAddress() + ":" + leader.getPort() + "/signaling"),
                    new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                texts.add(text.toString());
                                text.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
        }

        void send(String json) throws Exception {
            ws.sendText(json, true).get(10, TimeUnit.SECONDS);
        }

        JsonNode next(String type) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String t = texts.poll(100, TimeUnit.MILLISECONDS);
                if (t != null && JSON.readTree(t).path("type").asText().equals(type)) {
                    return JSON.readTree(t);
                }
            }
            throw new AssertionError("no '" + type + "' within 10 s");
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
