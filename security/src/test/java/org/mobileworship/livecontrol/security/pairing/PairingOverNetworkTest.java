package org.mobileworship.livecontrol.security.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.security.pairing.PairingException.Reason;
import org.mobileworship.livecontrol.security.trust.TrustList;
import org.mobileworship.livecontrol.security.trust.TrustStore;

/**
 * Pairing over the network (docs/security.md T5 and T9): a controller's real {@link PairingEndpoint} on a loopback
 * port, the new device's {@link PairingClient}; JSON over HTTP; the grant carries the room's trust list.
 */
class PairingOverNetworkTest {
    @TempDir
    Path dir;

    private final DeviceIdentity controllerKey = DeviceIdentity.ephemeral();
    private final DeviceIdentity phoneKey = DeviceIdentity.ephemeral();
    private final PairingClient client = new PairingClient(Duration.ofSeconds(10));

    private PairingEndpoint serve(PairingWindow window, TrustStore controllerStore) {
        return PairingEndpoint.start(window, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                device -> controllerStore.change("Booth", list -> list.with(new TrustList.Device(device.peerId(),
                        TrustStore.keyText(device.publicKey()), device.role(), device.name(),
                        controllerStore.clock().instant().toString(), null), controllerStore.signer(),
                        controllerStore.clock().instant())).document());
    }

    private static URI uri(PairingEndpoint e) {
        return URI.create("http://127.0.0.1:" + e.address().getPort() + PairingEndpoint.PATH);
    }

    @Test
    void theCodePairsTheDeviceWithTheChosenRoleAndItAdoptsTheRoomsTrustList() throws Exception {
        TrustStore controller = TrustStore.load(dir.resolve("booth"), controllerKey, true, Clock.systemUTC());
        TrustStore phone = TrustStore.load(dir.resolve("phone"), phoneKey, true, Clock.systemUTC());
        PairingWindow window = PairingWindow.open(controllerKey, "display", "Stage TV");
        try (PairingEndpoint endpoint = serve(window, controller)) {
            PairingClient.Result result = client.pair(uri(endpoint), new Joiner(window.code(), phoneKey));
            assertThat(result.granted().role()).isEqualTo("display");
            assertThat(result.granted().name()).isEqualTo("Stage TV");
            assertThat(phone.adoptFromPairing(result.trustList(), result.granted().controllerPublicKey())).isTrue();
        }
        assertThat(phone.pairedRole(phoneKey.peerId().value())).contains("display");
        assertThat(phone.pairedRole(controllerKey.peerId().value())).contains("controller");
        assertThat(controller.pairedRole(phoneKey.peerId().value())).contains("display");
        // persisted: a restart of the phone still holds it
        assertThat(TrustStore.load(dir.resolve("phone"), phoneKey, true, Clock.systemUTC()).document())
                .isEqualTo(controller.document());
    }

    @Test
    void theQrTokenPairsToo() throws Exception {
        TrustStore controller = TrustStore.load(dir.resolve("booth"), controllerKey, true, Clock.systemUTC());
        PairingWindow window = PairingWindow.open(controllerKey, "controller", "Tablet");
        try (PairingEndpoint endpoint = serve(window, controller)) {
            PairingClient.Result result = client.pair(uri(endpoint), Joiner.withToken(window.token(), phoneKey));
            assertThat(result.granted().role()).isEqualTo("controller");
        }
        assertThat(controller.pairedRole(phoneKey.peerId().value())).contains("controller");
    }

    @Test
    void wrongCodesExhaustTheWindowWithOneAnswerAndNoOracleThenItIsLockedEvenForTheRightCode() throws Exception {
        TrustStore controller = TrustStore.load(dir.resolve("booth"), controllerKey, true, Clock.systemUTC());
        PairingWindow window = PairingWindow.open(controllerKey, "controller", "Tablet");
        String right = window.code().replace("-", "");
        try (PairingEndpoint endpoint = serve(window, controller)) {
            List<PairingException> failures = new ArrayList<>();
            // three different wrong codes: near and far from the right one
            for (String wrong : List.of(flipLast(right), flipFirst(right), "00000000".equals(right) ? "11111111" : "00000000")) {
                try {
                    client.pair(uri(endpoint), new Joiner(wrong, DeviceIdentity.ephemeral()));
                } catch (PairingException e) {
                    failures.add(e);
                }
            }
            assertThat(failures).hasSize(3);
            assertThat(failures).allSatisfy(e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
            // the same answer whatever the guess, apart from the attempts left: nothing about the code
            assertThat(failures.stream().map(e -> e.getMessage().replaceAll("\\d+ attempt", "N attempt")).distinct())
                    .containsExactly("pairing failed: the code was not accepted; N attempt(s) left in this window");
            assertThatThrownBy(() -> client.pair(uri(endpoint), new Joiner(window.code(), phoneKey)))
                    .isInstanceOf(PairingException.class)
                    .satisfies(e -> assertThat(((PairingException) e).reason()).isEqualTo(Reason.LOCKED))
                    .hasMessageContaining("locked");
        }
        assertThat(controller.pairedRole(phoneKey.peerId().value())).isEmpty();
    }

    @Test
    void oneCodeOneDevice() throws Exception {
        TrustStore controller = TrustStore.load(dir.resolve("booth"), controllerKey, true, Clock.systemUTC());
        PairingWindow window = PairingWindow.open(controllerKey, "display", "Lobby");
        try (PairingEndpoint endpoint = serve(window, controller)) {
            client.pair(uri(endpoint), new Joiner(window.code(), phoneKey));
            DeviceIdentity second = DeviceIdentity.ephemeral();
            assertThatThrownBy(() -> client.pair(uri(endpoint), new Joiner(window.code(), second)))
                    .isInstanceOf(PairingException.class)
                    .satisfies(e -> assertThat(((PairingException) e).reason()).isEqualTo(Reason.USED));
            assertThat(controller.pairedRole(second.peerId().value())).isEmpty();
        }
    }

    @Test
    void garbageGetsASpecificErrorAndCostsNothing() throws Exception {
        TrustStore controller = TrustStore.load(dir.resolve("booth"), controllerKey, true, Clock.systemUTC());
        PairingWindow window = PairingWindow.open(controllerKey, "display", "Lobby");
        try (PairingEndpoint endpoint = serve(window, controller)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(endpoint))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"pair-hello\",\"secret\":\"code\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("\"code\":\"malformed\"").contains("round1");
            assertThat(window.attemptsLeft()).isEqualTo(PairingWindow.DEFAULT_ATTEMPTS);
        }
    }

    private static String flipLast(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    private static String flipFirst(String code) {
        return (char) ('0' + (code.charAt(0) - '0' + 5) % 10) + code.substring(1);
    }
}
