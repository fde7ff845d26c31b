package org.mobileworship.livecontrol.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingServer;
import org.mobileworship.livecontrol.protocol.ProtobufFrameCodec;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.Offer;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;
import org.mobileworship.livecontrol.protocol.v1.Slide;
import org.mobileworship.livecontrol.signaling.support.Fixture;
import org.mobileworship.livecontrol.signaling.support.Fixture.Peer;
import org.mobileworship.livecontrol.signaling.support.RawWs;
import org.mobileworship.livecontrol.signaling.support.RecordingListener;
import org.mobileworship.livecontrol.signaling.support.RecordingListener.Received;

/** Real Jetty server on 127.0.0.1, real clients: registration, forwarding, identity, sessions, liveness. */
class SignalingServerTest {
    private Fixture fx;

    private Fixture start(Map<String, String> config) {
        fx = new Fixture(config).start();
        return fx;
    }

    @AfterEach
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void registerPeerListAndOfferAnswerIceRoundTripWithStampedSender() throws Exception {
        start(Map.of());
        Peer ctl = fx.controller("ctl");
        Peer disp = fx.display("disp");

        await().atMost(Duration.ofSeconds(5)).until(() -> ctl.listener().lastPeerIds().equals(List.of("disp")));
        await().atMost(Duration.ofSeconds(5)).until(() -> disp.listener().lastPeerIds().equals(List.of("ctl")));
        PeerInfo seen = ctl.listener().peerLists.get(ctl.listener().peerLists.size() - 1).get(0);
        assertThat(seen.type()).isEqualTo(PeerType.display(org.mobileworship.livecontrol.api.DisplayClass.STAGE));
        assertThat(seen.displayName()).isEqualTo("disp name");
        assertThat(seen.connected()).isFalse();
        assertThat(seen.transport()).isNull();
        assertThat(fx.server.registeredPeerCount()).isEqualTo(2);

        ctl.client().send(disp.id(), new Signal.Offer("v=0 offer")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> !disp.listener().signals.isEmpty());
        assertThat(disp.listener().signals.get(0)).isEqualTo(new Received(ctl.id(), new Signal.Offer("v=0 offer")));

        disp.client().send(ctl.id(), new Signal.Answer("v=0 answer"));
        disp.client().send(ctl.id(), new Signal.IceCandidate("candidate:1 1 udp 1 1.2.3.4 5 typ host", "0", 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> ctl.listener().signals.size() == 2);
        assertThat(ctl.listener().signals).containsExactly(
                new Received(disp.id(), new Signal.Answer("v=0 answer")),
                new Received(disp.id(), new Signal.IceCandidate("candidate:1 1 udp 1 1.2.3.4 5 typ host", "0", 0)));
        assertThat(ctl.client().isConnected()).isTrue();
    }

    @Test
    void relayCarriesADataFrameAndIsReEncodedForJsonReceivers() throws Exception {
        start(Map.of());
        Peer a = fx.controller("a");
        Peer b = fx.display("b");
        RawWs json = fx.raw();
        json.text("{\"type\":\"register\",\"peerId\":\"browser\",\"peerType\":\"display\",\"displayName\":\"TV\"}");
        json.nextJson("registered");
        DataFrame slide = DataFrame.newBuilder().setMessageId("m1")
                .setSlide(Slide.newBuilder().setEventId("e").setItemId("i").setSlideIndex(3)).build();

        a.client().send(b.id(), new Signal.Relay(slide.toByteArray())).toCompletableFuture().get(5, TimeUnit.SECONDS);
        a.client().send(PeerId.of("browser"), new Signal.Relay(slide.toByteArray()));

        await().atMost(Duration.ofSeconds(5)).until(() -> !b.listener().signals.isEmpty());
        Received got = b.listener().signals.get(0);
        assertThat(got.from()).isEqualTo(a.id());
        assertThat(DataFrame.parseFrom(((Signal.Relay) got.signal()).frame())).isEqualTo(slide);
        JsonNode relayed = json.nextJson("relay");
        assertThat(relayed.path("fromPeerId").asText()).isEqualTo("a");
        assertThat(relayed.path("data").path("type").asText()).isEqualTo("slide");
        assertThat(relayed.path("data").path("slideIndex").asInt()).isEqualTo(3);

        // an invalid relay payload fails locally with the protocol's code
        assertThatThrownBy(() -> a.client().send(b.id(), new Signal.Relay(new byte[] {1, 2, 3}))
                .toCompletableFuture().join())
                .hasCauseInstanceOf(SignalingException.class);
    }

    /** A plugin transport's own signal crosses the server unchanged, stamped, re-encoded for JSON receivers. */
    @Test
    void transportSignalsAreForwardedOpaqueStampedAndReEncoded() throws Exception {
        start(Map.of());
        Peer a = fx.controller("a");
        Peer b = fx.display("b");
        RawWs json = fx.raw();
        json.text("{\"type\":\"register\",\"peerId\":\"browser\",\"peerType\":\"display\",\"displayName\":\"TV\"}");
        json.nextJson("registered");
        byte[] payload = {0, 1, 2, (byte) 0xff, 'u', 'd', 'p'};

        a.client().send(b.id(), new Signal.TransportSignal("udp", payload)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        a.client().send(PeerId.of("browser"), new Signal.TransportSignal("udp", payload));

        await().atMost(Duration.ofSeconds(5)).until(() -> !b.listener().signals.isEmpty());
        assertThat(b.listener().signals.get(0)).isEqualTo(new Received(a.id(), new Signal.TransportSignal("udp", payload)));
        JsonNode forwarded = json.nextJson("transport-signal");
        assertThat(forwarded.path("fromPeerId").asText()).isEqualTo("a");
        assertThat(forwarded.path("transport").asText()).isEqualTo("udp");
        assertThat(java.util.Base64.getDecoder().decode(forwarded.path("payload").asText())).isEqualTo(payload);

        // and back from a JSON client: the server validates, stamps and re-encodes it for the protobuf peer
        json.text("{\"type\":\"transport-signal\",\"targetPeerId\":\"a\",\"fromPeerId\":\"b\",\"transport\":\"udp\","
                + "\"payload\":\"AAEC\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.listener().signals.isEmpty());
        assertThat(a.listener().signals.get(0)).isEqualTo(
                new Received(PeerId.of("browser"), new Signal.TransportSignal("udp", new byte[] {0, 1, 2})));
        json.text("{\"type\":\"transport-signal\",\"targetPeerId\":\"a\",\"transport\":\"Not A Name\"}");
        assertThat(json.nextJson("error").path("code").asText()).isEqualTo("invalid-field");
    }

    @Test
    void spoofedFromPeerIdIsReplacedByTheRegisteredIdentity() throws Exception {
        start(Map.of());
        Peer victim = fx.display("victim");
        Peer other = fx.controller("honest");
        RawWs liar = fx.raw("livecontrol.v1.proto");
        liar.binary(ProtobufFrameCodec.INSTANCE.encodeSignaling(SignalingFrame.newBuilder().setRegister(
                org.mobileworship.livecontrol.protocol.v1.Register.newBuilder().setPeerId("liar")
                        .setPeerType("controller").setDisplayName("x")).build()));
        liar.nextFrame(SignalingFrame.BodyCase.REGISTERED);
        liar.binary(ProtobufFrameCodec.INSTANCE.encodeSignaling(SignalingFrame.newBuilder().setOffer(
                Offer.newBuilder().setTargetPeerId("victim").setFromPeerId("honest").setSdp("evil")).build()));

        await().atMost(Duration.ofSeconds(5)).until(() -> !victim.listener().signals.isEmpty());
        assertThat(victim.listener().signals.get(0).from()).isEqualTo(PeerId.of("liar"));
        assertThat(other.listener().signals).isEmpty();
    }

    @Test
    void idTakenForAStrangerAndReclaimWithToken() throws Exception {
        start(Map.of("livecontrol.signaling.reclaim-window", "60s"));
        Peer owner = fx.display("shared-id");
        RecordingListener strangerL = new RecordingListener();
        SignalingClient stranger = fx.client(strangerL);
        Registration same = new Registration(PeerId.of("shared-id"), PeerType.controller(), "impostor", "");

        assertThatThrownBy(() -> stranger.connect(fx.endpoint, same).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(SignalingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCodes.ID_TAKEN));
        assertThat(stranger.isConnected()).isFalse();

        // the owner leaves; its id stays reserved for it
        owner.client().disconnect("restarting");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.server.registeredPeerCount() == 0);
        assertThatThrownBy(() -> stranger.connect(fx.endpoint, same).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(SignalingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCodes.ID_TAKEN));

        // the owner (same client object, which remembers its token) reclaims it
        owner.client().connect(fx.endpoint, new Registration(owner.id(), PeerType.display(
                org.mobileworship.livecontrol.api.DisplayClass.STAGE), "back", "")).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(owner.client().isConnected()).isTrue();
        assertThat(fx.server.registeredPeerCount()).isEqualTo(1);
    }

    @Test
    void afterTheReclaimWindowARestartedDeviceWithoutItsTokenGetsItsIdBack() throws Exception {
        start(Map.of("livecontrol.signaling.reclaim-window", "300ms"));
        Peer owner = fx.display("tv-1");
        owner.client().disconnect("process killed");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.server.registeredPeerCount() == 0);
        RecordingListener restartedL = new RecordingListener();
        SignalingClient restarted = fx.client(restartedL); // a new process: no token
        Registration same = new Registration(PeerId.of("tv-1"), PeerType.display(
                org.mobileworship.livecontrol.api.DisplayClass.STAGE), "TV", "");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
            restarted.connect(fx.endpoint, same).toCompletableFuture().get(5, TimeUnit.SECONDS);
            return restarted.isConnected();
        });
        assertThat(fx.server.registeredPeerCount()).isEqualTo(1);
    }

    @Test
    void registeringWithTheTokenReplacesALiveConnection() throws Exception {
        start(Map.of());
        RawWs first = fx.raw();
        first.text("{\"type\":\"register\",\"peerId\":\"p\",\"peerType\":\"display\",\"displayName\":\"TV\"}");
        String token = first.nextJson("registered").path("token").asText();
        assertThat(token).hasSizeGreaterThanOrEqualTo(20);

        RawWs wrong = fx.raw();
        wrong.text("{\"type\":\"register\",\"peerId\":\"p\",\"peerType\":\"display\",\"displayName\":\"TV\",\"token\":\"guess\"}");
        assertThat(wrong.nextJson("error").path("code").asText()).isEqualTo("id-taken");

        RawWs second = fx.raw();
        second.text("{\"type\":\"register\",\"peerId\":\"p\",\"peerType\":\"display\",\"displayName\":\"TV\",\"token\":\""
                + token + "\"}");
        assertThat(second.nextJson("registered").path("token").asText()).isEqualTo(token);
        assertThat(first.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(4001);
        assertThat(fx.server.registeredPeerCount()).isEqualTo(1);
        second.text("{\"type\":\"heartbeat\",\"timestamp\":5}");
        assertThat(second.nextJson("heartbeat-ack").path("timestamp").asLong()).isEqualTo(5);
    }

    @Test
    void silentPeerIsDroppedAfterMissedHeartbeatsAndOthersAreTold() throws Exception {
        start(Map.of("livecontrol.heartbeat.interval", "200ms", "livecontrol.heartbeat.misses", "3"));
        Peer watcher = fx.controller("watcher");
        RawWs silent = fx.raw();
        silent.text("{\"type\":\"register\",\"peerId\":\"silent\",\"peerType\":\"display\",\"displayName\":\"TV\"}");
        silent.nextJson("registered");
        await().atMost(Duration.ofSeconds(5)).until(() -> watcher.listener().lastPeerIds().equals(List.of("silent")));
        long t0 = System.nanoTime();

        await().atMost(Duration.ofSeconds(5)).until(() -> watcher.listener().lastPeerIds().isEmpty());
        System.out.printf("silent peer dropped after %d ms (interval 200 ms x 3 misses)%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        assertThat(silent.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(4000);
        // the Java client heartbeats, so it stays
        assertThat(watcher.client().isConnected()).isTrue();
        assertThat(fx.server.registeredPeerCount()).isEqualTo(1);
        assertThat(watcher.listener().disconnects).isEmpty();
    }

    @Test
    void serverCloseTellsEveryClientPromptlyWithGoingAway() throws Exception {
        start(Map.of());
        Peer a = fx.controller("a");
        Peer b = fx.display("b");
        long t0 = System.nanoTime();
        fx.server.close("leader stepping down");
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.listener().disconnects.isEmpty()
                && !b.listener().disconnects.isEmpty());
        System.out.printf("clients told of server close after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        assertThat(a.listener().disconnects.get(0)).contains("1001").contains("leader stepping down");
        assertThat(a.client().isConnected()).isFalse();
        fx.server.close("again"); // idempotent
        assertThat(a.client().send(b.id(), new Signal.Offer("x")).toCompletableFuture())
                .failsWithin(Duration.ofSeconds(1));
    }

    @Test
    void clientReportsDisconnectedWhenHeartbeatsGoUnanswered() throws Exception {
        // a server that registers the client and then answers nothing
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            start(Map.of("livecontrol.heartbeat.interval", "100ms", "livecontrol.heartbeat.misses", "3"));
            Thread mute = new Thread(() -> MuteServer.serveOnce(ss, "leader-x"), "mute-server");
            mute.setDaemon(true);
            mute.start();
            RecordingListener l = new RecordingListener();
            SignalingClient c = fx.client(l);
            c.connect(new InetSocketAddress("127.0.0.1", ss.getLocalPort()),
                    new Registration(PeerId.of("me"), PeerType.controller(), "me", "")).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> !l.disconnects.isEmpty());
            assertThat(l.disconnects.get(0)).contains("no heartbeat-ack");
            assertThat(c.isConnected()).isFalse();
            // one interval before the loss, the listener heard once that the server had gone quiet (the runtime lets
            // the election probe the leader then, so a power loss is confirmed when the budget is spent)
            assertThat(l.silences).hasSize(1);
            assertThat(l.silences.get(0)).contains("for 2 heartbeat intervals");
            assertThat(l.disconnectsBeforeSilence).containsExactly(0);
        }
    }

    @Test
    void rawSeedJsonClientExchangesOfferAndAnswerWithAProtoClient() throws Exception {
        start(Map.of());
        Peer ctl = fx.controller("java-ctl");
        RawWs browser = fx.raw(); // no subprotocol: JSON
        browser.text("""
                {
                  "type": "register",
                  "peerId": "5a1c2d3e-0000-4000-8000-000000000001",
                  "peerType": "display",
                  "displayName": "Mark's iPhone",
                  "displayClass": "audience"
                }""");
        JsonNode reg = browser.nextJson("registered");
        assertThat(reg.path("peerId").asText()).isEqualTo("5a1c2d3e-0000-4000-8000-000000000001");
        assertThat(reg.path("leaderId").asText()).isEqualTo("leader-1");
        assertThat(reg.path("term").asLong()).isEqualTo(7);
        PeerId browserId = PeerId.of("5a1c2d3e-0000-4000-8000-000000000001");
        await().atMost(Duration.ofSeconds(5)).until(() -> ctl.listener().lastPeerIds().equals(List.of(browserId.value())));
        assertThat(ctl.listener().peerLists.get(ctl.listener().peerLists.size() - 1).get(0).type())
                .isEqualTo(PeerType.display(org.mobileworship.livecontrol.api.DisplayClass.AUDIENCE));

        ctl.client().send(browserId, new Signal.Offer("sdp-offer"));
        JsonNode offer = browser.nextJson("offer");
        assertThat(offer.path("fromPeerId").asText()).isEqualTo("java-ctl");
        assertThat(offer.path("sdp").asText()).isEqualTo("sdp-offer");

        browser.text("{\"type\": \"answer\", \"targetPeerId\": \"java-ctl\", \"sdp\": \"sdp-answer\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> !ctl.listener().signals.isEmpty());
        assertThat(ctl.listener().signals.get(0)).isEqualTo(new Received(browserId, new Signal.Answer("sdp-answer")));
    }

    @Test
    void sessionsAreIsolated() throws Exception {
        start(Map.of());
        Peer a1 = fx.peer("a1", PeerType.controller(), "room-a");
        Peer a2 = fx.peer("a2", PeerType.display(org.mobileworship.livecontrol.api.DisplayClass.STAGE), "room-a");
        Peer b1 = fx.peer("b1", PeerType.display(org.mobileworship.livecontrol.api.DisplayClass.STAGE), "room-b");
        await().atMost(Duration.ofSeconds(5)).until(() -> a1.listener().lastPeerIds().equals(List.of("a2")));
        a1.client().send(b1.id(), new Signal.Offer("cross"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !a1.listener().errors.isEmpty());
        assertThat(a1.listener().errors.get(0).code()).isEqualTo(ErrorCodes.UNKNOWN_PEER);
        assertThat(a1.listener().errors.get(0).target()).isEqualTo(b1.id());
        a1.client().send(a2.id(), new Signal.Offer("same-room"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !a2.listener().signals.isEmpty());
        assertThat(b1.listener().signals).isEmpty();
        assertThat(b1.listener().peerLists).allSatisfy(list -> assertThat(list).isEmpty());
        // the same id may exist in two sessions
        Peer dup = fx.peer("a1", PeerType.controller(), "room-b");
        assertThat(dup.client().isConnected()).isTrue();
    }

    @Test
    void probeReportsHealthAndIsEmptyForADeadEndpoint() throws Exception {
        start(Map.of());
        fx.controller("x");
        fx.controller(fx.leaderId.value()); // the leader's own node: /health is ready from now on
        SignalingClient c = fx.client(new RecordingListener());
        Optional<LeaderHealth> h = c.probe(fx.endpoint, Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(h).contains(new LeaderHealth(fx.leaderId, 7, 2));
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        assertThat(c.probe(new InetSocketAddress("127.0.0.1", deadPort), Duration.ofMillis(500))
                .toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
        java.net.http.HttpResponse<String> raw = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + fx.port() + "/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(raw.body()).contains("\"leaderId\":\"leader-1\"").contains("\"term\":7").contains("\"uptimeMs\":")
                .contains("\"peers\":2").contains("\"ready\":true");
        assertThat(raw.statusCode()).isEqualTo(200);
    }

    @Test
    void healthAnswers503UntilTheLeadersOwnNodeRegisteredAndListsTheNodesThatCanLead() throws Exception {
        start(Map.of());
        var http = java.net.http.HttpClient.newHttpClient();
        var get = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + fx.port() + "/health")).build();
        fx.display("early-display");
        var before = http.send(get, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).contains("\"ready\":false").contains("\"leaderId\":\"leader-1\"");
        // a probe still sees the starting leader (the election must not take it for dead)
        SignalingClient probe = fx.client(new RecordingListener());
        assertThat(probe.probe(fx.endpoint, Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .contains(new LeaderHealth(fx.leaderId, 7, 1));

        RecordingListener l = new RecordingListener();
        SignalingClient leaderNode = fx.client(l);
        leaderNode.connect(fx.endpoint, new Registration(fx.leaderId, PeerType.controller(), "leader",
                "", java.util.EnumSet.of(org.mobileworship.livecontrol.api.spi.transport.LinkEncoding.PROTOBUF,
                org.mobileworship.livecontrol.api.spi.transport.LinkEncoding.JSON), 3999))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        var after = http.send(get, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).contains("\"ready\":true").contains("\"leaderCandidates\":[\"127.0.0.1:3999\"]");
    }

    @Test
    void peerListCarriesDeclaredEncodingsAndNothingForASeedClient() throws Exception {
        start(Map.of());
        RawWs seed = fx.raw();
        seed.text("{\"type\":\"register\",\"peerId\":\"tv\",\"peerType\":\"display\",\"displayName\":\"TV\"}");
        seed.nextJson("registered");
        RecordingListener l = new RecordingListener();
        SignalingClient ctl = fx.client(l);
        ctl.connect(fx.endpoint, new Registration(PeerId.of("ctl"), PeerType.controller(), "Booth", "",
                java.util.EnumSet.of(org.mobileworship.livecontrol.api.spi.transport.LinkEncoding.PROTOBUF), 3011))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> l.lastPeerIds().equals(List.of("tv")));
        var tv = l.peerLists.get(l.peerLists.size() - 1).get(0);
        assertThat(tv.encodings()).isEmpty();
        assertThat(tv.speaks(org.mobileworship.livecontrol.api.spi.transport.LinkEncoding.JSON)).isTrue();
        assertThat(tv.speaks(org.mobileworship.livecontrol.api.spi.transport.LinkEncoding.PROTOBUF)).isFalse();
        // the seed client sees the controller's declaration and where it would serve signaling
        JsonNode list = seed.nextJson("peer-list");
        while (list.path("peers").size() < 2) {
            list = seed.nextJson("peer-list");
        }
        JsonNode ctlEntry = list.path("peers").get(1);
        assertThat(ctlEntry.path("encodings").toString()).isEqualTo("[\"protobuf\"]");
        assertThat(ctlEntry.path("signalingEndpoint").asText()).isEqualTo("127.0.0.1:3011");
        assertThat(list.path("peers").get(0).has("encodings")).isFalse();
        assertThat(tv.signalingEndpoint()).as("a seed client serves nothing").isNull();

        // a Java client reads the endpoint into PeerInfo (what the election probes when mDNS never showed it)
        RecordingListener lobbyL = new RecordingListener();
        fx.client(lobbyL).connect(fx.endpoint, new Registration(PeerId.of("lobby"), PeerType.display(
                org.mobileworship.livecontrol.api.DisplayClass.LOBBY), "Lobby", "", java.util.EnumSet.of(
                org.mobileworship.livecontrol.api.spi.transport.LinkEncoding.PROTOBUF), 3012))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> l.lastPeerIds().contains("lobby"));
        var lobby = l.peerLists.get(l.peerLists.size() - 1).stream().filter(p -> p.id().value().equals("lobby"))
                .findFirst().orElseThrow();
        assertThat(lobby.signalingEndpoint()).isEqualTo(new java.net.InetSocketAddress("127.0.0.1", 3012));
    }

    @Test
    void endOfCandidatesFromABrowserIsForwarded() throws Exception {
        start(Map.of());
        Peer ctl = fx.controller("java-ctl");
        RawWs browser = fx.raw();
        browser.text("{\"type\":\"register\",\"peerId\":\"tv\",\"peerType\":\"display\",\"displayName\":\"TV\"}");
        browser.nextJson("registered");
        browser.text("{\"type\":\"ice-candidate\",\"targetPeerId\":\"java-ctl\",\"candidate\":\"\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
        await().atMost(Duration.ofSeconds(5)).until(() -> !ctl.listener().signals.isEmpty());
        assertThat(ctl.listener().signals.get(0))
                .isEqualTo(new Received(PeerId.of("tv"), new Signal.IceCandidate("", "0", 0)));
        assertThat(browser.texts).noneMatch(t -> t.contains("\"error\""));
    }

    @Test
    void leaderChangeDisconnectThenConnectToANewServer() throws Exception {
        start(Map.of());
        Peer p = fx.display("mover");
        try (Fixture second = new Fixture(Map.of()).start()) {
            p.client().disconnect("leader changed");
            p.client().connect(second.endpoint, new Registration(p.id(), PeerType.controller(), "m", ""))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(second.server.registeredPeerCount()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.server.registeredPeerCount() == 0);
            assertThat(p.listener().disconnects).isEmpty();
        }
    }

    @Test
    void portInUseNamesThePortAndTheKey() throws Exception {
        start(Map.of());
        SignalingServer other = fx.provider.createServer(new org.mobileworship.livecontrol.signaling.support.TestContext(
                fx.scheduler, Map.of()));
        assertThatThrownBy(() -> other.start(new InetSocketAddress("127.0.0.1", fx.port()), fx.leaderId, 1))
                .isInstanceOf(LiveControlException.class)
                .hasMessageContaining(String.valueOf(fx.port()))
                .hasMessageContaining("already in use")
                .hasMessageContaining("livecontrol.signaling.port");
        other.close();
        // the first server is unaffected
        assertThat(fx.controller("still-here").client().isConnected()).isTrue();
    }

    @Test
    void unknownSubprotocolIsRefusedAtUpgrade() throws Exception {
        start(Map.of());
        assertThatThrownBy(() -> RawWs.tryOpen(fx.port(), "chat.v9").get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .rootCause().hasMessageContaining("400");
        RawWs ok = fx.raw("chat.v9", "livecontrol.v1.json");
        assertThat(ok.ws.getSubprotocol()).isEqualTo("livecontrol.v1.json");
    }

    @Test
    void serverFullRefusesWithErrorAndClose1013() throws Exception {
        start(Map.of("livecontrol.signaling.max-peers", "2"));
        fx.controller("one");
        fx.display("two");
        RawWs third = fx.raw();
        third.text("{\"type\":\"register\",\"peerId\":\"three\",\"peerType\":\"display\",\"displayName\":\"TV\"}");
        assertThat(third.nextJson("error").path("code").asText()).isEqualTo("server-full");
        assertThat(third.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1013);
        RecordingListener l = new RecordingListener();
        assertThatThrownBy(() -> fx.client(l).connect(fx.endpoint, new Registration(PeerId.of("four"),
                PeerType.controller(), "x", "")).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(SignalingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCodes.SERVER_FULL));
        assertThat(fx.server.registeredPeerCount()).isEqualTo(2);
    }

    @Test
    void connectToNothingFailsWithIo() throws Exception {
        start(Map.of("livecontrol.signaling.connect-timeout", "1s"));
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        SignalingClient c = fx.client(new RecordingListener());
        assertThatThrownBy(() -> c.connect(new InetSocketAddress("127.0.0.1", deadPort),
                new Registration(PeerId.of("z"), PeerType.controller(), "z", "")).toCompletableFuture()
                .get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(SignalingException.class, e -> assertThat(e.code()).isEqualTo("io"));
        assertThat(c.send(PeerId.of("y"), new Signal.Offer("x")).toCompletableFuture()).failsWithin(Duration.ofSeconds(1));
    }
}
