package org.mobileworship.livecontrol.transport.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.transport.webrtc.internal.SdpIdentity;
import org.mobileworship.livecontrol.transport.webrtc.internal.WebRtcTransport;

/**
 * A malicious signaling server that swaps the DTLS fingerprint in the SDP (security threat T7 in
 * docs/security.md), against real libwebrtc: between devices with keys the swap is detected and the connection
 * fails with the named error {@code fingerprint-unverified}.
 */
class FingerprintSignatureTest {
    private static final Map<String, String> CONFIG = Map.of("livecontrol.webrtc.ice-timeout", "4s");

    private final DeviceIdentity controllerKey = DeviceIdentity.ephemeral();
    private final DeviceIdentity displayKey = DeviceIdentity.ephemeral();
    private TestNodes.Node controllerNode;
    private TestNodes.Node displayNode;
    private WebRtcTransport controller;
    private WebRtcTransport display;
    private final BlockingQueue<Link> incoming = new LinkedBlockingQueue<>();
    private final AtomicReference<String> offerSeen = new AtomicReference<>();

    /** Wires the pair through a "leader" that may rewrite offers and answers. */
    private void start(UnaryOperator<String> offers, UnaryOperator<String> answers) {
        controllerNode = new TestNodes.Node(controllerKey.peerId(), PeerType.controller(), CONFIG, controllerKey);
        displayNode = new TestNodes.Node(displayKey.peerId(), PeerType.display(DisplayClass.STAGE), CONFIG, displayKey);
        controller = (WebRtcTransport) new WebRtcTransportProvider().create(controllerNode);
        display = (WebRtcTransport) new WebRtcTransportProvider().create(displayNode);
        controllerNode.wire = (to, s) -> {
            if (s instanceof Signal.Offer o) {
                offerSeen.set(o.sdp());
                s = new Signal.Offer(offers.apply(o.sdp()));
            }
            display.onSignal(controllerNode.id, s);
        };
        displayNode.wire = (to, s) -> controller.onSignal(displayNode.id,
                s instanceof Signal.Answer a ? new Signal.Answer(answers.apply(a.sdp())) : s);
        controller.start(l -> { });
        display.start(incoming::add);
    }

    @AfterEach
    void tearDown() {
        if (controller != null) {
            controller.close();
            display.close();
            controllerNode.close();
            displayNode.close();
        }
    }

    /** The leader puts its own certificate's fingerprint in: here, one byte of it changed. */
    private static String swapFingerprint(String sdp) {
        return sdp.replaceAll("(a=fingerprint:sha-256 )([0-9A-F]{2})", "$1" + "00").equals(sdp)
                ? sdp.replaceAll("(a=fingerprint:sha-256 )([0-9A-F]{2})", "$1" + "FF")
                : sdp.replaceAll("(a=fingerprint:sha-256 )([0-9A-F]{2})", "$1" + "00");
    }

    private static String stripSignature(String sdp) {
        return sdp.replaceAll("a=x-livecontrol-identity:[^\r\n]*\r?\n", "");
    }

    @Test
    void keyedDevicesSignTheirFingerprintAndConnect() throws Exception {
        start(UnaryOperator.identity(), UnaryOperator.identity());
        Link link = controller.connect(displayNode.id).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(incoming.poll(20, TimeUnit.SECONDS)).isNotNull();
        assertThat(link.isOpen()).isTrue();
        assertThat(offerSeen.get()).contains("a=fingerprint:").contains("a=x-livecontrol-identity:");
    }

    @Test
    void aSwappedFingerprintInTheAnswerFailsTheConnectWithTheNamedError() {
        start(UnaryOperator.identity(), FingerprintSignatureTest::swapFingerprint);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> controller.connect(displayNode.id).toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(TransportException.class);
        assertThat(e.getCause().getMessage()).startsWith(SdpIdentity.ERROR)
                .contains("does not match its DTLS fingerprint");
    }

    @Test
    void aSwappedFingerprintInTheOfferIsNeverAnswered() throws Exception {
        start(FingerprintSignatureTest::swapFingerprint, UnaryOperator.identity());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> controller.connect(displayNode.id).toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(TransportException.class);
        assertThat(incoming).as("the display opened nothing").isEmpty();
    }

    @Test
    void aLeaderThatDropsTheSignatureIsRefusedToo() {
        start(UnaryOperator.identity(), FingerprintSignatureTest::stripSignature);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> controller.connect(displayNode.id).toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertThat(e.getCause().getMessage()).startsWith(SdpIdentity.ERROR).contains("carries no signature");
    }
}
