package org.mobileworship.livecontrol.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.security.trust.TrustList;
import org.mobileworship.livecontrol.security.trust.TrustStore;
import org.mobileworship.livecontrol.signaling.internal.JettySignalingClient;
import org.mobileworship.livecontrol.signaling.internal.JettySignalingServer;
import org.mobileworship.livecontrol.signaling.internal.SignalingSettings;
import org.mobileworship.livecontrol.signaling.support.RawWs;
import org.mobileworship.livecontrol.signaling.support.RecordingListener;

/**
 * Paired mode on a real Jetty server (docs/security.md T5, T10 and the trust list's replication): the leader
 * registers only devices of the room's trust list, with their role; it adopts a newer list a device carries and
 * pushes it; a removed device is dropped and stays refused, also by a restarted leader.
 */
class PairedRegistrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2);
    private final SignalingSettings settings = SignalingSettings.from(key -> java.util.Optional.empty());
    private final DeviceIdentity booth = DeviceIdentity.ephemeral();
    private final DeviceIdentity stage = DeviceIdentity.ephemeral();
    private final DeviceIdentity lobby = DeviceIdentity.ephemeral();
    private final Clock clock = Clock.systemUTC();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private TrustStore boothStore;
    private TrustStore stageStore;
    private JettySignalingServer server;
    private InetSocketAddress endpoint;

    private static TrustList.Device device(DeviceIdentity key, String role, String name) {
        return new TrustList.Device(key.peerId().value(), TrustStore.keyText(key.publicKey()), role, name,
                Instant.now().toString(), null);
    }

    @BeforeEach
    void room() throws Exception {
        scheduler.setRemoveOnCancelPolicy(true);
        // the booth founds the room and pairs the stage as a display; the stage holds the list from pairing
        boothStore = TrustStore.load(dir.resolve("booth"), booth, true, clock);
        TrustList v2 = boothStore.change("Booth", l -> l.with(device(stage, "display", "Stage"), booth,
                clock.instant()));
        stageStore = TrustStore.load(dir.resolve("stage"), stage, true, clock);
        stageStore.adoptFromPairing(v2.document(), booth.publicKey());
        startLeader(boothStore);
    }

    private void startLeader(TrustStore store) {
        server = new JettySignalingServer(settings, scheduler, store);
        endpoint = server.start(new InetSocketAddress("127.0.0.1", 0), booth.peerId(), 1);
    }

    @AfterEach
    void tearDown() {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
        server.close("test over");
        scheduler.shutdownNow();
    }

    private SignalingClient client(TrustStore store, RecordingListener listener) {
        SignalingClient c = new JettySignalingClient(settings, scheduler, store);
        c.setListener(listener);
        toClose.add(c);
        return c;
    }

    private void connect(SignalingClient c, DeviceIdentity key, PeerType type) throws Exception {
        c.connect(endpoint, new Registration(key.peerId(), type, "dev", "", Set.of(), 0, key))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private RawWs raw() throws Exception {
        RawWs r = RawWs.open(endpoint.getPort(), "livecontrol.v1.json");
        toClose.add(r);
        return r;
    }

    /** A register, signed by {@code key} for this connection's challenge, as a device on the network would send. */
    private static ObjectNode signedRegister(DeviceIdentity key, String peerType, String nonce) {
        String id = key.peerId().value();
        byte[] t = DeviceProofs.registrationTranscript(nonce, "", id, peerType, "Phone", "");
        return JSON.createObjectNode().put("type", "register").put("peerId", id).put("peerType", peerType)
                .put("displayName", "Phone").put("publicKey", Base64.getEncoder().encodeToString(key.publicKey()))
                .put("signature", Base64.getEncoder().encodeToString(key.sign(t)));
    }

    @Test
    void anUnpairedDeviceIsRefusedWithNotPairedAndSeesNoPeers() throws Exception {
        // a paired display is in the room
        connect(client(stageStore, new RecordingListener()), stage, PeerType.display(DisplayClass.STAGE));

        // a phone with a perfectly valid key of its own, but never paired
        RawWs phone = raw();
        DeviceIdentity phoneKey = DeviceIdentity.ephemeral();
        String nonce = phone.nextJson("challenge").path("nonce").asText();
        phone.text(signedRegister(phoneKey, "controller", nonce).toString());
        JsonNode refused = phone.nextJson();
        assertThat(refused.path("type").asText()).isEqualTo("error");
        assertThat(refused.path("code").asText()).isEqualTo("not-paired");
        assertThat(refused.path("message").asText()).contains("not paired").contains("livecontrol pair");
        // its next frame is answered as from an unregistered connection: it never got a peer list
        phone.text("{\"type\":\"heartbeat\",\"timestamp\":1}");
        JsonNode next = phone.nextJson();
        assertThat(next.path("code").asText()).isEqualTo("not-registered");
        assertThat(phone.texts).noneMatch(t -> t.contains("peer-list") || t.contains(stage.peerId().value()));

        // the seed's unsigned JSON register is refused the same way
        RawWs seed = RawWs.open(endpoint.getPort());
        toClose.add(seed);
        seed.text("{\"type\":\"register\",\"peerId\":\"phone\",\"peerType\":\"controller\",\"displayName\":\"P\"}");
        assertThat(seed.nextJson("error").path("code").asText()).isEqualTo("not-paired");
        assertThat(server.registeredPeerCount()).isEqualTo(1);
    }

    @Test
    void aPairedDeviceRegistersOnlyWithItsRoleAndReceivesTheList() throws Exception {
        SignalingClient asController = client(stageStore, new RecordingListener());
        assertThatThrownBy(() -> connect(asController, stage, PeerType.controller()))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SignalingException.class)
                .hasMessageContaining("paired as a display");
        RawWs raw = raw();
        String nonce = raw.nextJson("challenge").path("nonce").asText();
        raw.text(signedRegister(stage, "display", nonce).toString());
        assertThat(raw.nextJson("registered").path("peerId").asText()).isEqualTo(stage.peerId().value());
        assertThat(raw.nextJson("trust-list").path("document").asText()).isEqualTo(boothStore.document());
    }

    @Test
    void theLeaderAdoptsANewerListADeviceCarriesAndPushesItToTheRoom() throws Exception {
        // the leader is a display that holds v2; the booth paired the lobby meanwhile (v3) and comes back
        server.close("switching leader");
        DeviceIdentity hall = DeviceIdentity.ephemeral();
        TrustList v3 = boothStore.change("Booth", l -> l.with(device(hall, "display", "Hall"), booth, clock.instant()));
        TrustStore hallStore = TrustStore.load(dir.resolve("hall"), hall, true, clock);
        hallStore.adoptFromPairing(v3.document(), booth.publicKey());
        TrustStore leaderStore = stageStore; // the stage (v2) leads now
        startLeader(leaderStore);
        assertThat(leaderStore.list().orElseThrow().version()).isEqualTo(2);

        TrustList v4 = boothStore.change("Booth", l -> l.with(device(lobby, "display", "Lobby"), booth,
                clock.instant()));
        RawWs lobbyWs = raw();
        String nonce = lobbyWs.nextJson("challenge").path("nonce").asText();
        lobbyWs.text(signedRegister(lobby, "display", nonce).toString());
        assertThat(lobbyWs.nextJson("error").path("code").asText()).as("the leader's v2 lacks the lobby")
                .isEqualTo("not-paired");

        RecordingListener hallEvents = new RecordingListener();
        connect(client(hallStore, hallEvents), hall, PeerType.display(DisplayClass.LOBBY));
        // the booth registers carrying v4: the leader adopts it and pushes it; the hall's copy follows
        connect(client(boothStore, new RecordingListener()), booth, PeerType.controller());
        assertThat(leaderStore.list().orElseThrow().version()).isEqualTo(4);
        await().atMost(Duration.ofSeconds(5)).until(() -> hallStore.list().orElseThrow().version() == 4);
        assertThat(hallStore.document()).isEqualTo(v4.document());

        lobbyWs.text(signedRegister(lobby, "display", nonce).toString());
        assertThat(lobbyWs.nextJson("registered").path("peerId").asText()).isEqualTo(lobby.peerId().value());
    }

    @Test
    void aForgedOrOlderListCarriedAtRegistrationIsIgnored() throws Exception {
        DeviceIdentity rogue = DeviceIdentity.ephemeral();
        // the rogue makes its own "room" with itself as controller, version 99
        TrustList forged = TrustList.sign(99, List.of(device(rogue, "controller", "Rogue"),
                device(booth, "controller", "Booth")), rogue, clock.instant());
        RawWs ws = raw();
        String nonce = ws.nextJson("challenge").path("nonce").asText();
        ws.text(signedRegister(rogue, "controller", nonce).put("trustList", forged.document()).toString());
        assertThat(ws.nextJson("error").path("code").asText()).isEqualTo("not-paired");
        assertThat(boothStore.list().orElseThrow().version()).isEqualTo(2);
        assertThat(boothStore.pairedRole(rogue.peerId().value())).isEmpty();
    }

    @Test
    void aRemovedDeviceIsDroppedAtOnceAndStaysRefusedByARestartedLeader() throws Exception {
        RecordingListener stageEvents = new RecordingListener();
        connect(client(stageStore, stageEvents), stage, PeerType.display(DisplayClass.STAGE));
        boothStore.change("Booth", l -> l.without(stage.peerId().value(), booth, clock.instant()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !stageEvents.disconnects.isEmpty());
        // the stage's own copy learnt of its removal before the connection ended
        assertThat(stageStore.list().orElseThrow().version()).isEqualTo(3);
        assertThat(server.registeredPeerCount()).isZero();

        // everyone restarts: the leader from its state directory; the stage tries again
        server.close("restart");
        startLeader(TrustStore.load(dir.resolve("booth"), booth, true, clock));
        SignalingClient again = client(TrustStore.load(dir.resolve("stage"), stage, true, clock),
                new RecordingListener());
        assertThatThrownBy(() -> connect(again, stage, PeerType.display(DisplayClass.STAGE)))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SignalingException.class)
                .satisfies(e -> assertThat(((SignalingException) e).code()).isEqualTo("not-paired"));
    }

    @Test
    void openModeStillRegistersUnpairedDevicesButCarriesTheList() throws Exception {
        server.close("open mode");
        TrustStore open = TrustStore.load(dir.resolve("booth"), booth, false, clock);
        startLeader(open);
        RawWs phone = raw();
        DeviceIdentity phoneKey = DeviceIdentity.ephemeral();
        String nonce = phone.nextJson("challenge").path("nonce").asText();
        phone.text(signedRegister(phoneKey, "controller", nonce).toString());
        assertThat(phone.nextJson("registered").path("peerId").asText()).isEqualTo(phoneKey.peerId().value());
        assertThat(Map.of("doc", phone.nextJson("trust-list").path("document").asText()))
                .containsEntry("doc", open.document());
    }
}
