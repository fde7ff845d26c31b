package org.mobileworship.livecontrol.security.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.security.trust.TrustList;
import org.mobileworship.livecontrol.security.trust.TrustStore;

/**
 * The QR token exchange browsers use (docs/protocol.md "Pairing from the QR code's token", docs/security.md T9)
 * against a real {@link PairingEndpoint} on a loopback port. The device side here is the test's own: HKDF and
 * HMAC as the browser computes them with WebCrypto (the browser itself runs it in {@code web}'s BrowserTrustTest).
 */
class TokenPairingTest {
    @TempDir
    Path dir;

    private final DeviceIdentity controllerKey = DeviceIdentity.ephemeral();
    private final HttpClient http = HttpClient.newHttpClient();

    private PairingEndpoint serve(PairingWindow window, TrustStore store) {
        return PairingEndpoint.start(window, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                device -> store.change("Booth", list -> list.with(new TrustList.Device(device.peerId(),
                        TrustStore.keyText(device.publicKey()), device.role(), device.name(),
                        store.clock().instant().toString(), null), store.signer(), store.clock().instant())).document());
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer post(PairingEndpoint e, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.address().getPort()
                + PairingEndpoint.PATH)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as("a /pair page of another origin reads it")
                .contains("*");
        return new Answer(r.statusCode(), PairingWire.JSON.readTree(r.body()));
    }

    /** Runs the token exchange as a device holding {@code token} and key {@code device}; the last answer. */
    private Answer pair(PairingEndpoint e, String token, DeviceIdentity device) throws Exception {
        Answer challenge = post(e, "{\"type\":\"pair-token-hello\"}");
        if (challenge.status() != 200) {
            return challenge;
        }
        assertThat(challenge.body().path("type").asText()).isEqualTo("pair-token-challenge");
        String nonce = challenge.body().path("nonce").asText();
        byte[] key = PairingKeys.tokenMacKey(Base64.getUrlDecoder().decode(token));
        byte[] mac = PairingKeys.mac(key, PairingKeys.tokenDeviceOf(nonce, device.peerId().value(), device.publicKey()));
        Answer grant = post(e, PairingWire.JSON.createObjectNode().put("type", "pair-token-proof")
                .put("exchange", challenge.body().path("exchange").asText())
                .put("publicKey", Base64.getEncoder().encodeToString(device.publicKey()))
                .put("mac", Base64.getEncoder().encodeToString(mac)).toString());
        if (grant.status() == 200) {
            // mutual key confirmation: the grant is MAC'd by whoever holds the token
            JsonNode g = grant.body();
            byte[] expected = PairingKeys.mac(key, PairingKeys.tokenGrantOf(nonce, device.peerId().value(),
                    g.path("role").asText(), g.path("name").asText(),
                    Base64.getDecoder().decode(g.path("controllerKey").asText()), g.path("trustList").asText()));
            assertThat(Base64.getDecoder().decode(g.path("mac").asText())).as("the controller's grant MAC")
                    .isEqualTo(expected);
        }
        return grant;
    }

    private static String otherToken(String token) {
        byte[] b = Base64.getUrlDecoder().decode(token);
        b[15] ^= 1; // one bit away: the answer must not say how close it was
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Test
    void theTokenPairsTheDeviceWithAMacOverItsKeyAndTheControllerMacsTheGrant() throws Exception {
        TrustStore store = TrustStore.load(dir.resolve("booth"), controllerKey, true, Clock.systemUTC());
        DeviceIdentity tv = DeviceIdentity.ephemeral();
        PairingWindow window = PairingWindow.open(controllerKey, "display", "Lobby TV");
        try (PairingEndpoint endpoint = serve(window, store)) {
            Answer grant = pair(endpoint, window.token(), tv);
            assertThat(grant.status()).as("%s", grant.body()).isEqualTo(200);
            assertThat(grant.body().path("type").asText()).isEqualTo("pair-token-grant");
            assertThat(grant.body().path("role").asText()).isEqualTo("display");
            TrustList list = TrustList.parse(grant.body().path("trustList").asText());
            assertThat(list.member(tv.peerId().value())).isPresent();
            assertThat(list.signerId()).isEqualTo(controllerKey.peerId().value());
        }
        assertThat(store.pairedRole(tv.peerId().value())).contains("display");
        assertThat(window.state()).isEqualTo(PairingWindow.State.USED);
    }

    @Test
    void wrongTokensGetOneAnswerThenTheWindowIsLockedEvenForTheRightToken() throws Exception {
        TrustStore store = TrustStore.load(dir.resolve("booth"), controllerKey, true, Clock.systemUTC());
        PairingWindow window = PairingWindow.open(controllerKey, "display", "Lobby TV");
        DeviceIdentity tv = DeviceIdentity.ephemeral();
        try (PairingEndpoint endpoint = serve(window, store)) {
            List<Answer> failures = new ArrayList<>();
            failures.add(pair(endpoint, otherToken(window.token()), DeviceIdentity.ephemeral()));
            failures.add(pair(endpoint, "AAAAAAAAAAAAAAAAAAAAAA", DeviceIdentity.ephemeral()));
            // the right token, but a MAC over another key than the one sent: a substituted key
            Answer challenge = post(endpoint, "{\"type\":\"pair-token-hello\"}");
            String nonce = challenge.body().path("nonce").asText();
            byte[] key = PairingKeys.tokenMacKey(Base64.getUrlDecoder().decode(window.token()));
            DeviceIdentity other = DeviceIdentity.ephemeral();
            byte[] mac = PairingKeys.mac(key, PairingKeys.tokenDeviceOf(nonce, tv.peerId().value(), tv.publicKey()));
            failures.add(post(endpoint, PairingWire.JSON.createObjectNode().put("type", "pair-token-proof")
                    .put("exchange", challenge.body().path("exchange").asText())
                    .put("publicKey", Base64.getEncoder().encodeToString(other.publicKey()))
                    .put("mac", Base64.getEncoder().encodeToString(mac)).toString()));

            assertThat(failures).allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(403);
                assertThat(a.body().path("code").asText()).isEqualTo("pairing-rejected");
            });
            assertThat(failures.stream().map(a -> a.body().path("message").asText().replaceAll("\\d+ attempt",
                    "N attempt")).distinct()).as("one answer for every failure: no oracle")
                    .containsExactly("pairing failed: the code was not accepted; N attempt(s) left in this window");

            Answer locked = pair(endpoint, window.token(), tv);
            assertThat(locked.status()).isEqualTo(403);
            assertThat(locked.body().path("code").asText()).isEqualTo("pairing-locked");
        }
        assertThat(store.pairedRole(tv.peerId().value())).isEmpty();
    }

    @Test
    void aUsedTokenPairsNobodyElseAndAProofIsTakenOnce() throws Exception {
        TrustStore store = TrustStore.load(dir.resolve("booth"), controllerKey, true, Clock.systemUTC());
        PairingWindow window = PairingWindow.open(controllerKey, "display", "Lobby TV");
        try (PairingEndpoint endpoint = serve(window, store)) {
            Answer challenge = post(endpoint, "{\"type\":\"pair-token-hello\"}");
            DeviceIdentity tv = DeviceIdentity.ephemeral();
            byte[] key = PairingKeys.tokenMacKey(Base64.getUrlDecoder().decode(window.token()));
            String proof = PairingWire.JSON.createObjectNode().put("type", "pair-token-proof")
                    .put("exchange", challenge.body().path("exchange").asText())
                    .put("publicKey", Base64.getEncoder().encodeToString(tv.publicKey()))
                    .put("mac", Base64.getEncoder().encodeToString(PairingKeys.mac(key, PairingKeys.tokenDeviceOf(
                            challenge.body().path("nonce").asText(), tv.peerId().value(), tv.publicKey()))))
                    .toString();
            assertThat(post(endpoint, proof).status()).isEqualTo(200);
            Answer replayed = post(endpoint, proof);
            assertThat(replayed.status()).isEqualTo(403);
            assertThat(replayed.body().path("code").asText()).isEqualTo("pairing-out-of-order");
            Answer second = pair(endpoint, window.token(), DeviceIdentity.ephemeral());
            assertThat(second.body().path("code").asText()).isEqualTo("pairing-used");
        }
    }

    @Test
    void aBrowsersPreflightIsAnsweredAndCostsNothing() throws Exception {
        TrustStore store = TrustStore.load(dir.resolve("booth"), controllerKey, true, Clock.systemUTC());
        PairingWindow window = PairingWindow.open(controllerKey, "display", "Lobby TV");
        try (PairingEndpoint endpoint = serve(window, store)) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + endpoint.address().getPort() + PairingEndpoint.PATH)).method("OPTIONS",
                    HttpRequest.BodyPublishers.noBody()).header("Origin", "http://127.0.0.1:3010")
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.discarding());
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).contains("POST");
            assertThat(window.attemptsLeft()).isEqualTo(PairingWindow.DEFAULT_ATTEMPTS);
        }
    }

    @Test
    void aTokenExchangeFinishedAfterTheWindowExpiredPairsNobody() throws Exception {
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-12-01T10:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        PairingWindow window = PairingWindow.open(controllerKey, "display", "x", java.time.Duration.ofMinutes(3), 3,
                clock);
        PairingWindow.TokenExchange exchange = window.acceptToken();
        DeviceIdentity tv = DeviceIdentity.ephemeral();
        byte[] mac = PairingKeys.mac(PairingKeys.tokenMacKey(Base64.getUrlDecoder().decode(window.token())),
                PairingKeys.tokenDeviceOf(exchange.nonce(), tv.peerId().value(), tv.publicKey()));
        now.set(now.get().plus(java.time.Duration.ofMinutes(3)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exchange.finish(tv.publicKey(), mac))
                .isInstanceOf(PairingException.class)
                .extracting(e -> ((PairingException) e).reason()).isEqualTo(PairingException.Reason.EXPIRED);
        assertThat(window.paired()).isEmpty();
    }
}
