package org.mobileworship.livecontrol.transport.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerType;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.plugin.support.CallerThreadSends;
import org.mobileworship.livecontrol.protocol.ProtocolLimits;
import org.mobileworship.livecontrol.transport.webrtc.internal.WebRtcTransport;

class WebRtcTransportTest {

    @Test
    void serviceLoaderFindsTheProviderAndItIsAvailableHere() {
        List<TransportProvider> found = new ArrayList<>();
        ServiceLoader.load(TransportProvider.class).forEach(found::add);
        assertThat(found).anySatisfy(p -> {
            assertThat(p).isInstanceOf(WebRtcTransportProvider.class);
            assertThat(p.name()).isEqualTo("webrtc");
            assertThat(p.priority()).isEqualTo(100);
        });
        WebRtcTransportProvider provider = new WebRtcTransportProvider();
        assertThat(provider.unavailabilityCause()).as("native library should load on this machine").isEmpty();
        assertThat(provider.isAvailable()).isTrue();
    }

    @Test
    void connectExchangeFramesBothWaysInOrderAndClose() throws Exception {
        try (TransportPair pair = new TransportPair()) {
            long t0 = System.nanoTime();
            Link[] links = pair.connect();
            System.out.printf("in-JVM connect (offer -> both sides open): %.1f ms%n", (System.nanoTime() - t0) / 1e6);
            Link c = links[0];
            Link d = links[1];
            assertThat(c.isOpen()).isTrue();
            assertThat(d.isOpen()).isTrue();
            assertThat(c.remote()).isEqualTo(pair.displayNode.id);
            assertThat(d.remote()).isEqualTo(pair.controllerNode.id);
            assertThat(c.transport()).isEqualTo("webrtc");
            assertThat(c.encoding()).isEqualTo(LinkEncoding.PROTOBUF);
            assertThat(d.encoding()).isEqualTo(LinkEncoding.PROTOBUF);

            TestNodes.Recorder atDisplay = TestNodes.Recorder.on(d);
            TestNodes.Recorder atController = TestNodes.Recorder.on(c);

            int[] sizes = {1, 2, 120, 1000, 4096, 8192, 16383, ProtocolLimits.MAX_DATA_FRAME_BYTES};
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] f = new byte[sizes[i % sizes.length]];
                f[0] = (byte) i;
                f[f.length - 1] = (byte) (i * 7);
                sent.add(f);
                c.send(f);
                d.send(f);
            }
            for (TestNodes.Recorder r : List.of(atDisplay, atController)) {
                for (int i = 0; i < sent.size(); i++) {
                    byte[] got = r.frames.poll(10, TimeUnit.SECONDS);
                    assertThat(got).as("frame %d", i).isEqualTo(sent.get(i));
                }
            }

            assertThatThrownBy(() -> c.send(new byte[ProtocolLimits.MAX_DATA_FRAME_BYTES + 1]))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("16385 bytes").hasMessageContaining("16384");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(c.stats().candidatePairType()).isEqualTo("host/host");
            });
            assertThat(c.stats().framesSent()).isEqualTo(200);
            assertThat(c.stats().framesReceived()).isEqualTo(200);
            assertThat(d.stats().bytesReceived()).isEqualTo(sent.stream().mapToLong(f -> f.length).sum());

            c.close();
            assertThat(c.isOpen()).isFalse();
            assertThat(atController.closed.get(10, TimeUnit.SECONDS)).contains("closed locally");
            String remoteReason = atDisplay.closed.get(10, TimeUnit.SECONDS);
            System.out.println("display saw: " + remoteReason);
            assertThat(remoteReason).contains(pair.controllerNode.id.toString());
            assertThat(d.isOpen()).isFalse();
            assertThatThrownBy(() -> c.send(new byte[1])).isInstanceOf(TransportException.class)
                    .hasMessageContaining("closed");
            c.close(); // idempotent
            // the connection itself is kept for the next link to this peer (PeerSession.IDLE_LIFETIME)
            await().untilAsserted(() -> {
                assertThat(pair.controller.sessionCount()).isEqualTo(1);
                assertThat(pair.display.sessionCount()).isEqualTo(1);
            });
            assertThat(atController.closedCalls).isEqualTo(1);
            assertThat(atDisplay.closedCalls).isEqualTo(1);
        }
    }

    /**
     * Inside an application call the runtime runs on the caller's thread ({@link CallerThreadSends}), a frame
     * is not sent during the call (the runtime's state is still held) but from the caller's thread right after
     * it, before {@code run} returns — no sender thread involved; outside such a call it is queued as before.
     * Order holds across both ways.
     */
    @Test
    void aFrameSentInsideACallersScopeLeavesFromTheCallersThreadAfterTheCall() throws Exception {
        try (TransportPair pair = new TransportPair()) {
            Link[] links = pair.connect();
            Link c = links[0];
            TestNodes.Recorder atDisplay = TestNodes.Recorder.on(links[1]);
            for (int i = 0; i < 50; i++) {
                byte[] frame = {(byte) i};
                if (i % 2 == 0) {
                    // the odd frame before this one went to the sender thread: let it finish, or its count could
                    // land while the call runs (a race this test once lost under CI load, 2 for 1)
                    int sentSoFar = i;
                    await().until(() -> c.stats().framesSent() == sentSoFar);
                    long before = c.stats().framesSent();
                    long[] duringCall = new long[1];
                    CallerThreadSends.run(() -> {
                        c.send(frame);
                        duringCall[0] = c.stats().framesSent();
                    });
                    assertThat(duringCall[0]).as("frames sent while the call ran").isEqualTo(before);
                    // sent by this thread unless a queued frame was still in flight (then it queues behind it)
                    if (i == 0) {
                        assertThat(c.stats().framesSent()).as("sent from this thread on return").isEqualTo(1);
                    }
                } else {
                    c.send(frame);
                }
            }
            for (int i = 0; i < 50; i++) {
                assertThat(atDisplay.frames.poll(10, TimeUnit.SECONDS)).as("frame %d", i).containsExactly((byte) i);
            }
            await().untilAsserted(() -> assertThat(c.stats().framesSent()).isEqualTo(50));
        }
    }

    /**
     * A link that ends while its peer connection is still up (closed by either side) is followed by a new data
     * channel on the same connection, not a new peer connection: webrtc-java 0.14 never frees a closed one.
     */
    @Test
    void aReconnectAfterALinkEndedReusesTheConnection() throws Exception {
        try (TransportPair pair = new TransportPair()) {
            for (int i = 0; i < 3; i++) {
                Link[] links = pair.connect();
                TestNodes.Recorder atDisplay = TestNodes.Recorder.on(links[1]);
                TestNodes.Recorder atController = TestNodes.Recorder.on(links[0]);
                links[0].send(new byte[] {(byte) i});
                assertThat(atDisplay.frames.poll(10, TimeUnit.SECONDS)).containsExactly((byte) i);
                links[1].send(new byte[] {(byte) (10 + i)});
                assertThat(atController.frames.poll(10, TimeUnit.SECONDS)).containsExactly((byte) (10 + i));
                links[i % 2].close(); // ended by the controller, then by the display
                atController.closed.get(10, TimeUnit.SECONDS);
                atDisplay.closed.get(10, TimeUnit.SECONDS);
                assertThat(links[0].isOpen()).isFalse();
                assertThat(links[1].isOpen()).isFalse();
            }
            assertThat(pair.controller.peerConnectionsCreated()).as("controller peer connections").isEqualTo(1);
            assertThat(pair.display.peerConnectionsCreated()).as("display peer connections").isEqualTo(1);
        }
    }

    /**
     * A kept connection whose peer restarted (a new process with the same id) cannot carry the next link: the
     * new channel does not open, and the same connect() opens a fresh connection instead of failing.
     */
    @Test
    void aKeptConnectionToARestartedPeerIsReplacedWithinTheSameConnect() throws Exception {
        try (TransportPair pair = new TransportPair()) {
            Link[] links = pair.connect();
            TestNodes.Recorder atController = TestNodes.Recorder.on(links[0]);
            links[1].close();
            atController.closed.get(10, TimeUnit.SECONDS);
            // the display restarts: its transport (and connection) goes; a new one answers under the same id
            pair.display.close();
            TestNodes.Node restartedNode = new TestNodes.Node(pair.displayNode.id,
                    PeerType.display(DisplayClass.AUDIENCE), Map.of());
            WebRtcTransport restarted = (WebRtcTransport) new WebRtcTransportProvider().create(restartedNode);
            BlockingQueue<Link> incoming = new LinkedBlockingQueue<>();
            try {
                restarted.start(incoming::add);
                restartedNode.wire = (to, sig) -> pair.controller.onSignal(restartedNode.id, sig);
                pair.controllerNode.wire = (to, sig) -> restarted.onSignal(pair.controllerNode.id, sig);
                Link c = pair.controller.connect(pair.displayNode.id).toCompletableFuture().get(20, TimeUnit.SECONDS);
                Link d = incoming.poll(20, TimeUnit.SECONDS);
                assertThat(d).isNotNull();
                TestNodes.Recorder atDisplay = TestNodes.Recorder.on(d);
                c.send(new byte[] {42});
                assertThat(atDisplay.frames.poll(10, TimeUnit.SECONDS)).containsExactly((byte) 42);
                assertThat(pair.controller.peerConnectionsCreated()).isEqualTo(2);
            } finally {
                restarted.close();
                restartedNode.close();
            }
        }
    }

    @Test
    void framesArrivingBeforeSetListenerAreBuffered() throws Exception {
        try (TransportPair pair = new TransportPair()) {
            Link[] links = pair.connect();
            for (int i = 0; i < 10; i++) {
                links[0].send(new byte[] {(byte) i});
            }
            await().until(() -> links[1].stats().framesReceived() == 10);
            TestNodes.Recorder r = TestNodes.Recorder.on(links[1]);
            for (int i = 0; i < 10; i++) {
                assertThat(r.frames.poll(5, TimeUnit.SECONDS)).containsExactly((byte) i);
            }
        }
    }

    @Test
    void connectToAPeerThatNeverAnswersFailsWithTheIceTimeoutAndFreesEverything() throws Exception {
        try (TransportPair pair = new TransportPair(Map.of("livecontrol.webrtc.ice-timeout", "400ms"))) {
            pair.controllerNode.wire = (to, s) -> { }; // the display never hears the offer
            CompletableFuture<Link> f = pair.controller.connect(pair.displayNode.id).toCompletableFuture();
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TransportException.class)
                    .hasMessage("ICE timeout after 400ms connecting to " + pair.displayNode.id
                            + "; the runtime will fall back to the relay transport");
            assertThat(pair.controller.sessionCount()).isZero();
        }
    }

    @Test
    void aNewOfferFromARestartedPeerReplacesTheOldConnection() throws Exception {
        try (TransportPair pair = new TransportPair()) {
            Link[] first = pair.connect();
            TestNodes.Recorder oldAtDisplay = TestNodes.Recorder.on(first[1]);
            // the controller "restarts": a fresh transport with the same id, the old one silently gone
            TestNodes.Node restarted = new TestNodes.Node(pair.controllerNode.id,
                    pair.controllerNode.type, Map.of());
            WebRtcTransport second = (WebRtcTransport) new WebRtcTransportProvider().create(restarted);
            try {
                restarted.wire = (to, s) -> pair.display.onSignal(restarted.id, s);
                pair.displayNode.wire = (to, s) -> second.onSignal(pair.displayNode.id, s);
                second.start(l -> { });
                Link c2 = second.connect(pair.displayNode.id).toCompletableFuture().get(20, TimeUnit.SECONDS);
                Link d2 = pair.incoming.poll(20, TimeUnit.SECONDS);
                assertThat(d2).isNotNull().isNotSameAs(first[1]);
                assertThat(oldAtDisplay.closed.get(10, TimeUnit.SECONDS)).contains("new offer");
                TestNodes.Recorder r = TestNodes.Recorder.on(d2);
                c2.send(new byte[] {42});
                assertThat(r.frames.poll(10, TimeUnit.SECONDS)).containsExactly((byte) 42);
            } finally {
                second.close();
                restarted.close();
            }
        }
    }

    /**
     * The SPI rule "a frame a transport cannot use never harms another transport's link": a custom transport
     * of the same peer that (wrongly or not) signals through the shared kinds, or through its own transport
     * signal, must leave the healthy WebRTC link exactly as it was. Before the fix, such an offer made the
     * display close its healthy session first and only then refuse the SDP.
     */
    @Test
    void offersAndSignalsOfAnotherTransportLeaveAHealthyLinkUntouched() throws Exception {
        try (TransportPair pair = new TransportPair()) {
            Link[] links = pair.connect();
            TestNodes.Recorder atDisplay = TestNodes.Recorder.on(links[1]);
            TestNodes.Recorder atController = TestNodes.Recorder.on(links[0]);
            List<Signal> foreign = List.of(
                    new Signal.Offer("udp-loopback hello 127.0.0.1:40123"),          // another transport's handshake
                    new Signal.Offer("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"),                   // SDP, but no data channel
                    new Signal.Offer(""),
                    new Signal.Answer("udp-loopback ack"),
                    new Signal.IceCandidate("udp-loopback 127.0.0.1:40123", "x", 7),
                    new Signal.Relay(new byte[] {1, 2, 3}),
                    new Signal.TransportSignal("udp-loopback", new byte[] {9, 9, 9}));
            for (Signal s : foreign) {
                pair.display.onSignal(pair.controllerNode.id, s);
                pair.controller.onSignal(pair.displayNode.id, s);
            }
            // sessionCount() runs on the control thread, after every queued signal was handled
            assertThat(pair.display.sessionCount()).isEqualTo(1);
            assertThat(pair.controller.sessionCount()).isEqualTo(1);
            assertThat(pair.incoming).as("no new incoming link from a foreign offer").isEmpty();
            for (int i = 0; i < 20; i++) {
                links[0].send(new byte[] {(byte) i});
                links[1].send(new byte[] {(byte) (50 + i)});
            }
            for (int i = 0; i < 20; i++) {
                assertThat(atDisplay.frames.poll(10, TimeUnit.SECONDS)).containsExactly((byte) i);
                assertThat(atController.frames.poll(10, TimeUnit.SECONDS)).containsExactly((byte) (50 + i));
            }
            assertThat(links[0].isOpen()).isTrue();
            assertThat(links[1].isOpen()).isTrue();
            assertThat(atDisplay.closed).isNotDone();
            assertThat(atController.closed).isNotDone();
        }
    }

    /**
     * "Validate before replacing" beyond the structural check: an offer that looks like a restarted peer's
     * (a new SDP session id, every required line present) but that libwebrtc refuses must cost nothing — the
     * peer's working session keeps serving until a new offer is actually accepted.
     */
    @Test
    void anOfferLibwebrtcRefusesNeverReplacesTheWorkingSession() throws Exception {
        try (TransportPair pair = new TransportPair()) {
            List<String> offers = new java.util.concurrent.CopyOnWriteArrayList<>();
            TestNodes.Node c = pair.controllerNode;
            c.wire = (to, s) -> {
                if (s instanceof Signal.Offer o) {
                    offers.add(o.sdp());
                }
                pair.display.onSignal(c.id, s);
            };
            Link[] links = pair.connect();
            TestNodes.Recorder atDisplay = TestNodes.Recorder.on(links[1]);
            TestNodes.Recorder atController = TestNodes.Recorder.on(links[0]);
            assertThat(offers).hasSize(1);
            String restarted = offers.get(0)
                    .replaceFirst("(?m)^o=(\\S+) (\\d+) ", "o=$1 4242424242 ")            // a "restarted" peer
                    .replaceAll("(?m)^a=fingerprint:(\\S+) .*$", "a=fingerprint:$1 ZZ:not:a:digest"); // unusable
            assertThat(restarted).isNotEqualTo(offers.get(0));

            pair.display.onSignal(c.id, new Signal.Offer(restarted));
            await().atMost(Duration.ofSeconds(10)).until(() -> pair.display.pendingReplacementCount() == 0);

            assertThat(pair.display.sessionCount()).isEqualTo(1);
            assertThat(pair.incoming).isEmpty();
            for (int i = 0; i < 10; i++) {
                links[0].send(new byte[] {(byte) i});
                links[1].send(new byte[] {(byte) (i + 20)});
            }
            for (int i = 0; i < 10; i++) {
                assertThat(atDisplay.frames.poll(10, TimeUnit.SECONDS)).containsExactly((byte) i);
                assertThat(atController.frames.poll(10, TimeUnit.SECONDS)).containsExactly((byte) (i + 20));
            }
            assertThat(links[1].isOpen()).isTrue();
            assertThat(atDisplay.closed).isNotDone();
        }
    }

    @Test
    void signalingChangesLeaveOpenLinksAloneAndNetworkChangeRestartsIce() throws Exception {
        try (TransportPair pair = new TransportPair()) {
            Link[] links = pair.connect();
            TestNodes.Recorder r = TestNodes.Recorder.on(links[1]);
            pair.controller.signalingChanged(false);
            pair.display.signalingChanged(false);
            pair.controller.signalingChanged(true);
            links[0].send(new byte[] {1});
            assertThat(r.frames.poll(10, TimeUnit.SECONDS)).containsExactly((byte) 1);

            List<Signal> seenByDisplay = new java.util.concurrent.CopyOnWriteArrayList<>();
            pair.controllerNode.wire = (to, s) -> {
                seenByDisplay.add(s);
                pair.display.onSignal(pair.controllerNode.id, s);
            };
            List<Signal> seenByController = new java.util.concurrent.CopyOnWriteArrayList<>();
            pair.displayNode.wire = (to, s) -> {
                seenByController.add(s);
                pair.controller.onSignal(pair.displayNode.id, s);
            };
            pair.controller.networkChanged();
            await().atMost(Duration.ofSeconds(10)).until(() -> seenByDisplay.stream().anyMatch(s -> s instanceof Signal.Offer));
            // the display answered the restart offer on the same connection (no new incoming link)
            await().atMost(Duration.ofSeconds(10)).until(() -> seenByController.stream().anyMatch(s -> s instanceof Signal.Answer));
            assertThat(pair.incoming).isEmpty();
            // the restart renegotiates the same connection: the link stays open and keeps carrying frames
            for (int i = 0; i < 20; i++) {
                links[0].send(new byte[] {(byte) (100 + i)});
            }
            for (int i = 0; i < 20; i++) {
                assertThat(r.frames.poll(10, TimeUnit.SECONDS)).containsExactly((byte) (100 + i));
            }
            assertThat(links[0].isOpen()).isTrue();
            assertThat(links[1].isOpen()).isTrue();
            assertThat(r.closed).isNotDone();
        }
    }

    @Test
    void malformedSignalsAreRefusedWithoutHarm() throws Exception {
        try (TransportPair pair = new TransportPair()) {
            pair.display.onSignal(pair.controllerNode.id, new Signal.Offer("this is not SDP"));
            pair.display.onSignal(pair.controllerNode.id, new Signal.Answer("nor this"));
            pair.display.onSignal(pair.controllerNode.id, new Signal.IceCandidate("garbage", "0", 0));
            pair.display.onSignal(pair.controllerNode.id, new Signal.Relay(new byte[3]));
            await().until(() -> pair.display.sessionCount() == 0);
            // still works afterwards
            Link[] links = pair.connect();
            assertThat(links[0].isOpen()).isTrue();
            // garbage candidate on a live connection is refused, the link stays up
            pair.controller.onSignal(pair.displayNode.id, new Signal.IceCandidate("candidate:garbage", "0", 0));
            pair.controller.onSignal(pair.displayNode.id, new Signal.Answer("late duplicate answer"));
            TestNodes.Recorder r = TestNodes.Recorder.on(links[1]);
            links[0].send(new byte[] {7});
            assertThat(r.frames.poll(10, TimeUnit.SECONDS)).containsExactly((byte) 7);
        }
    }

    @Test
    void connectAfterCloseAndToSelfFailsWithASpecificError() {
        TransportPair pair = new TransportPair();
        assertThatThrownBy(() -> pair.controller.connect(pair.controllerNode.id).toCompletableFuture().get())
                .cause().isInstanceOf(TransportException.class).hasMessageContaining("itself");
        pair.close();
        assertThatThrownBy(() -> pair.controller.connect(pair.displayNode.id).toCompletableFuture().get())
                .cause().isInstanceOf(TransportException.class).hasMessageContaining("closed");
    }
}
