package org.mobileworship.livecontrol.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.protocol.ProtobufFrameCodec;
import org.mobileworship.livecontrol.protocol.v1.Heartbeat;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;
import org.mobileworship.livecontrol.signaling.support.Fixture;
import org.mobileworship.livecontrol.signaling.support.Fixture.Peer;
import org.mobileworship.livecontrol.signaling.support.RawWs;
import org.mobileworship.livecontrol.signaling.support.WsWire;

/**
 * Each bad input gets its specific reply (or close code), and afterwards the same connection and an
 * unrelated pair of peers are still served.
 */
class BadInputTest {
    private static final String REGISTER = "{\"type\":\"register\",\"peerId\":\"%s\",\"peerType\":\"display\",\"displayName\":\"TV\"}";

    private Fixture fx;
    private Peer ctl;
    private Peer disp;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(Map.of("livecontrol.signaling.max-peers", "600")).start();
        ctl = fx.controller("ctl");
        disp = fx.display("disp");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /** The unrelated pair still signals, and nothing bad reached it. */
    private void othersStillServed() throws Exception {
        int before = disp.listener().signals.size();
        ctl.client().send(disp.id(), new Signal.Offer("still-ok")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> disp.listener().signals.size() == before + 1);
        assertThat(ctl.listener().errors).isEmpty();
        assertThat(disp.listener().errors).isEmpty();
        assertThat(ctl.listener().disconnects).isEmpty();
        assertThat(disp.listener().disconnects).isEmpty();
    }

    private static void sameConnectionStillServed(RawWs raw, String id) throws Exception {
        raw.text(String.format(REGISTER, id));
        assertThat(raw.nextJson("registered").path("peerId").asText()).isEqualTo(id);
        raw.text("{\"type\":\"heartbeat\",\"timestamp\":42}");
        assertThat(raw.nextJson("heartbeat-ack").path("timestamp").asLong()).isEqualTo(42);
    }

    private static JsonNode errorFor(RawWs raw, String text) throws Exception {
        raw.text(text);
        JsonNode e = raw.nextJson("error");
        System.out.println("reply to " + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + " -> " + e);
        return e;
    }

    @Test
    void malformedJson() throws Exception {
        RawWs raw = fx.raw();
        assertThat(errorFor(raw, "{\"type\": \"register\", ").path("code").asText()).isEqualTo("malformed");
        assertThat(errorFor(raw, "not json at all").path("code").asText()).isEqualTo("malformed");
        sameConnectionStillServed(raw, "after-malformed");
        othersStillServed();
    }

    @Test
    void validJsonOfUnknownType() throws Exception {
        RawWs raw = fx.raw();
        JsonNode e = errorFor(raw, "{\"type\":\"dance\",\"peerId\":\"x\"}");
        assertThat(e.path("code").asText()).isEqualTo("unknown-type");
        assertThat(e.path("message").asText()).contains("dance");
        sameConnectionStillServed(raw, "after-unknown");
        othersStillServed();
    }

    @Test
    void missingEmptyAndOverlongPeerId() throws Exception {
        RawWs raw = fx.raw();
        JsonNode missing = errorFor(raw, "{\"type\":\"register\",\"peerType\":\"display\",\"displayName\":\"TV\"}");
        assertThat(missing.path("code").asText()).isEqualTo("missing-field");
        assertThat(missing.path("message").asText()).contains("peerId");
        assertThat(errorFor(raw, String.format(REGISTER, "")).path("code").asText()).isEqualTo("missing-field");
        JsonNode overlong = errorFor(raw, String.format(REGISTER, "x".repeat(129)));
        assertThat(overlong.path("code").asText()).isEqualTo("invalid-field");
        assertThat(overlong.path("message").asText()).contains("128");
        assertThat(errorFor(raw, String.format(REGISTER, "   ")).path("code").asText()).isEqualTo("invalid-field");
        assertThat(fx.server.registeredPeerCount()).isEqualTo(2);
        sameConnectionStillServed(raw, "x".repeat(128));
        othersStillServed();
    }

    @Test
    void offerBeforeRegister() throws Exception {
        RawWs raw = fx.raw();
        JsonNode e = errorFor(raw, "{\"type\":\"offer\",\"targetPeerId\":\"disp\",\"sdp\":\"x\"}");
        assertThat(e.path("code").asText()).isEqualTo("not-registered");
        assertThat(errorFor(raw, "{\"type\":\"heartbeat\"}").path("code").asText()).isEqualTo("not-registered");
        assertThat(disp.listener().signals).isEmpty();
        sameConnectionStillServed(raw, "late");
        othersStillServed();
    }

    @Test
    void targetNotRegistered() throws Exception {
        RawWs raw = fx.raw();
        raw.text(String.format(REGISTER, "sender"));
        raw.nextJson("registered");
        JsonNode e = errorFor(raw, "{\"type\":\"offer\",\"targetPeerId\":\"nobody\",\"sdp\":\"x\"}");
        assertThat(e.path("code").asText()).isEqualTo("unknown-peer");
        assertThat(e.path("targetPeerId").asText()).isEqualTo("nobody");
        // and nobody else got it (no broadcast)
        assertThat(disp.listener().signals).isEmpty();
        assertThat(ctl.listener().signals).isEmpty();
        raw.text("{\"type\":\"heartbeat\",\"timestamp\":1}");
        assertThat(raw.nextJson("heartbeat-ack").path("timestamp").asLong()).isEqualTo(1);
        othersStillServed();
    }

    @Test
    void serverOnlyFrameFromAClientIsNotAllowed() throws Exception {
        RawWs raw = fx.raw();
        raw.text(String.format(REGISTER, "cheeky"));
        raw.nextJson("registered");
        assertThat(errorFor(raw, "{\"type\":\"peer-list\",\"peers\":[]}").path("code").asText()).isEqualTo("not-allowed");
        othersStillServed();
    }

    @Test
    void tenMebibyteFrameClosesOnlyThatConnectionWith1009() throws Exception {
        // Just over the 64 KiB limit: the whole frame fits the socket buffers, so the client reads the close frame.
        RawWs over = fx.raw();
        over.text(String.format(REGISTER, "over"));
        over.nextJson("registered");
        over.ws.sendText(offerOf(64 * 1024), true);
        assertThat(over.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1009);

        // 10 MiB: the server closes with 1009 as soon as it reads the frame's length, while this client is still
        // writing; TCP then resets the connection, so the client may see the reset (-1) instead of the close
        // frame. Either way that connection ends, nothing is forwarded, and everyone else is served.
        RawWs raw = fx.raw();
        raw.text(String.format(REGISTER, "big"));
        raw.nextJson("registered");
        raw.ws.sendText(offerOf(10 * 1024 * 1024), true); // may fail half-way: the server closes while we write
        assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isIn(1009, -1);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.server.registeredPeerCount() == 2);
        assertThat(disp.listener().signals).isEmpty();
        othersStillServed();
    }

    private static String offerOf(int sdpBytes) {
        return "{\"type\":\"offer\",\"targetPeerId\":\"disp\",\"sdp\":\"" + "a".repeat(sdpBytes) + "\"}";
    }

    @Test
    void binaryGarbageOnTheProtoSubprotocol() throws Exception {
        RawWs raw = fx.raw("livecontrol.v1.proto");
        assertThat(raw.ws.getSubprotocol()).isEqualTo("livecontrol.v1.proto");
        // field 1, length-delimited, claims far more bytes than follow
        raw.binary(new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 1, 2});
        SignalingFrame e = raw.nextFrame(SignalingFrame.BodyCase.ERROR);
        assertThat(e.getError().getCode()).isEqualTo("malformed");
        raw.text("{\"type\":\"heartbeat\"}"); // text on a proto connection
        assertThat(raw.nextFrame(SignalingFrame.BodyCase.ERROR).getError().getMessage()).contains("binary");
        raw.binary(ProtobufFrameCodec.INSTANCE.encodeSignaling(SignalingFrame.newBuilder().setRegister(
                org.mobileworship.livecontrol.protocol.v1.Register.newBuilder().setPeerId("proto-raw")
                        .setPeerType("display").setDisplayName("x")).build()));
        assertThat(raw.nextFrame(SignalingFrame.BodyCase.REGISTERED).getRegistered().getPeerId()).isEqualTo("proto-raw");
        raw.binary(ProtobufFrameCodec.INSTANCE.encodeSignaling(SignalingFrame.newBuilder()
                .setHeartbeat(Heartbeat.newBuilder().setTimestamp(9)).build()));
        assertThat(raw.nextFrame(SignalingFrame.BodyCase.HEARTBEAT_ACK).getHeartbeatAck().getTimestamp()).isEqualTo(9);
        othersStillServed();
    }

    @Test
    void thousandFramesPerSecondAreRateLimitedWithoutHurtingOthers() throws Exception {
        RawWs raw = fx.raw();
        raw.text(String.format(REGISTER, "flooder"));
        raw.nextJson("registered");
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            raw.text("{\"type\":\"heartbeat\",\"timestamp\":" + i + "}");
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        othersStillServed();
        await().atMost(Duration.ofSeconds(5)).until(() -> raw.texts.stream().anyMatch(t -> t.contains("rate-limited")));
        // let the bucket refill, then the same connection is served again
        long acks = raw.texts.stream().filter(t -> t.contains("heartbeat-ack")).count();
        long limited = raw.texts.stream().filter(t -> t.contains("rate-limited")).count();
        System.out.printf("flood: 1000 frames in %d ms -> %d acks, %d rate-limited errors (limit 200/s)%n",
                ms, acks, limited);
        assertThat(acks).isLessThan(1000);
        assertThat(limited).isBetween(1L, 1L + ms / 1000);
        await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(5)).until(() -> true);
        raw.texts.clear();
        raw.text("{\"type\":\"heartbeat\",\"timestamp\":777}");
        assertThat(raw.nextJson("heartbeat-ack").path("timestamp").asLong()).isEqualTo(777);
        assertThat(raw.closeCode).isNotDone();
    }

    @Test
    void fiveHundredConnectionsOpeningAndClosingLeakNothing() throws Exception {
        long t0 = System.nanoTime();
        for (int batch = 0; batch < 10; batch++) {
            List<CompletableFuture<Void>> round = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = batch * 50 + i;
                RawWs raw = RawWs.open(fx.port());
                round.add(CompletableFuture.runAsync(() -> {
                    try {
                        if (n % 2 == 0) {
                            raw.text(String.format(REGISTER, "churn-" + n));
                            raw.nextJson("registered");
                        }
                        if (n % 4 < 2) {
                            raw.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
                        } else {
                            raw.ws.abort();
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        System.out.printf("500 connections opened/closed in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.server.registeredPeerCount() == 2
                && fx.server.connectionCount() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> ctl.listener().lastPeerIds().equals(List.of("disp")));
        othersStillServed();
    }

    @Test
    void clientVanishingMidMessageIsUnregistered() throws Exception {
        try (Socket s = new Socket("127.0.0.1", fx.port())) {
            WsWire.clientHandshake(s, fx.port(), null);
            s.getOutputStream().write(WsWire.clientFrame(1, String.format(REGISTER, "vanisher")
                    .getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.server.registeredPeerCount() == 3);
            await().atMost(Duration.ofSeconds(5)).until(() -> ctl.listener().lastPeerIds().contains("vanisher"));
            byte[] full = WsWire.clientFrame(1, ("{\"type\":\"offer\",\"targetPeerId\":\"disp\",\"sdp\":\""
                    + "x".repeat(500) + "\"}").getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(full, 0, full.length / 2); // half a frame, then the socket dies
            s.getOutputStream().flush();
            s.setSoLinger(true, 0); // RST, not FIN
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.server.registeredPeerCount() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> ctl.listener().lastPeerIds().equals(List.of("disp")));
        assertThat(disp.listener().signals).isEmpty();
        othersStillServed();
    }

    @Test
    void sustainedAbuseIsClosedWith1008() throws Exception {
        try (Fixture strict = new Fixture(Map.of("livecontrol.signaling.max-frames-per-second", "20",
                "livecontrol.signaling.rate-limit-close-after", "1s")).start()) {
            RawWs raw = RawWs.open(strict.port());
            try {
                raw.text(String.format(REGISTER, "abuser"));
                raw.nextJson("registered");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                // Abuse in bursts (25 frames, far above 20/s) with short pauses: a client still writing when the
                // server closes makes the server's TCP stack answer with RST, which can discard the 1008 close
                // frame before the client reads it. Pausing lets the close frame be read.
                while (!raw.closeCode.isDone() && System.nanoTime() < deadline) {
                    try {
                        for (int i = 0; i < 25; i++) {
                            raw.text("{\"type\":\"heartbeat\"}");
                        }
                    } catch (Exception e) {
                        break; // closed under us
                    }
                    try {
                        raw.closeCode.get(20, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException stillOpen) {
                        // keep abusing
                    }
                }
                assertThat(raw.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
                await().atMost(Duration.ofSeconds(5)).until(() -> strict.server.registeredPeerCount() == 0);
            } finally {
                raw.close();
            }
        }
        othersStillServed();
    }
}
