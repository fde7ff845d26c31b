package org.mobileworship.livecontrol.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingServer;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.testkit.TestContext;

/**
 * A leader proves its device key to a prober over real Jetty ({@code GET /health?challenge=…}), so a follower in
 * paired mode can tell the device a key-bound id names from a rogue announcing that id (docs/security.md, T6).
 */
class LeaderKeyProofTest {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final JettySignalingProvider provider = new JettySignalingProvider();
    private SignalingServer server;
    private SignalingClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close("test over");
        }
        scheduler.shutdownNow();
    }

    private InetSocketAddress serve(DeviceIdentity key) {
        TestContext.Builder ctx = TestContext.builder(key.peerId(), PeerType.controller()).scheduler(scheduler);
        server = provider.createServer(ctx.deviceKey(key).build());
        client = provider.createClient(TestContext.builder(DeviceIdentity.ephemeral().peerId(), PeerType.display(
                org.mobileworship.livecontrol.api.DisplayClass.STAGE)).scheduler(scheduler).build());
        return server.start(new InetSocketAddress("127.0.0.1", 0), key.peerId(), 3);
    }

    private Optional<LeaderHealth> probe(InetSocketAddress at, String challenge) throws Exception {
        return client.probe(at, Duration.ofSeconds(2), challenge).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void theLeaderSignsTheProbersChallengeWithTheKeyItsIdNames() throws Exception {
        DeviceIdentity leader = DeviceIdentity.ephemeral();
        InetSocketAddress at = serve(leader);
        LeaderHealth h = probe(at, "challenge-one-xyz").orElseThrow();
        assertThat(h.leaderId()).isEqualTo(leader.peerId());
        LeaderHealth.KeyProof proof = h.keyProof().orElseThrow();
        byte[] key = Base64.getDecoder().decode(proof.publicKey());
        assertThat(DeviceProofs.peerIdOf(key)).isEqualTo(leader.peerId().value());
        byte[] signature = Base64.getDecoder().decode(proof.signature());
        assertThat(DeviceProofs.verify(key, DeviceProofs.leaderTranscript("challenge-one-xyz",
                leader.peerId().value()), signature)).isTrue();
        assertThat(DeviceProofs.verify(key, DeviceProofs.leaderTranscript("another-challenge",
                leader.peerId().value()), signature)).as("good for this challenge only").isFalse();
        // a plain probe (open mode, the seed's clients) gets the plain answer
        assertThat(probe(at, null).orElseThrow().keyProof()).isEmpty();
    }

    @Test
    void anOversizedChallengeGetsNoSignatureButStillTheHealth() throws Exception {
        DeviceIdentity leader = DeviceIdentity.ephemeral();
        InetSocketAddress at = serve(leader);
        assertThat(probe(at, "x".repeat(129))).hasValueSatisfying(h -> assertThat(h.keyProof()).isEmpty());
    }
}
