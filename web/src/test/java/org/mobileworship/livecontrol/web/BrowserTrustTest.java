package org.mobileworship.livecontrol.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.security.pairing.PairingEndpoint;
import org.mobileworship.livecontrol.security.pairing.PairingWindow;
import org.mobileworship.livecontrol.security.trust.TrustList;
import org.mobileworship.livecontrol.security.trust.TrustStore;

/**
 * Trust in headless Chromium against real Java nodes and Jetty (docs/security.md, the browser rows): the browser's
 * WebCrypto device key and signed registration, signed and verified SDP fingerprints, pairing from the QR code's URL
 * with the token exchange against a real pairing endpoint, and a paired-mode room with a browser display.
 */
@Tag("browser")
class BrowserTrustTest extends ChromiumSession {

    @TempDir
    Path state;

    BrowserTrustTest() {
        super("browser-trust");
    }

    private void open(String page, String url) {
        browser.open(page, url, 1280, 720);
        pages.add(page);
    }

    /** Evaluates {@code js}; null while the page navigates (eval fails then) or when it yields null. */
    private String text(String page, String js) {
        try {
            JsonNode v = browser.eval(page, js);
            return v.isNull() ? null : v.asText();
        } catch (IllegalStateException navigating) {
            return null;
        }
    }

    private static PeerId browserDisplay(LiveControl controller) {
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.connectedPeers().stream()
                .anyMatch(p -> p.type().isDisplay()));
        return controller.connectedPeers().stream().filter(p -> p.type().isDisplay()).map(PeerInfo::id).findFirst()
                .orElseThrow();
    }

    /** A controller node with a device key (its state directory), in {@code security} mode. */
    private LiveControl keyedController(Path dir, String security) {
        return nodes.node(PeerType.controller(), "Booth", "livecontrol.state-dir", dir.toString(),
                "livecontrol.security", security);
    }

    @Test
    void aChromiumDisplaysKeyIsNonExtractableItsIdIsTheJavaDerivationAndItsSignedRegistrationAndSdpAreAccepted()
            throws Exception {
        LiveControl controller = keyedController(state.resolve("booth"), "open");
        int port = LoopbackNodes.leaderEndpoint(controller).getPort();
        open("tv", "http://127.0.0.1:" + port + "/display?name=Keyed%20TV&session=" + session);
        PeerId tv = browserDisplay(controller);

        String publicKey = text("tv", "livecontrol.identity.publicKey");
        assertThat(tv.value()).as("a key-bound id, which the server registers only with a valid signature")
                .isEqualTo(DeviceProofs.peerIdOf(Base64.getDecoder().decode(publicKey)));
        assertThat(text("tv", "String(livecontrol.identity.extractable)")).isEqualTo("false");
        assertThat(text("tv", "livecontrol.identity.keyStore")).isEqualTo("webcrypto");
        assertThat(text("tv", "String(performance.getEntriesByType('resource')"
                + ".some((e) => e.name.endsWith('/web/livecontrol-noble.js')))")).as("the fallback is not loaded")
                .isEqualTo("false");
        // both ends are keyed: each SDP is signed and verified, or no channel would open
        Delivery d = controller.send(tv, new LiveControlMessage.Slide("sunday", "keyed", 4)).get(15, TimeUnit.SECONDS);
        assertThat(d.transport()).isEqualTo("webrtc");
        await().atMost(Duration.ofSeconds(10)).until(() -> "4".equals(text("tv", "document.body.dataset.slide")));

        // the key survives a reload (IndexedDB): the same device, the same id
        text("tv", "location.reload(), true");
        await().atMost(Duration.ofSeconds(20)).until(() -> tv.value().equals(text("tv",
                "window.livecontrol && livecontrol.leader.connected ? livecontrol.peerId : null")));
    }

    /** What a rogue leader does to the offers it forwards: changes the DTLS fingerprint (seen from the page). */
    private static final String TAMPER_OFFERS = """
            (() => {
              window.__linkErrors = [];
              window.__tampered = 0;
              Object.defineProperty(window, 'livecontrol', { configurable: true, get() { return window.__lc; },
                set(v) { window.__lc = v; v.addEventListener('link-error', (e) => window.__linkErrors.push(e.detail)); } });
              const Native = window.WebSocket;
              window.WebSocket = class extends Native {
                set onmessage(fn) {
                  super.onmessage = (ev) => {
                    let data = ev.data;
                    try {
                      const f = JSON.parse(data);
                      if (f.type === 'offer') {
                        f.sdp = f.sdp.replace(/(a=fingerprint:sha-256 )([0-9A-F]{2})/g,
                          (m, p, h) => p + (h === '00' ? 'FF' : '00'));
                        window.__tampered++;
                        data = JSON.stringify(f);
                      }
                    } catch (e) { /* not JSON: unchanged */ }
                    fn.call(this, new MessageEvent('message', { data }));
                  };
                }
                get onmessage() { return super.onmessage; }
              };
            })();
            """;

    @Test
    void aSwappedFingerprintInAKeyedControllersOfferIsRefusedInTheBrowserWithTheNamedError() {
        LiveControl controller = keyedController(state.resolve("booth"), "open");
        int port = LoopbackNodes.leaderEndpoint(controller).getPort();
        browser.open("tv", "http://127.0.0.1:" + port + "/display?name=Tampered%20TV&session=" + session, 1280, 720,
                TAMPER_OFFERS);
        pages.add("tv");
        await().atMost(Duration.ofSeconds(30)).until(() -> "fingerprint-unverified".equals(text("tv",
                "window.__linkErrors.length ? window.__linkErrors[0].code : null")));
        assertThat(Integer.parseInt(text("tv", "String(window.__tampered)"))).isPositive();
        assertThat(text("tv", "window.__linkErrors[0].message")).contains("altered on the way")
                .contains(controller.id().value());
        assertThat(text("tv", "String([...livecontrol.links.values()].filter(l => l.open).length)")).isEqualTo("0");
        assertThat(text("tv", "document.body.dataset.slide ?? null")).as("nothing reached the display").isNull();
    }

    private record Window(PairingWindow window, PairingEndpoint endpoint, TrustStore store) {
        /** The QR code's URL as `livecontrol pair` makes it (RoomPairing.qrUrl), plus this test's session. */
        String url(int pagesPort, String token, String session) {
            return "http://127.0.0.1:" + pagesPort + "/pair#token=" + token + "&endpoint=127.0.0.1:"
                    + endpoint.address().getPort() + "&role=" + window.role() + "&session=" + session;
        }
    }

    /** A pairing window of the controller whose state directory is {@code dir}, served on a loopback port. */
    private Window pairingWindow(Path dir, DeviceIdentity key, String role, String name) {
        TrustStore store = TrustStore.load(dir, key, true, Clock.systemUTC());
        PairingWindow window = PairingWindow.open(key, role, name);
        PairingEndpoint endpoint = nodes.closeLater(PairingEndpoint.start(window,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), device -> store.change("Booth",
                        list -> list.with(new TrustList.Device(device.peerId(), TrustStore.keyText(device.publicKey()),
                                device.role(), device.name(), store.clock().instant().toString(), null), store.signer(),
                                store.clock().instant())).document()));
        return new Window(window, endpoint, store);
    }

    /** Founds the room's trust list with the booth as its first controller, as its first `livecontrol pair` does. */
    private static DeviceIdentity foundRoom(Path booth) {
        DeviceIdentity key = DeviceIdentity.loadOrCreate(booth);
        TrustStore.load(booth, key, true, Clock.systemUTC()).change("Booth", list -> list);
        return key;
    }

    @Test
    void aChromiumDisplayPairsFromTheQrUrlAndGetsCuesInAPairedRoomWhileAWrongOrUsedTokenGetsOneAnswer()
            throws Exception {
        Path booth = state.resolve("booth");
        DeviceIdentity boothKey = foundRoom(booth);
        LiveControl controller = keyedController(booth, "paired");
        int port = LoopbackNodes.leaderEndpoint(controller).getPort();
        Window w = pairingWindow(booth, boothKey, "display", "Lobby TV");
        String token = w.window().token();

        // a wrong token (one character off): the same answer as a wrong code, nothing about how close it was
        String wrong = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
        open("guess", w.url(port, wrong, session));
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(text("guess", "document.body.dataset.state")));
        assertThat(text("guess", "document.body.dataset.code")).isEqualTo("pairing-rejected");
        assertThat(text("guess", "document.getElementById('status').textContent"))
                .isEqualTo("Pairing failed: pairing failed: the code was not accepted; 2 attempt(s) left in this window");
        assertThat(w.window().paired()).isEmpty();

        // the QR code's URL: the page pairs, keeps the verified trust list and opens /display
        open("tv", w.url(port, token, session));
        await().atMost(Duration.ofSeconds(20)).until(() -> "/display".equals(text("tv", "location.pathname")));
        assertThat(text("tv", "location.href")).as("the token left the address bar").doesNotContain(token);
        PeerId tv = browserDisplay(controller);
        assertThat(w.store().pairedRole(tv.value())).contains("display");
        assertThat(text("tv", "livecontrol.trustList")).isEqualTo(w.store().document());
        assertThat(controller.connectedPeers().stream().filter(p -> p.id().equals(tv)).findFirst().orElseThrow()
                .displayName()).isEqualTo("Lobby TV");

        // cues from the paired Java controller over WebRTC with verified fingerprints, acked
        Delivery slide = controller.send(tv, new LiveControlMessage.Slide("sunday", "paired", 2)).get(15, TimeUnit.SECONDS);
        assertThat(slide.transport()).isEqualTo("webrtc");
        controller.send(tv, new LiveControlMessage.Black("sunday", true)).get(15, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(text("tv", "document.body.dataset.slide"))
                && "true".equals(text("tv", "document.body.dataset.black")));

        // a leader that cannot prove a key of the room (an open-mode node without a key, e.g. a rogue): the paired
        // browser does not follow it, as paired Java nodes do not
        try (LoopbackNodes elsewhere = new LoopbackNodes("rogue")) {
            int roguePort = LoopbackNodes.leaderEndpoint(elsewhere.node(PeerType.controller(), "rogue")).getPort();
            browser.eval("tv", "window.__rogueLog = []; window.__rogue = new livecontrol.constructor({ server: '127.0.0.1:"
                    + roguePort + "', session: '" + session + "', displayName: 'probe' });"
                    + " __rogue.addEventListener('log', (e) => __rogueLog.push(e.detail.message)); __rogue.start(); true");
            await().atMost(Duration.ofSeconds(20)).until(() -> "true".equals(text("tv",
                    "String(__rogueLog.some((m) => m.startsWith('leader-unverified')))")));
            assertThat(text("tv", "__rogueLog.find((m) => m.startsWith('leader-unverified'))"))
                    .contains("does not prove a device key");
            assertThat(text("tv", "String(__rogue.leader.connected)")).isEqualTo("false");
            browser.eval("tv", "__rogue.stop(), true");
        }

        // the same URL again (a second phone that photographed the QR code): the window paired its one device
        open("again", w.url(port, token, session));
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(text("again", "document.body.dataset.state")));
        assertThat(text("again", "document.body.dataset.code")).isEqualTo("pairing-used");
    }

    /**
     * A TV's page over plain http on a LAN name: not a secure context, no crypto.subtle. Chromium maps tv.local to
     * 127.0.0.1 (browser-tests/driver.mjs, --host-resolver-rules), and .local origins pass the signaling origin
     * policy (docs/security.md T1). The page's key comes from the vendored noble libraries: Java verifies its
     * signatures (the authenticated registration, its SDP) and it verifies Java's (the grant's trust list, the
     * leader's /health proof, the controller's SDP), with the same pairing and cues as in a secure context.
     */
    @Test
    void aDisplayOnPlainHttpWithoutWebCryptoPairsRegistersAuthenticatedAndAcksCuesWithTheNobleFallback()
            throws Exception {
        Path booth = state.resolve("booth");
        DeviceIdentity boothKey = foundRoom(booth);
        LiveControl controller = keyedController(booth, "paired");
        int port = LoopbackNodes.leaderEndpoint(controller).getPort();
        Window w = pairingWindow(booth, boothKey, "display", "Plain TV");
        String token = w.window().token();

        open("plain", w.url(port, token, session).replace("http://127.0.0.1:", "http://tv.local:"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "/display".equals(text("plain", "location.pathname")));
        assertThat(text("plain", "location.host")).isEqualTo("tv.local:" + port);
        assertThat(text("plain", "String(window.isSecureContext)")).as("plain http on a LAN name").isEqualTo("false");
        assertThat(text("plain", "typeof (crypto.subtle)")).as("no WebCrypto here").isEqualTo("undefined");

        PeerId tv = browserDisplay(controller);
        assertThat(w.store().pairedRole(tv.value())).contains("display");
        assertThat(text("plain", "livecontrol.trustList")).isEqualTo(w.store().document());
        assertThat(text("plain", "livecontrol.identity.keyStore")).isEqualTo("noble");
        assertThat(text("plain", "String(livecontrol.identity.extractable)")).as("raw bytes in IndexedDB (T15)")
                .isEqualTo("true");
        assertThat(text("plain", "String(performance.getEntriesByType('resource')"
                + ".some((e) => e.name.endsWith('/web/livecontrol-noble.js')))")).isEqualTo("true");
        String publicKey = text("plain", "livecontrol.identity.publicKey");
        assertThat(tv.value()).as("a key-bound id, registered by the paired leader only with a valid signature")
                .isEqualTo(DeviceProofs.peerIdOf(Base64.getDecoder().decode(publicKey)));
        assertThat(controller.connectedPeers().stream().filter(p -> p.id().equals(tv)).findFirst().orElseThrow()
                .displayName()).isEqualTo("Plain TV");

        // a signature of the page verifies in Java, directly too (the registration already did, on the server)
        String signature = text("plain", "import('/web/livecontrol.js').then((m) => livecontrol.identity.sign("
                + "m.transcript('livecontrol/v1 test', 'plain')))");
        java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(java.security.KeyFactory.getInstance("EC").generatePublic(
                new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))));
        verifier.update(DeviceProofs.transcript("livecontrol/v1 test", "plain"));
        assertThat(verifier.verify(Base64.getDecoder().decode(signature))).isTrue();

        // cues over WebRTC: both SDPs signed and verified (noble in the page, the JDK in Java), acked
        Delivery slide = controller.send(tv, new LiveControlMessage.Slide("sunday", "plain", 3)).get(15, TimeUnit.SECONDS);
        assertThat(slide.transport()).isEqualTo("webrtc");
        controller.send(tv, new LiveControlMessage.Black("sunday", true)).get(15, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(text("plain", "document.body.dataset.slide"))
                && "true".equals(text("plain", "document.body.dataset.black")));

        // the raw key survives a reload: the same device, registered again
        text("plain", "location.reload(), true");
        await().atMost(Duration.ofSeconds(20)).until(() -> tv.value().equals(text("plain",
                "window.livecontrol && livecontrol.leader.connected ? livecontrol.peerId : null")));
    }

    @Test
    void anUnpairedChromiumDisplayIsRefusedWithNotPairedAndSeesNoPeers() {
        Path booth = state.resolve("booth");
        foundRoom(booth);
        LiveControl controller = keyedController(booth, "paired");
        int port = LoopbackNodes.leaderEndpoint(controller).getPort();
        open("stranger", "http://127.0.0.1:" + port + "/display?name=Stranger&session=" + session);
        await().atMost(Duration.ofSeconds(20)).until(() -> "not-paired".equals(text("stranger",
                "document.getElementById('indicator').dataset.status")));
        assertThat(text("stranger", "document.getElementById('indicator-text').textContent")).contains("pairing QR code");
        assertThat(text("stranger", "String(livecontrol.peers.length)")).isEqualTo("0");
        assertThat(text("stranger", "String(livecontrol.leader.connected)")).isEqualTo("false");
        assertThat(controller.peers()).as("the leader registered nobody else").noneMatch(p -> p.type().isDisplay());
    }

    @Test
    void aPairingEndpointThatDoesNotKnowTheTokenCannotPairTheBrowserToItsRoom() throws Exception {
        // A rogue answers the QR code's pairing requests (e.g. it raced the real controller to the address): it has
        // no token, so it cannot MAC its grant; the browser refuses the grant and keeps no trust list.
        LiveControl pagesNode = nodes.node(PeerType.controller(), "pages");
        int port = LoopbackNodes.leaderEndpoint(pagesNode).getPort();
        DeviceIdentity rogueKey = DeviceIdentity.ephemeral();
        String rogueList = TrustList.founding(rogueKey, "Rogue", java.time.Instant.now()).document();
        com.sun.net.httpserver.HttpServer rogue = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        rogue.createContext("/pair", http -> {
            String body = new String(http.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String answer = body.contains("pair-token-hello")
                    ? "{\"type\":\"pair-token-challenge\",\"exchange\":\"x\",\"nonce\":\"bm9uY2U=\"}"
                    : SeedJsonPeer.JSON.createObjectNode().put("type", "pair-token-grant").put("role", "display")
                            .put("name", "Lobby TV").put("controllerKey", Base64.getEncoder().encodeToString(
                                    rogueKey.publicKey())).put("trustList", rogueList)
                            .put("mac", Base64.getEncoder().encodeToString(new byte[32])).toString();
            byte[] bytes = answer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            http.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            http.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
            http.sendResponseHeaders("OPTIONS".equals(http.getRequestMethod()) ? 204 : 200,
                    "OPTIONS".equals(http.getRequestMethod()) ? -1 : bytes.length);
            if (!"OPTIONS".equals(http.getRequestMethod())) {
                http.getResponseBody().write(bytes);
            }
            http.close();
        });
        rogue.start();
        nodes.closeLater(() -> rogue.stop(0));
        open("tv", "http://127.0.0.1:" + port + "/pair#token=AAAAAAAAAAAAAAAAAAAAAA&endpoint=127.0.0.1:"
                + rogue.getAddress().getPort() + "&role=display&session=" + session);
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(text("tv", "document.body.dataset.state")));
        assertThat(text("tv", "document.body.dataset.code")).isEqualTo("grant-unverified");
        assertThat(text("tv", "localStorage.getItem('livecontrol.trustList')")).isNull();
    }

    @Test
    void aChromiumRemotePairedAsAControllerDrivesAPairedJavaDisplay() throws Exception {
        // The booth only pairs (as `livecontrol pair` does); a paired Java display leads; the browser remote pairs
        // from the QR URL as a controller and brings the newer trust list to the leader with its registration.
        Path booth = state.resolve("booth");
        DeviceIdentity boothKey = foundRoom(booth);
        Path stageDir = state.resolve("stage");
        DeviceIdentity stageKey = DeviceIdentity.loadOrCreate(stageDir);
        Window forStage = pairingWindow(booth, boothKey, "display", "Stage");
        var result = new org.mobileworship.livecontrol.security.pairing.PairingClient(Duration.ofSeconds(10)).pair(
                java.net.URI.create("http://127.0.0.1:" + forStage.endpoint().address().getPort() + "/pair"),
                new org.mobileworship.livecontrol.security.pairing.Joiner(forStage.window().code(), stageKey));
        TrustStore.load(stageDir, stageKey, true, Clock.systemUTC()).adoptFromPairing(result.trustList(),
                result.granted().controllerPublicKey());
        LiveControl stage = nodes.node(PeerType.display(org.mobileworship.livecontrol.api.DisplayClass.STAGE), "Stage",
                "livecontrol.state-dir", stageDir.toString(), "livecontrol.security", "paired");
        int port = LoopbackNodes.leaderEndpoint(stage).getPort();

        Window forRemote = pairingWindow(booth, boothKey, "controller", "Phone remote");
        open("remote", forRemote.url(port, forRemote.window().token(), session));
        await().atMost(Duration.ofSeconds(20)).until(() -> "/control".equals(text("remote", "location.pathname")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(text("remote", "document.body.dataset.openDisplays")));
        browser.click("remote", "#next");
        await().atMost(Duration.ofSeconds(10)).until(() -> stage.liveState().slideIndex() == 1);
        browser.click("remote", "#black-on");
        await().atMost(Duration.ofSeconds(10)).until(() -> stage.liveState().black());
        assertThat(stage.connectedPeers()).anySatisfy(p -> {
            assertThat(p.type().isController()).isTrue();
            assertThat(p.id().value()).startsWith("k-");
            assertThat(forRemote.store().pairedRole(p.id().value())).contains("controller");
        });
    }
}
