package org.mobileworship.livecontrol.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.signaling.support.Fixture;
import org.mobileworship.livecontrol.signaling.support.RawWs;
import org.mobileworship.livecontrol.signaling.support.RecordingListener;

/**
 * Registration as a challenge–response signature against a real Jetty server: the threats "id spoofing" and
 * "replayed registration" in docs/security.md. The attacker speaks the JSON protocol directly, as any device on
 * the network could.
 */
class DeviceAuthenticationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Fixture fx;
    private final DeviceIdentity stage = DeviceIdentity.ephemeral();

    @BeforeEach
    void setUp() {
        fx = new Fixture(Map.of()).start();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private SignalingClient signedClient(DeviceIdentity device, PeerType type, RecordingListener listener)
            throws Exception {
        SignalingClient c = fx.client(listener);
        c.connect(fx.endpoint, new Registration(device.peerId(), type, "Stage TV", "", java.util.Set.of(), 0, device))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        return c;
    }

    /** A register signed by {@code device} for {@code nonce}, as JSON. */
    private static ObjectNode signedRegister(DeviceIdentity device, String peerId, String nonce) {
        byte[] t = DeviceProofs.registrationTranscript(nonce, "", peerId, "display", "Stage TV", "stage");
        ObjectNode r = JSON.createObjectNode().put("type", "register").put("peerId", peerId)
                .put("peerType", "display").put("displayName", "Stage TV").put("displayClass", "stage");
        r.put("publicKey", Base64.getEncoder().encodeToString(device.publicKey()));
        r.put("signature", Base64.getEncoder().encodeToString(device.sign(t)));
        return r;
    }

    private RawWs attacker() throws Exception {
        return fx.raw("livecontrol.v1.json");
    }

    @Test
    void aDeviceRegistersWithItsKeyAndIsListedUnderItsKeyBoundId() throws Exception {
        RecordingListener l = new RecordingListener();
        signedClient(stage, PeerType.display(DisplayClass.STAGE), l);
        RawWs observer = fx.raw();
        observer.text("{\"type\":\"register\",\"peerId\":\"booth\",\"peerType\":\"controller\",\"displayName\":\"B\"}");
        JsonNode list = observer.nextJson("peer-list");
        assertThat(list.toString()).contains(stage.peerId().value());
    }

    @Test
    void nobodyCanRegisterUnderAnotherDevicesId() throws Exception {
        String victim = stage.peerId().value();
        // 1. just claiming the id, without a proof
        RawWs a = attacker();
        String nonce = a.nextJson("challenge").path("nonce").asText();
        a.text("{\"type\":\"register\",\"peerId\":\"" + victim + "\",\"peerType\":\"controller\",\"displayName\":\"x\"}");
        JsonNode e1 = a.nextJson("error");
        assertThat(e1.path("code").asText()).isEqualTo("unauthenticated");
        assertThat(e1.path("message").asText()).contains("bound to a device key");
        // 2. the attacker's own valid key and signature, but the victim's id
        DeviceIdentity rogue = DeviceIdentity.ephemeral();
        a.text(signedRegister(rogue, victim, nonce).toString());
        assertThat(a.nextJson("error").path("code").asText()).isEqualTo("unauthenticated");
        // 3. the victim's public key with a signature the attacker made
        ObjectNode forged = signedRegister(rogue, victim, nonce);
        forged.put("publicKey", Base64.getEncoder().encodeToString(stage.publicKey()));
        a.text(forged.toString());
        assertThat(a.nextJson("error").path("message").asText()).contains("signature does not prove the key");
        assertThat(fx.server.registeredPeerCount()).isZero();

        // the real device still registers, and the attacker's connection can still register as itself
        signedClient(stage, PeerType.display(DisplayClass.STAGE), new RecordingListener());
        a.text(signedRegister(rogue, rogue.peerId().value(), nonce).toString());
        assertThat(a.nextJson("registered").path("peerId").asText()).isEqualTo(rogue.peerId().value());
    }

    @Test
    void aRecordedRegistrationCannotBeReplayed() throws Exception {
        RawWs genuine = attacker();
        String nonce = genuine.nextJson("challenge").path("nonce").asText();
        String recorded = signedRegister(stage, stage.peerId().value(), nonce).toString();
        genuine.text(recorded);
        assertThat(genuine.nextJson("registered").path("peerId").asText()).isEqualTo(stage.peerId().value());
        genuine.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.server.registeredPeerCount() == 0);

        // someone who captured those bytes replays them on a new connection: another challenge, refused
        RawWs replay = attacker();
        String other = replay.nextJson("challenge").path("nonce").asText();
        assertThat(other).isNotEqualTo(nonce);
        replay.text(recorded);
        JsonNode e = replay.nextJson("error");
        assertThat(e.path("code").asText()).isEqualTo("unauthenticated");
        assertThat(fx.server.registeredPeerCount()).isZero();
        // a seed client (no subprotocol, no challenge) replaying it is refused too
        RawWs seed = fx.raw();
        seed.text(recorded);
        assertThat(seed.nextJson("error").path("code").asText()).isEqualTo("unauthenticated");
    }

    @Test
    void aProvenDeviceReplacesItsOwnStaleConnectionWithoutAToken() throws Exception {
        RecordingListener first = new RecordingListener();
        signedClient(stage, PeerType.display(DisplayClass.STAGE), first);
        // a second process of the same device (e.g. restarted, token lost) proves the key and takes over
        SignalingClient again = new org.mobileworship.livecontrol.signaling.JettySignalingProvider()
                .createClient(new org.mobileworship.livecontrol.signaling.support.TestContext(fx.scheduler, Map.of()));
        try {
            again.setListener(new RecordingListener());
            again.connect(fx.endpoint, new Registration(stage.peerId(), PeerType.display(DisplayClass.STAGE),
                    "Stage TV", "", java.util.Set.of(), 0, stage)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> !first.disconnects.isEmpty());
            assertThat(fx.server.registeredPeerCount()).isEqualTo(1);
        } finally {
            again.close();
        }
    }

    @Test
    void theJavaClientFailsConnectWithTheCodeWhenItsKeyDoesNotMatchItsId() {
        DeviceIdentity other = DeviceIdentity.ephemeral();
        SignalingClient c = fx.client(new RecordingListener());
        assertThatThrownBy(() -> c.connect(fx.endpoint, new Registration(stage.peerId(), PeerType.controller(),
                "x", "", java.util.Set.of(), 0, other)).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SignalingException.class)
                .hasMessageContaining("not the id of this publicKey");
    }
}
