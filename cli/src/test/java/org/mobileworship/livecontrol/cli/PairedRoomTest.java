package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.runtime.internal.trust.TrustGate;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.security.pairing.PairingClient;
import org.mobileworship.livecontrol.security.trust.TrustStore;
import org.mobileworship.livecontrol.signaling.internal.JettySignalingServer;
import org.slf4j.LoggerFactory;

/**
 * Paired mode on real nodes (mDNS on 127.0.0.1, the elected leader's Jetty server, real transports), devices paired
 * over the network with the code: docs/security.md T5 (unpaired device), T6 (a rogue with a better election
 * priority) and T10 (a removed device returns after everyone restarts).
 */
class PairedRoomTest {
    private final String session = "paired-" + UUID.randomUUID();
    private final ListAppender<ILoggingEvent> serverLog = new ListAppender<>();

    @TempDir
    Path state;

    private final ListAppender<ILoggingEvent> gateLog = new ListAppender<>();

    @BeforeEach
    void captureServerLog() {
        serverLog.start();
        ((Logger) LoggerFactory.getLogger(JettySignalingServer.class)).addAppender(serverLog);
        gateLog.start();
        ((Logger) LoggerFactory.getLogger(TrustGate.class)).addAppender(gateLog);
    }

    @AfterEach
    void releaseServerLog() {
        ((Logger) LoggerFactory.getLogger(JettySignalingServer.class)).detachAppender(serverLog);
        ((Logger) LoggerFactory.getLogger(TrustGate.class)).detachAppender(gateLog);
    }

    private LiveControl.Builder node(PeerType type, String name, boolean paired) {
        return LiveControl.builder().role(type).displayName(name)
                .config("livecontrol.discovery.interfaces", "127.0.0.1")
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.session", session)
                .config("livecontrol.security", paired ? "paired" : "open")
                .config("livecontrol.state-dir", state.resolve(name).toString());
    }

    /** Pairs {@code name} into the booth's room over the network with the short code, as `livecontrol pair` does. */
    private PairingClient.Result pair(String name, String role) throws Exception {
        try (RoomPairing.Opened window = RoomPairing.open(state.resolve("booth"), "Booth", role, name,
                Duration.ofMinutes(3), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            URI endpoint = URI.create("http://127.0.0.1:" + window.endpoint().address().getPort() + "/pair");
            return RoomPairing.join(state.resolve(name), endpoint, window.window().code(), null);
        }
    }

    private static boolean sees(LiveControl a, LiveControl b) {
        return a.connectedPeers().stream().anyMatch(p -> p.id().equals(b.id()) && p.connected());
    }

    private boolean serverRefusedNotPaired(PeerId id) {
        return serverLog.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("refused registration of '"
                + id.value() + "'") && e.getFormattedMessage().contains("not paired"));
    }

    @Test
    void aRogueWithABetterElectionPriorityDoesNotLeadPairedDevices() throws Exception {
        assertThat(pair("stage", "display").granted().role()).isEqualTo("display");
        // the rogue starts first: as a controller with the earlier start it has the best priority in the room
        try (LiveControl rogue = node(PeerType.controller(), "rogue", false).build()) {
            rogue.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> rogue.leaderStatus().self());
            try (LiveControl stage = node(PeerType.display(DisplayClass.STAGE), "stage", true).build();
                 LiveControl booth = node(PeerType.controller(), "booth", true).build()) {
                stage.start();
                booth.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> sees(booth, stage));
                // which of the two leads depends on who claimed first after giving up on the rogue (a healthy
                // leader is not pre-empted); what matters: they agree, and on one of them, never on the rogue's id
                await().atMost(Duration.ofSeconds(30)).until(() -> booth.leaderStatus().leaderId() != null
                        && booth.leaderStatus().leaderId().equals(stage.leaderStatus().leaderId()));
                assertThat(booth.leaderStatus().leaderId()).isIn(booth.id(), stage.id()).isNotEqualTo(rogue.id());
                booth.send(stage.id(), new LiveControlMessage.Slide("e", "song", 3)).get(10, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(5)).until(() -> stage.liveState().slideIndex() == 3);
                // without the trust list both would follow the rogue: it still claims the lead
                assertThat(rogue.leaderStatus().self()).isTrue();
                assertThat(booth.connectedPeers()).noneMatch(p -> p.id().equals(rogue.id()));
                assertThat(stage.connectedPeers()).noneMatch(p -> p.id().equals(rogue.id()));
            }
        }
    }

    @Test
    void aRogueAnnouncingAPairedDevicesIdIsNotFollowedBecauseItCannotProveTheKey() throws Exception {
        pair("stage", "display");
        pair("lobby", "display"); // paired, but switched off today: a rogue takes its id
        PeerId lobbyId = DeviceIdentity.loadOrCreate(state.resolve("lobby")).peerId();
        // mDNS records are not signed: the rogue announces the lobby's id, as a controller started first (the
        // best priority in the room), and serves signaling; it has no key, so it cannot sign a probe's challenge
        try (LiveControl rogue = LiveControl.builder().role(PeerType.controller()).displayName("Lobby")
                .config("livecontrol.discovery.interfaces", "127.0.0.1")
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.session", session)
                .config("livecontrol.security", "open")
                .peerId(lobbyId).build()) {
            rogue.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> rogue.leaderStatus().self());
            try (LiveControl stage = node(PeerType.display(DisplayClass.STAGE), "stage", true).build();
                 LiveControl booth = node(PeerType.controller(), "booth", true).build()) {
                stage.start();
                booth.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> sees(booth, stage));
                // the trust list admits the lobby's id, so only the missing proof kept them from following it
                await().atMost(Duration.ofSeconds(10)).until(() -> gateLog.list.stream().anyMatch(e ->
                        e.getFormattedMessage().contains("claims to be " + lobbyId.value())
                                && e.getFormattedMessage().contains("leader-unverified")));
                await().atMost(Duration.ofSeconds(30)).until(() -> booth.leaderStatus().leaderId() != null
                        && booth.leaderStatus().leaderId().equals(stage.leaderStatus().leaderId()));
                assertThat(booth.leaderStatus().leaderId()).isIn(booth.id(), stage.id()).isNotEqualTo(lobbyId);
                booth.send(stage.id(), new LiveControlMessage.Slide("e", "song", 4)).get(10, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(5)).until(() -> stage.liveState().slideIndex() == 4);
                assertThat(rogue.leaderStatus().self()).as("it still claims the lead").isTrue();
            }
        }
    }

    @Test
    void aRemovedDeviceThatReturnsAfterEveryoneRestartsStaysRefused() throws Exception {
        pair("stage", "display");
        pair("lobby", "display");
        PeerId lobbyId;
        try (LiveControl booth = node(PeerType.controller(), "booth", true).build();
             LiveControl stage = node(PeerType.display(DisplayClass.STAGE), "stage", true).build();
             LiveControl lobby = node(PeerType.display(DisplayClass.LOBBY), "lobby", true).build()) {
            booth.start();
            stage.start();
            lobby.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> sees(booth, stage) && sees(booth, lobby));
            lobbyId = lobby.id();
        }
        // everyone is off; the operator removes the lobby (`livecontrol devices remove lobby`)
        DeviceIdentity boothKey = DeviceIdentity.loadOrCreate(state.resolve("booth"));
        TrustStore boothList = TrustStore.load(state.resolve("booth"), boothKey, true, Clock.systemUTC());
        long removedIn = boothList.change("Booth", l -> l.without(lobbyId.value(), boothKey,
                Clock.systemUTC().instant())).version();

        // everyone comes back; the stage and the lobby still hold the list in which the lobby is a member
        try (LiveControl booth = node(PeerType.controller(), "booth", true).build();
             LiveControl stage = node(PeerType.display(DisplayClass.STAGE), "stage", true).build();
             LiveControl lobby = node(PeerType.display(DisplayClass.LOBBY), "lobby", true).build()) {
            lobby.start();
            stage.start();
            booth.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> sees(booth, stage));
            // the leader's newer list reached the stage, which keeps it
            DeviceIdentity stageKey = DeviceIdentity.loadOrCreate(state.resolve("stage"));
            await().atMost(Duration.ofSeconds(10)).until(() -> TrustStore.load(state.resolve("stage"), stageKey, true,
                    Clock.systemUTC()).list().orElseThrow().version() == removedIn);
            await().atMost(Duration.ofSeconds(60)).until(() -> serverRefusedNotPaired(lobbyId));
            assertThat(booth.connectedPeers()).noneMatch(p -> p.id().equals(lobbyId));
            assertThat(stage.connectedPeers()).noneMatch(p -> p.id().equals(lobbyId));
            booth.send(stage.id(), new LiveControlMessage.Black("e", true)).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> stage.liveState().black());
            assertThat(lobby.liveState().black()).isFalse();
        }
    }
}
